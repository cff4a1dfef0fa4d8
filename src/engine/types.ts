/**
 * The engine's input and output. Pure data: the engine does no I/O, reads no clock and builds no display
 * text. A Decision carries structured facts only (values with units and dates, codes, states, rule ids,
 * the thresholds used); src/cards/ alone turns them into words, per locale.
 */
import type { HookName } from '../contract/types.js';
import type {
  AllergyFact,
  AltReading,
  AntigenReading,
  AstReading,
  ConditionFact,
  ConditionListName,
  CountReading,
  DnaReading,
  FamilyHistoryFact,
  FibrosisReading,
  HbsagReading,
  HistologyReading,
  IfnSubstance,
  InrReading,
  LsmReading,
  MedicationFact,
  NaDrug,
  PassedOver,
  PtReading,
  TbilReading,
  Tri,
  TshReading,
} from './readings.js';

export * from './readings.js';

export type RuleId = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7';
export type DecisionId = 'D0' | 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8' | 'D9' | 'D10' | 'D11' | 'D12' | 'D13';
export type DecisionCode =
  | 'ifn-low-response'
  | 'ifn-window'
  | 'biopsy-recommended'
  | 'treat-per-biopsy'
  | 'biopsy-below-g2'
  | 'ifn-deferred'
  | 'ifn-after-flare'
  | 'data-needed'
  | 'ifn-contraindicated'
  | 'antiviral-indicated'
  | 'on-treatment-safety'
  | 'na-breakthrough'
  | 'na-suppressed'
  | 'chronicity-unconfirmed';

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
  D9: 'antiviral-indicated',
  D10: 'on-treatment-safety',
  D11: 'na-breakthrough',
  D12: 'na-suppressed',
  D13: 'chronicity-unconfirmed',
};

/** §4 the step table: step number (card trace, /rules) → decision. Steps 3, 5 and 7 are all D7. */
export const STEP_DECISION = {
  1: 'D10',
  2: 'D8',
  3: 'D7',
  4: 'D5',
  5: 'D7',
  6: 'D13',
  7: 'D7',
  8: 'D11',
  9: 'D12',
  10: 'D6',
  11: 'D1',
  12: 'D9',
  13: 'D3',
  14: 'D4',
  15: 'D2',
  16: 'D0',
} as const satisfies Record<number, DecisionId>;
export type StepNumber = keyof typeof STEP_DECISION;

/**
 * D8 absolute contraindications (§2.1, §4 step 2), in §4's order (the card's `{first}` is the first of the list).
 * `portal-hypertension-likely`: cirrhosis on record and platelets below portalHypertensionPlateletsBelow (§3).
 */
export type ContraindicationKind =
  | 'decompensation'
  | 'portal-hypertension'
  | 'portal-hypertension-likely'
  | 'pregnancy'
  | 'neutropenia'
  | 'thrombocytopenia'
  | 'severe-psychiatric'
  | 'suicide-attempt'
  | 'epilepsy'
  | 'autoimmune'
  | 'heart-disease'
  | 'hcc'
  | 'transplant'
  | 'interferon-hypersensitivity'
  | 'substance-abuse';

export const CONTRAINDICATION_ORDER: readonly ContraindicationKind[] = [
  'decompensation',
  'portal-hypertension',
  'portal-hypertension-likely',
  'pregnancy',
  'neutropenia',
  'thrombocytopenia',
  'severe-psychiatric',
  'suicide-attempt',
  'epilepsy',
  'autoimmune',
  'heart-disease',
  'hcc',
  'transplant',
  'interferon-hypersensitivity',
  'substance-abuse',
];

export interface Contraindication {
  kind: ContraindicationKind;
  /** The Condition behind it (lists of §2.1); for portal-hypertension-likely, the cirrhosis on record. */
  condition?: ConditionFact;
  /** The histology stage of cirrhosis behind portal-hypertension-likely, when no cirrhosis Condition is. */
  stage?: FibrosisReading;
  pregnancyStatus?: { source: string; time: number };
  /** The count behind neutropenia, thrombocytopenia, portal-hypertension-likely. */
  count?: CountReading;
  allergy?: AllergyFact;
}

/**
 * Relative contraindications (§2.1 relative lists; §3 safety screen): named, warn, never decide. TBil
 * significantly elevated counts here outside D5 (§8 21).
 */
