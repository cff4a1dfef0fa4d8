/**
 * CDS Hooks 2.0 wire types (https://cds-hooks.hl7.org/2.0/), the part a service sends and receives.
 * Optional fields are omitted, never null or empty (spec §JSON, checklist [R3]).
 */
import type { Bundle, FhirResource } from 'fhir/r4';

export type HookName = 'patient-view' | 'order-select';

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface FhirAuthorization {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  subject: string;
  patient?: string;
}

export interface PatientViewContext {
  userId: string;
  patientId: string;
  encounterId?: string;
}

export interface OrderSelectContext extends PatientViewContext {
  selections: string[];
  draftOrders: Bundle;
}

export type HookContext = PatientViewContext | OrderSelectContext;

/** A prefetch value as received: a resource/Bundle, null ("no data"), or an OperationOutcome ("error"). */
export type PrefetchValue = FhirResource | null;

export interface HookRequest {
  hook: HookName;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: FhirAuthorization;
  context: HookContext;
  prefetch?: Record<string, PrefetchValue>;
  extension?: Record<string, unknown>;
}

export interface Action {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: FhirResource;
  resourceId?: string;
}

export interface Suggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions?: Action[];
}

export interface Link {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

export interface Card {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; icon?: string; topic?: Coding };
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: Coding[];
  links?: Link[];
}

export interface CdsResponse {
  cards: Card[];
}

export interface ServiceDefinition {
  id: string;
  hook: HookName;
  title?: string;
  description: string;
  usageRequirements?: string;
  prefetch?: Record<string, string>;
}

export interface DiscoveryDocument {
  services: ServiceDefinition[];
}

export interface Feedback {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: Partial<Coding>; userComment?: string };
  outcomeTimestamp: string;
}
