/**
 * CDS Hooks 2.0 wire types (https://cds-hooks.hl7.org/2.0/), derived from the JSON Schemas in schemas.ts
 * (json-schema-to-ts), so a field is written once: the schema that validates it is the type that carries it.
 * FHIR content inside the envelope is marked in the schemas (`$comment`) and typed as R4.
 * Optional fields are omitted, never null or empty (spec §JSON, checklist [R3]).
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import type { FromSchema } from 'json-schema-to-ts';
import type {
  CARD_SCHEMA,
  DISCOVERY_SCHEMA,
  FEEDBACK_ITEM_SCHEMA,
  FHIR_AUTHORIZATION_SCHEMA,
  HOOK_REQUEST_SCHEMA,
  HOOKS,
  ORDER_SELECT_CONTEXT_SCHEMA,
  ORDER_SIGN_CONTEXT_SCHEMA,
  PATIENT_VIEW_CONTEXT_SCHEMA,
} from './schemas.js';

/** The schema without its cross-field rules (`dependencies`), which constrain values but add no shape. */
type Shape<S> = Omit<S, 'dependencies'>;

/** Reads the schema parts marked as FHIR content as R4 types. */
type Wire = {
  deserialize: [
    { pattern: { $comment: 'FhirResource' }; output: FhirResource },
    { pattern: { $comment: 'Bundle' }; output: Bundle },
    { pattern: { $comment: 'HookContext' }; output: HookContext },
  ];
};

export type HookName = (typeof HOOKS)[number];
export type FhirAuthorization = FromSchema<typeof FHIR_AUTHORIZATION_SCHEMA, Wire>;
export type PatientViewContext = FromSchema<typeof PATIENT_VIEW_CONTEXT_SCHEMA, Wire>;
export type OrderSelectContext = FromSchema<typeof ORDER_SELECT_CONTEXT_SCHEMA, Wire>;
export type OrderSignContext = FromSchema<typeof ORDER_SIGN_CONTEXT_SCHEMA, Wire>;
export type HookContext = PatientViewContext | OrderSelectContext | OrderSignContext;

/** A prefetch value as received: a resource/Bundle, null ("no data"), or an OperationOutcome ("error"). */
export type PrefetchValue = FhirResource | null;

/** A hook call; `context` is checked against its hook's schema once the service is known (validate.ts). */
export type HookRequest = FromSchema<Shape<typeof HOOK_REQUEST_SCHEMA>, Wire>;

export type Card = FromSchema<Shape<typeof CARD_SCHEMA>, Wire>;
export type Suggestion = NonNullable<Card['suggestions']>[number];
export type Action = NonNullable<Suggestion['actions']>[number];
export type Coding = NonNullable<Card['overrideReasons']>[number];
export type Link = NonNullable<Card['links']>[number];

export type DiscoveryDocument = FromSchema<typeof DISCOVERY_SCHEMA, Wire>;
export type ServiceDefinition = DiscoveryDocument['services'][number];

export type Feedback = FromSchema<typeof FEEDBACK_ITEM_SCHEMA, Wire>;