export type RelativeKind =
  | 'thyroid'
  | 'retinopathy'
  | 'psoriasis'
  | 'uncontrolled-diabetes-hypertension'
  | 'depression-history'
  | 'tsh-out-of-range'
  | 'tbil-elevated'
  | 'neutrophils-low'
  | 'platelets-low';

export interface RelativeContraindication {
  kind: RelativeKind;
  condition?: ConditionFact;
  tsh?: TshReading;
  tbil?: TbilReading;
  count?: CountReading;
}

/** P6 triggers. List-based ones (family history, imaging) read recorded / not-recorded: silence proves nothing. */
export type TriggerState = 'met' | 'not-met' | 'unknown' | 'recorded' | 'not-recorded';
export type TriggerKind = 'age' | 'family-history' | 'hbeag-negative-dna' | 'imaging';

export interface BiopsyTrigger {
  kind: TriggerKind;
  state: TriggerState;
  age?: { min: number; max: number; birthDate: string; source: string };
  family?: FamilyHistoryFact[];
  lesions?: ConditionFact[];
  hbeag?: AntigenReading;
  dna?: DnaReading;
}

export type PredictorKind = 'alt-2x' | 'dna-low' | 'histology-g2';

export interface Predictor {
  kind: PredictorKind;
  met: Tri;
}

export type TbilState = 'elevated' | 'not-elevated' | 'unknown';
export type TbilReason = 'over-uln-multiple' | 'over-absolute' | 'rise';

export interface TbilFacts {
  state: TbilState;
  /** Every criterion that holds (empty unless elevated). */
  reasons: TbilReason[];
  /** The TBil within the anchor of the latest ALT. */
  latest?: TbilReading;
  /** The TBil before it (within riseWithinDays). */
  previous?: TbilReading;
  /** The last TBil on record, however old (shown when TBil is unknown). */
  lastOnRecord?: TbilReading;
}

export interface FlareFacts {
  /** The highest ALT multiple within the flare lookback. */
  peak: AltReading;
  /** The ALT before the latest (§3), when there is one. */
  altBefore?: AltReading;
  /** latest multiple / peak multiple. */
  fractionOfPeak: number;
  /** §3 ALT falling: names D5's clause and D6's fall; never permits interferon (v3). */
  falling: boolean;
  risingAgain: boolean;
  /** 胆酶分离: ALT falling from the ALT before it while TBil is significantly elevated and rising. */
  dissociation: boolean;
}

export type DnaState = 'detectable' | 'below-detection' | 'unknown';

/** §3 (v3) how a fibrosis fact was established. */
export type FibrosisSource = 'histology' | 'condition' | 'lsm' | 'apri';

export interface FibrosisFacts {
  /** The latest histology fibrosis stage dated ≤ histologyMaxAgeMonths (significant fibrosis). */
  stage?: FibrosisReading;
  /** The latest histology stage of cirrhosis, any date (v3: never ages out). */
  cirrhosisStage?: FibrosisReading;
  /** Active cirrhosis Condition(s) (§2.1 cirrhosis list). */
  cirrhosisConditions: ConditionFact[];
  /** The latest liver stiffness dated ≤ lsmLookbackMonths. */
  lsm?: LsmReading;
  /** The latest AST dated ≤ screenLookbackDays (D2/D4's assessment adds an AST order when there is none). */
  ast?: AstReading;
  /** APRI and FIB-4 from AST, platelets, ALT each ≤90 days (two decimals); FIB-4 is shown, never used. */
  apri?: number;
  fib4?: number;
  /** The inputs of APRI / FIB-4, when computed. */
  noninvasiveInputs?: { ast: AstReading; platelets: CountReading; alt?: AltReading; age?: number };
  /** Cirrhosis on record: a Condition or a histology stage of cirrhosis. */
  cirrhosisOnRecord: boolean;
  /** Cirrhosis likely (non-invasive): LSM ≥ lsmCirrhosisKPa or APRI > apriCirrhosisAbove. */
  cirrhosisLikely: boolean;
  cirrhosisAnySource: boolean;
  /** What says cirrhosis (on record first). */
  cirrhosisBy: FibrosisSource[];
  /** Significant fibrosis: histology ≤36 months, LSM ≥ lsmSignificantKPa, APRI > apriSignificantAbove, or cirrhosis (any source). */
  significant: boolean;
  significantBy: FibrosisSource[];
  /** No histology stage (≤36 months), LSM or APRI: D4 offers a non-invasive assessment. */
  stageUnknown: boolean;
  /** Cirrhosis on record and latest platelets (≤90 days) below portalHypertensionPlateletsBelow. */
  portalHypertensionLikely: boolean;
}

