/** The engine's input and output. Pure data: the engine does no I/O and reads no clock. */
import type { Json } from '../fhir/json.js';
import type { HookName } from '../contract/types.js';

/** The patient's record as the data layer assembled it (prefetch or FHIR), by resource type. */
export interface PatientData {
  patient?: Json;
  observations: Json[];
  conditions: Json[];
  familyHistory: Json[];
  medicationRequests: Json[];
  medicationStatements: Json[];
  medications: Json[];
}

export type RuleId = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7';
export type DecisionId = 'D0' | 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8';
export type DecisionCode =
  | 'ifn-low-response'
  | 'ifn-window'
  | 'biopsy-recommended'
  | 'treat-per-biopsy'
  | 'biopsy-below-g2'
  | 'ifn-deferred'
  | 'ifn-after-flare'
  | 'data-needed'
  | 'ifn-contraindicated';

export const DECISION_CODE: Record<DecisionId, DecisionCode> = {
  D0: 'ifn-low-response',
  D1: 'ifn-window',
  D2: 'biopsy-recommended',
  D3: 'treat-per-biopsy',
  D4: 'biopsy-below-g2',
  D5: 'ifn-deferred',
  D6: 'ifn-after-flare',
  D7: 'data-needed',
  D8: 'ifn-contraindicated',
};

/** Three-valued: missing data is 'unknown', never assumed normal. */
export type Tri = 'yes' | 'no' | 'unknown';

/** One result the decision used, as a reviewer sees it. */
export interface Evidence {
  /** What it is, machine-readable (rendered per locale). */
  kind:
    | 'alt'
    | 'hbv-dna'
    | 'hbeag'
    | 'hbsag'
    | 'histology'
    | 'tbil'
    | 'platelets'
    | 'neutrophils'
    | 'pregnancy-status'
    | 'condition'
    | 'family-history'
    | 'medication'
    | 'birth-date';
  /** The value as read, normalised (e.g. "168 U/L (4.2×ULN)", "3.1×10⁵ IU/mL", "Scheuer G2"). */
  value: string;
  /** ISO date of the result (YYYY-MM-DD). */
  date?: string;
  /** `ResourceType/id` of the source resource. */
  source: string;
  rules: RuleId[];
}

export type UlnOrigin = 'lab' | 'default';
export type AltBand = 'normal' | 'mild' | 'window' | 'severe';

export interface AltReading {
  source: string;
  time: number;
  /** U/L */
  value: number;
  /** U/L */
  uln: number;
  ulnOrigin: UlnOrigin;
  multiple: number;
  band: AltBand;
}

export interface DnaReading {
  source: string;
  time: number;
  /** IU/mL; for a below-detection result, the detection limit if one was given. */
  iu?: number;
  belowDetection: boolean;
  /** The result as written, for display. */
  asWritten: string;
}

export interface AntigenReading {
  source: string;
  time: number;
  positive: boolean;
  asWritten: string;
}

export type HistologyScale = 'scheuer' | 'metavir' | 'knodell' | 'ishak' | 'hai';

export interface HistologyReading {
  source: string;
  time: number;
  scale: HistologyScale;
  grade: number;
  atLeastG2: boolean;
  asWritten: string;
}

export interface TbilReading {
  source: string;
  time: number;
  umolL: number;
  ulnUmolL: number;
  ulnOrigin: UlnOrigin;
}

export interface CountReading {
  source: string;
  time: number;
  /** 10⁹/L */
  value: number;
}

export type ContraindicationKind = 'decompensation' | 'pregnancy' | 'neutropenia' | 'thrombocytopenia';

export interface Contraindication {
  kind: ContraindicationKind;
  evidence: Evidence;
}

export type TriggerKind = 'age' | 'family-history' | 'hbeag-negative-dna' | 'imaging';

export interface BiopsyTrigger {
  kind: TriggerKind;
  fired: Tri;
  evidence: Evidence[];
}

export type PredictorKind = 'alt-2x' | 'dna-low' | 'histology-g2';

export interface Predictor {
  kind: PredictorKind;
  met: Tri;
  evidence: Evidence[];
}

export type TbilState = 'elevated' | 'not-elevated' | 'unknown';
export type TbilReason = 'over-2x-uln' | 'over-absolute' | 'rise' | undefined;

/** §3 derived facts. */
export interface Facts {
  latestAlt?: AltReading;
  /** ALT results used (within the lookbacks), newest first. */
  altHistory: AltReading[];
  recurrentMild: boolean;
  flare: boolean;
  flarePeak?: AltReading;
  altFalling: boolean;
  tbil: { state: TbilState; reason?: TbilReason; latest?: TbilReading; previous?: TbilReading };
  latestDna?: DnaReading;
  dnaDetectable: Tri;
  latestHbeag?: AntigenReading;
  histology?: HistologyReading;
  age?: { min: number; max: number };
  triggers: BiopsyTrigger[];
  predictors: Predictor[];
  /** NA the patient is on, by name (§1: named in the detail). */
  onNa?: Evidence;
}

export type MissingInput = 'alt' | 'tbil';

/** Why each step of §4 did or did not apply, in order, up to the one that decided. */
export interface StepTrace {
  step: number;
  decision: DecisionId;
  applies: boolean;
}

export interface Decision {
  id: DecisionId;
  code: DecisionCode;
  /** Passage rules the decision rests on. */
  rules: RuleId[];
  facts: Facts;
  contraindications: Contraindication[];
  /** What is missing (D7) or would sharpen the decision (D1 with TBil unknown). */
  missing: MissingInput[];
  steps: StepTrace[];
  /** Results passed over and why (unknown unit, entered in error, …), for reviewers. */
  notes: string[];
}

/** The hook being answered: the wire's list (contract/schemas.ts HOOKS), not a copy. */
export type Hook = HookName;

/** The interferon order an order-select card speaks about. */
export interface InterferonOrder {
  /** `MedicationRequest/id` as in `context.selections`. */
  reference: string;
  medication: string;
}

/** What the engine concludes for one hook call. `undefined` decision ⇒ silence (`cards: []`). */
export interface Evaluation {
  hook: Hook;
  decision?: Decision;
  /** Why the engine stayed silent, for the log and tests. */
  silentBecause?: 'out-of-scope' | 'on-interferon' | 'no-interferon-selected' | 'renewal';
  order?: InterferonOrder;
  patientRef?: string;
}
