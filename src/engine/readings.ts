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
  /** (v3) AllergyIntolerance resources (prefetch key `allergies`): interferon hypersensitivity (§2, D8). */
  allergies: Json[];
}

/** (v3) Administrative sex from `Patient.gender` (§2: ULN defaults, the pregnancy-test line). */
export type Sex = 'male' | 'female' | 'other' | 'unknown';


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

/** (v3) §2 AST: U/L, ULN chosen as ALT's (lab range by sex/age, else the site default by sex). */
export interface AstReading {
  source: string;
  time: number;
  /** U/L */
  value: number;
  /** U/L */
  uln: number;
  ulnOrigin: UlnOrigin;
  multiple: number;
}

/** (v3) §2 TSH in mIU/L with the range it is judged against. */
export interface TshReading {
  source: string;
  time: number;
  /** mIU/L */
  value: number;
  /** mIU/L */
  low: number;
  /** mIU/L */
  high: number;
  rangeOrigin: UlnOrigin;
  /** Below low, within, above high. */
  state: 'low' | 'normal' | 'high';
}

/** (v3) §2 HBsAg: qualitative result, with the quantity in IU/mL when one was given (qHBsAg, §3). */
export interface HbsagReading extends AntigenReading {
  /** IU/mL, when quantitative (converted from log forms). */
  iu?: number;
  /** The quantity carried a `<`/`<=` comparator: `iu` is an upper bound. */
  belowIu?: boolean;
}

/** (v3) §2 liver stiffness by transient elastography, kPa. */
export interface LsmReading {
  source: string;
  time: number;
  kPa: number;
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
  /** (v3) The Condition's clinicalStatus code as recorded ('active', 'remission', …); absent when none. */
  clinicalStatus?: string;
  /** (v3) Counted as a *history* row (§2.1): its clinical status is not active/recurrence/relapse/absent. */
  history?: boolean;
}

/** (v3) §2.1 condition lists, as named in `conditionLists` (site config); 'hbv' is §1's scope list (chb + 66071002). */
export const CONDITION_LIST_NAMES = [
  'hbv',
  'chb',
  'cirrhosis',
  'decompensation',
  'portal-hypertension',
  'pregnancy',
  'severe-psychiatric',
  'suicide-attempt',
  'epilepsy',
  'autoimmune',
  'heart-disease',
  'hcc',
  'transplant',
  'substance-abuse',
  'thyroid',
  'retinopathy',
  'psoriasis',
  'uncontrolled-diabetes-hypertension',
  'depression-history',
  'hiv',
  'imaging-lesion',
] as const;
export type ConditionListName = (typeof CONDITION_LIST_NAMES)[number];

/** (v3) An interferon hypersensitivity on record (AllergyIntolerance, §2). */
export interface AllergyFact {
  source: string;
  /** The substance as coded (or the record's text), shown quoted. */
  substance: CodedValue;
  /** onset or recorded date, YYYY-MM-DD. */
  date?: string;
  criticality?: string;
}

export interface FamilyHistoryFact {
  source: string;
  /** v3 RoleCode (MTH, FTH, …) when coded; the record's text otherwise. */
  relationship?: CodedValue;
  condition: CodedValue;
}

/**
 * Nucleos(t)ide analogues (§6). Entecavir and tenofovir DF are the ones a card may offer; (v3) lamivudine,
 * adefovir and telbivudine are recognised, never offered; a J05AR combination with tenofovir counts as tenofovir.
 */
export type NaDrug = 'entecavir' | 'tenofovir-df' | 'tenofovir-af' | 'lamivudine' | 'adefovir' | 'telbivudine';

/** §6 a coded interferon alfa. */
export type IfnSubstance = 'peginterferon-alfa-2a' | 'peginterferon-alfa-2b' | 'interferon-alfa-2a' | 'interferon-alfa-2b';

export interface MedicationFact {
  source: string;
  /** Which NA, when the code or text says so. */
  drug?: NaDrug;
  /** The record's name of the medication (shown quoted). */
  recordText?: string;
  /** Interferon alfa: which one, when coded (RxNorm ingredient or ATC); cards name it in their language. */
  substance?: IfnSubstance;
  /** (v3) MedicationRequest or MedicationStatement. */
  kind?: 'request' | 'statement';
  /** (v3) A documented start: MedicationStatement.effectivePeriod.start or effectiveDateTime (epoch ms). */
  start?: number;
  /** (v3) A tenofovir-containing antiretroviral combination (ATC J05AR…), counted as tenofovir. */
  combination?: boolean;
}

/** (v3) §3/§6 what the patient is on: active interferon alfa, active NAs, a vitamin K antagonist. */
export interface MedicationFacts {
  interferon: MedicationFact[];
  na: MedicationFact[];
  /** §3 NA start: the earliest documented MedicationStatement start among the active NAs; none ⇒ unknown. */
  naStart?: number;
  /** §3 coagulopathy: an active vitamin K antagonist (ATC B01AA…) makes the INR uninterpretable. */
  onVitaminKAntagonist: boolean;
  /** The vitamin K antagonist found, for the card ("on warfarin"). */
  vitaminKAntagonist?: MedicationFact;
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
  | 'pregnancy-status'
  | 'ast'
  | 'tsh'
  | 'anti-hbc-igm'
  | 'liver-stiffness';

/**
 * Why a result was passed over. (v3): `invalid-date` an impossible date (2026-02-30, hour 24, offset beyond
 * ±14:00), never shifted; `implausible-value` outside the site's plausible bounds (`plausible`), NaN, infinite
 * or negative; `no-unit` a number without a unit (a bare valueString "180", a quantity with no unit).
 */
export type PassReason =
  | 'no-date'
  | 'invalid-date'
  | 'after-evaluation-date'
  | 'unknown-unit'
  | 'no-unit'
  | 'no-value'
  | 'unreadable'
  | 'implausible-value'
  | 'entered-in-error'
  | 'too-old';

/** A result the engine did not use, and why (§7: listed briefly on the card). */
export interface PassedOver {
  source: string;
  input: InputKind;
  reason: PassReason;
  /** The unit as written on the record, for `unknown-unit` (shown quoted). */
  unit?: string;
  /** ISO date, when the result had one. */
  date?: string;
  /** Its instant (epoch ms; a date-only result at midnight in the site time zone), when it had a valid date. */
  time?: number;
  /**
   * (v3) The value as written on the record, for the card ("ALT of 2026-06-12 could not be read ('180': no
   * unit)"): `<20 IU/mL`, a valueString, or the impossible date text for `invalid-date`. Record text: escape it.
   */
  raw?: string;
}