/** §3 (v3) safety screen states. */
export type ScreenState = 'acceptable' | 'relative' | 'contraindicating' | 'unknown';

export interface SafetyScreen {
  tbil: { state: ScreenState; reading?: TbilReading };
  neutrophils: { state: ScreenState; reading?: CountReading };
  platelets: { state: ScreenState; reading?: CountReading };
  tsh: { state: ScreenState; reading?: TshReading };
  /** INR ≤7 days before now (required on D6 only); `relative` when > inrHigh. */
  inr: { state: ScreenState; reading?: InrReading };
  /** All of TBil, neutrophils, platelets, TSH known and acceptable, and no relative contraindication (§2.1). */
  clear: boolean;
  /** `clear` and an INR ≤7 days ≤ inrHigh (D6). */
  clearWithInr: boolean;
}

/** §3 (v3) HBeAg status with its date; trend +→−: a positive ≤12 months before the latest negative. */
export interface HbeagFacts {
  latest?: AntigenReading;
  seroconverted: boolean;
  /** The positive result that makes the trend. */
  previousPositive?: AntigenReading;
}

/** §3 (v3) chronicity. */
export type ChronicityState = 'established' | 'unconfirmed';
export interface ChronicityFacts {
  state: ChronicityState;
  /** What established it (first that holds). */
  establishedBy?: 'condition' | 'hbsag' | 'hbv-dna';
  condition?: ConditionFact;
  /** Positive HBsAg results on record, newest first (the card lists them with dates). */
  hbsagPositive: HbsagReading[];
  /** The earliest positive HBsAg. */
  firstPositiveHbsag?: HbsagReading;
  /** The earliest detectable HBV DNA. */
  firstDetectableDna?: DnaReading;
  /** The latest anti-HBc IgM. */
  igm?: AntigenReading;
  /** Anti-HBc IgM negative ≤ chronicityMonths before now and not before the earliest positive HBsAg. */
  acuteExcluded: boolean;
  igmPositive: boolean;
}

/** §3 (v3) on interferon / an NA. */
export interface TreatmentFacts {
  interferon: MedicationFact[];
  na: MedicationFact[];
  /** The NA the rules speak of (the first active one). */
  currentNa?: MedicationFact;
  /** Documented NA start (MedicationStatement effective start), never a request's authoredOn. */
  naStart?: number;
  /** NA start < naEarlyWeeks before now; unknown start ⇒ false. */
  naEarly: boolean;
  /** Whole weeks on the NA, when the start is known. */
  naWeeks?: number;
  onVitaminKAntagonist: boolean;
}

/** §3 (v3) on-treatment rules (interferon). */
export type OnTreatmentLevel = 'reduce' | 'suspend' | 'stop';
export type OnTreatmentRuleKind =
  | 'neutrophils'
  | 'platelets'
  | 'alt-severe'
  | 'tbil-elevated'
  | 'coagulopathy'
  | 'decompensation'
  | 'portal-hypertension'
  | 'pregnancy';

export interface OnTreatmentRule {
  kind: OnTreatmentRuleKind;
  level: OnTreatmentLevel;
  count?: CountReading;
  alt?: AltReading;
  tbil?: TbilReading;
  inr?: InrReading;
  condition?: ConditionFact;
  pregnancyStatus?: { source: string; time: number };
}

/** D10: the rules met, stop > suspend > reduce; `duplicate` when none is met but ≥2 interferon drafts are. */
export interface OnTreatment {
  level: OnTreatmentLevel | 'duplicate';
  /** Stop first, then suspend, then reduce. */
  rules: OnTreatmentRule[];
  /** ≥2 interferon drafts in this call. */
  duplicate: boolean;
  /** The active interferon(s). */
  drugs: MedicationFact[];
}

