/**
 * What the readers (src/engine/readers/) produce from the record: one typed reading per usable result, and
 * each result passed over with its reason. Pure data, no display text. The decision types are in types.ts.
 */
import type { Json } from '../fhir/json.js';

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


/** Three-valued: missing data is 'unknown', never assumed normal. */
export type Tri = 'yes' | 'no' | 'unknown';

/** A coded value as found on the record: the code the rules name, plus the record's own text (shown quoted). */
export interface CodedValue {
  system: string;
  code: string;
  /** Text from the record (Condition.code.text, coding display), when there is one. */
  recordText?: string;
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
  /** The unit the lab reported, when it reported copies (the card shows the conversion factor). */
  reportedIn: 'iu' | 'copies' | 'log-iu' | 'log-copies' | 'presence' | 'text';
}

export interface AntigenReading {
  source: string;
  time: number;
  positive: boolean;
}

export type HistologyScale = 'scheuer' | 'metavir' | 'knodell' | 'ishak' | 'hai';

export interface HistologyReading {
  source: string;
  time: number;
  scale: HistologyScale;
  grade: number;
  atLeastG2: boolean;
}

export type FibrosisScale = 'scheuer' | 'metavir' | 'ishak';

export interface FibrosisReading {
  source: string;
  time: number;
  scale: FibrosisScale;
  stage: number;
  significant: boolean;
  cirrhosis: boolean;
  /** A dedicated fibrosis result, or the stage part of a combined text on the inflammation result. */
  from: 'fibrosis-result' | 'combined-text';
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

export interface InrReading {
  source: string;
  time: number;
  value: number;
}

export interface PtReading {
  source: string;
  time: number;
  /** seconds */
  seconds: number;
}

export interface ConditionFact {
  source: string;
  code: CodedValue;
  date?: string;
}

export interface FamilyHistoryFact {
  source: string;
  /** v3 RoleCode (MTH, FTH, …) when coded; the record's text otherwise. */
  relationship?: CodedValue;
  condition: CodedValue;
}

export type NaDrug = 'entecavir' | 'tenofovir-df' | 'tenofovir-af';

export interface MedicationFact {
  source: string;
  /** Which NA, when the code or text says so. */
  drug?: NaDrug;
  /** The record's name of the medication (shown quoted). */
  recordText?: string;
}

/** The input a passed-over result belonged to. */
export type InputKind =
  | 'alt'
  | 'hbv-dna'
  | 'hbeag'
  | 'hbsag'
  | 'histology'
  | 'fibrosis'
  | 'tbil'
  | 'inr'
  | 'pt'
  | 'platelets'
  | 'neutrophils'
  | 'pregnancy-status';

export type PassReason = 'no-date' | 'after-evaluation-date' | 'unknown-unit' | 'no-value' | 'unreadable' | 'entered-in-error' | 'too-old';

/** A result the engine did not use, and why (§7: listed briefly on the card). */
export interface PassedOver {
  source: string;
  input: InputKind;
  reason: PassReason;
  /** The unit as written on the record, for `unknown-unit` (shown quoted). */
  unit?: string;
  /** ISO date, when the result had one. */
  date?: string;
}