/** §3 all derived facts. */
export interface Facts {
  latestAlt?: AltReading;
  /** ALT results used (within the lookbacks), newest first. */
  altHistory: AltReading[];
  /** The last readable ALT on record, however old (D7 shows it, dated). */
  lastReadableAlt?: AltReading;
  /** §4 step 3: the newest ALT in the lookback could not be read (newer than any readable one). */
  unreadableAlt?: PassedOver;
  recurrentMild: boolean;
  /** When recurrentMild: the newest and the oldest mild result of the window, the two that make it recurrent. */
  recurrentMildSpan?: { newest: AltReading; oldest: AltReading };
  /** §3 (v3) steep rise: latest >steepRiseAboveUln and ≥steepRiseFactor × the one before (≤altLookbackDays before it). */
  steepRise: boolean;
  steepRiseFrom?: AltReading;
  flare?: FlareFacts;
  tbil: TbilFacts;
  /** The latest INR dated ≤7 days before now, and the coagulopathy it shows (never on a vitamin K antagonist). */
  inr: { latest?: InrReading; coagulopathy: boolean; lastOnRecord?: InrReading; notInterpretable: boolean };
  pt?: PtReading;
  /** `recent`: every HBV DNA dated ≤ hbvDnaLookbackMonths, newest first (D11's HBV DNA trend). */
  dna: { state: DnaState; latest?: DnaReading; recent?: DnaReading[] };
  /** Kept for v2 readers of the decision: the latest HBeAg (= hbeag.latest). */
  latestHbeag?: AntigenReading;
  hbeag: HbeagFacts;
  /** HBeAg negative with HBV DNA detectable but < hbeagNegativeDnaIU. */
  hbeagNegativeLowDna: boolean;
  /** Latest quantitative HBsAg ≤12 months. */
  qhbsag?: HbsagReading;
  histology?: HistologyReading;
  fibrosis: FibrosisFacts;
  safetyScreen: SafetyScreen;
  chronicity: ChronicityFacts;
  treatment: TreatmentFacts;
  /** Kept for v2 readers: the NA the patient is on (= treatment.currentNa). */
  onNa?: MedicationFact;
  /** HIV on record (§2.1). */
  hiv: ConditionFact[];
  /** Every §2.1 list with what was found. */
  conditionLists: Partial<Record<ConditionListName, ConditionFact[]>>;
  age?: { min: number; max: number };
  triggers: BiopsyTrigger[];
  predictors: Predictor[];
  /** HBV DNA (≤12 months) > hbeagNegativeDnaIU with ALT > ULN or recurrent mild ALT (WHO 2024, EASL 2017, China 2022). */
  otherGuidelinesWouldTreat: boolean;
}

/** Tests a card suggests ordering, in §5 order (MISSING_ORDER). */
export type MissingInput =
  | 'alt'
  | 'tbil'
  | 'inr'
  | 'full-blood-count'
  | 'tsh'
  | 'hbv-dna'
  | 'qhbsag'
  | 'anti-hbc-igm'
  | 'liver-stiffness'
  | 'ast'
  | 'liver-biopsy'
  | 'resistance-test';

export const MISSING_ORDER: readonly MissingInput[] = ['alt', 'tbil', 'inr', 'full-blood-count', 'tsh', 'hbv-dna', 'qhbsag', 'anti-hbc-igm', 'liver-stiffness', 'ast', 'liver-biopsy', 'resistance-test'];

/**
 * D5 (§4 step 4): each clause that fired, in the summary's order: dissociation, coagulopathy, bilirubin,
 * cirrhosis, ALT (rising again before not settling / falling still severe).
 */
export type D5Clause = 'dissociation' | 'coagulopathy' | 'bilirubin' | 'cirrhosis' | 'rising-again' | 'not-settling' | 'falling-still-severe';
export const D5_CLAUSE_ORDER: readonly D5Clause[] = ['dissociation', 'coagulopathy', 'bilirubin', 'cirrhosis', 'rising-again', 'not-settling', 'falling-still-severe'];

/** D5: the action its summary ends with (`{tail}`, §7). */
export type D5Tail = 'na-now' | 'na-now-admission' | 'adherence-resistance' | 'another-cause' | 'continue-na';

/** D9: each reason (§4 step 12). */
export type D9Reason = 'fibrosis' | 'settled-flare';

/**
 * Caveats (§4): what a card adds after its decision and carried lines, and what makes D1/D3/D6 a warning.
 * `screen-relative` covers every relative contraindication; `inr-unknown` is D6's missing INR.
 */
export type Caveat =
  | 'screen-incomplete'
  | 'screen-relative'
  | 'inr-unknown'
  | 'dna-unknown'
  | 'dna-below-detection'
  | 'hbeag-negative-low-dna'
  | 'steep-rise'
  | 'cirrhosis'
  | 'hbeag-seroconversion-may-follow'
  | 'other-guidelines-would-treat'
  | 'noninvasive-inflated-by-alt';

/** D7 (steps 3, 5, 7): what is missing. */
export type D7Reason = 'no-alt' | 'alt-unreadable' | 'tbil-after-flare' | 'na-dna-unknown';

/** D11 (§4 step 8). */
export type D11Variant = 'breakthrough' | 'incomplete-suppression' | 'early';
/** D12 (§4 step 9): why add-on / switch is not favourable. */
export type D12Obstacle = 'hbeag-positive' | 'hbeag-unknown' | 'qhbsag-high' | 'qhbsag-unknown' | 'cirrhosis' | 'screen-not-clear' | 'alt-above-uln' | 'flare';
/** D13 (§4 step 6). */
export type D13Variant = 'unconfirmed' | 'igm-positive';

/**
 * The NA line (§1, carried §4): on entecavir/lamivudine/telbivudine/adefovir with detectable HBV DNA ⇒ adherence,
 * resistance, switch to or add tenofovir; on tenofovir ⇒ adherence, resistance, specialist review; early ⇒ may still be
 * falling, recheck at week naEarlyWeeks; HBV DNA below detection ⇒ continue the NA; unknown ⇒ order HBV DNA.
 */
export type NaLineAdvice = 'switch-or-add-tenofovir' | 'specialist-review' | 'early-recheck' | 'continue' | 'order-dna';
export interface NaLine {
  drug?: NaDrug;
  medication: MedicationFact;
  advice: NaLineAdvice;
  dna?: DnaReading;
  naStart?: number;
}

/** Lines of later rules that ride on a winning card (§4 "Carried lines"), in the order D5, D13, NA, HIV. */
export type CarriedLine =
  | { kind: 'd5'; clauses: D5Clause[]; tail: D5Tail }
  | { kind: 'd13'; variant: D13Variant }
  | { kind: 'na'; line: NaLine }
  | { kind: 'hiv'; conditions: ConditionFact[] };
export type CarriedKind = CarriedLine['kind'];

/** §5 the NA a card names: offered as "instead", continued, or switched to. */
export interface NaPlan {
  /** The NA the card offers ("order … instead"); never one the patient takes; never entecavir with HIV. */
  offer?: NaDrug;
  /** Tests the "NA instead" suggestion also orders (§8 23). */
  offerTests: MissingInput[];
  /** The patient is on an NA: continue it (add-on/switch wording). */
  continueCurrent: boolean;
  /** Pregnant on entecavir: advise switching to tenofovir DF (stop entecavir). */
  switchToTenofovirDf: boolean;
  /** D8/D10 decompensated cirrhosis: advise referral for liver-transplant assessment. */
  transplantReferral: boolean;
  /** D8: antiviral therapy indicated (timing facts, decompensation, portal hypertension, HCC, pregnancy with high HBV DNA). */
  therapyIndicated: boolean;
  /** HIV on record: no entecavir; the HIV line instead of an offer. */
  hivBlocksEntecavir: boolean;
  /** Pregnancy with HBV DNA ≥ pregnancyNaDnaIU: tenofovir DF from week 24–28 (now if another reason holds). */
  pregnancyTransmission: boolean;
}

/** The thresholds the decision used, from the clinical config (cards print these, never their own). */
export interface Thresholds {
  altLookbackDays: number;
  flareFallFraction: number;
  predictorDnaMaxCopies: number;
  predictorDnaMaxIU: number;
  copiesPerIU: number;
  biopsyAge: number;
  hbeagNegativeDnaIU: number;
  tbilWithinDaysOfAlt: number;
  tbilUlnMultiple: number;
  tbilAbsoluteUmolL: number;
  tbilRiseUmolL: number;
  tbilRiseWithinDays: number;
  inrHigh: number;
  inrWithinDays: number;
  neutrophilsBelow: number;
  plateletsBelow: number;
  relativeNeutrophilsBelow: number;
  relativePlateletsBelow: number;
  postFlareRecheckWeeks: number;
  pregnancyNaDnaIU: number;
  histologyMaxAgeMonths: number;
  hbvDnaLookbackMonths: number;
  cytopeniaLookbackDays: number;
  steepRiseAboveUln: number;
  steepRiseFactor: number;
  onTxNeutrophilsReduce: number;
  onTxNeutrophilsSuspend: number;
  onTxPlateletsReduce: number;
  onTxPlateletsSuspend: number;
  lsmCirrhosisKPa: number;
  lsmSignificantKPa: number;
  lsmLookbackMonths: number;
  apriCirrhosisAbove: number;
  apriSignificantAbove: number;
  portalHypertensionPlateletsBelow: number;
  chronicityMonths: number;
  naEarlyWeeks: number;
  addOnHbsagBelowIU: number;
  screenLookbackDays: number;
}

/** Why each step of §4 did or did not apply, in order, up to the one that decided. */
export interface StepTrace {
  step: StepNumber;
  decision: DecisionId;
  applies: boolean;
}

export interface Decision {
  id: DecisionId;
  code: DecisionCode;
  /** The §4 step that decided (1–16). */
  step: StepNumber;
  /** Passage rules the decision rests on. */
  rules: RuleId[];
  facts: Facts;
  /** D8 list, in CONTRAINDICATION_ORDER (computed for every decision; D8 when non-empty). */
  contraindications: Contraindication[];
  relativeContraindications: RelativeContraindication[];
  /** D5's clauses (D5, and D8 carrying D5's line), in D5_CLAUSE_ORDER. */
  d5Clauses: D5Clause[];
  /** D5 (or the carried D5 line): the summary's action. */
  d5Tail?: D5Tail;
  d9Reasons: D9Reason[];
  /** D7: which of its three steps, and why. */
  d7?: D7Reason;
  /** D10. */
  onTreatment?: OnTreatment;
  /** D11. */
  d11?: { variant: D11Variant; cirrhosis: boolean };
  /** D12: favourable, or every obstacle; `anotherCause` when ALT > ULN or a flare. */
  d12?: { favourable: boolean; obstacles: D12Obstacle[]; anotherCause: boolean; cirrhosis: boolean };
  /** D13. */
  d13?: { variant: D13Variant };
  /** §4 carried lines, in the order D5, D13, NA, HIV. */
  carried: CarriedLine[];
  /** The NA line as it reads for this patient whenever on an NA (D7 step 7, D11, D12 show it as their own content). */
  naLine?: NaLine;
  caveats: Caveat[];
  /** D1, D3, D6: the card may be info (§5 "info when clear"). */
  clear: boolean;
  /** Tests to suggest ordering, in §5 order (MISSING_ORDER), the carried lines' tests included. */
  missing: MissingInput[];
  /** D2 (beside the biopsy): the non-invasive assessment (liver stiffness, + AST when none ≤90 days). */
  assessment: MissingInput[];
  na: NaPlan;
  /** ≥2 interferon drafts in this call (order hooks): at least warning (§5). */
  duplicateOrder: boolean;
  thresholds: Thresholds;
  steps: StepTrace[];
  /** Results passed over and why, for reviewers. */
  passedOver: PassedOver[];
}

/** The hook being answered: the wire's list (contract/schemas.ts HOOKS), not a copy. */
export type Hook = HookName;

/** An interferon draft an order-hook card speaks about. */
export interface InterferonOrder {
  /** `MedicationRequest/id` as in `context.selections`. */
  reference: string;
  /** The medication's name as written on the order (shown quoted). */
  recordText?: string;
  /** The drug's coded display (e.g. "peginterferon alfa-2a"), without dose: the duplicate summary names it (§5). */
  display?: string;
  /** Which interferon alfa, when coded: cards name it in their language. */
  substance?: IfnSubstance;
}

/** What the engine concludes for one hook call. `undefined` decision ⇒ silence (`cards: []`). */
export interface Evaluation {
  hook: Hook;
  decision?: Decision;
  /** Why the engine stayed silent, for the log and tests. */
  silentBecause?: 'out-of-scope' | 'on-interferon' | 'no-interferon-selected' | 'renewal';
  /** Every selected interferon alfa draft (order hooks); one card speaks about all of them. */
  orders: InterferonOrder[];
  patientRef?: string;
}
