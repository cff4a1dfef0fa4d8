/**
 * The engine's input and output. Pure data: the engine does no I/O, reads no clock and builds no display
 * text. A Decision carries structured facts only (values with units and dates, codes, states, rule ids,
 * the thresholds used); src/cards/ alone turns them into words, per locale.
 */
import type { HookName } from '../contract/types.js';
import type {
  AltReading,
  AntigenReading,
  ConditionFact,
  CountReading,
  DnaReading,
  FamilyHistoryFact,
  FibrosisReading,
  HistologyReading,
  InrReading,
  MedicationFact,
  NaDrug,
  PassedOver,
  PtReading,
  TbilReading,
  Tri,
} from './readings.js';

export * from './readings.js';

export type RuleId = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7';
export type DecisionId = 'D0' | 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8' | 'D9';
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
  | 'antiviral-indicated';

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
};


export type ContraindicationKind = 'decompensation' | 'pregnancy' | 'neutropenia' | 'thrombocytopenia';

export interface Contraindication {
  kind: ContraindicationKind;
  /** The Condition (decompensation, pregnancy), pregnancy-status Observation or count behind it. */
  condition?: ConditionFact;
  pregnancyStatus?: { source: string; time: number };
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
  falling: boolean;
  risingAgain: boolean;
  /** 胆酶分离: ALT falling from the ALT before it while TBil is significantly elevated and rising. */
  dissociation: boolean;
}

export type DnaState = 'detectable' | 'below-detection' | 'unknown';

export interface FibrosisFacts {
  stage?: FibrosisReading;
  /** Active cirrhosis Condition(s) (cirrhosisCodes). */
  cirrhosisConditions: ConditionFact[];
  significant: boolean;
  cirrhosis: boolean;
}

export type ScreenState = 'acceptable' | 'below-relative' | 'contraindicating' | 'elevated' | 'unknown';

export interface SafetyScreen {
  tbil: { state: ScreenState; reading?: TbilReading };
  neutrophils: { state: ScreenState; reading?: CountReading };
  platelets: { state: ScreenState; reading?: CountReading };
}

/** §3 derived facts. */
export interface Facts {
  latestAlt?: AltReading;
  /** ALT results used (within the lookbacks), newest first. */
  altHistory: AltReading[];
  recurrentMild: boolean;
  /** When recurrentMild: the newest and the oldest mild result of the window, the two that make it recurrent. */
  recurrentMildSpan?: { newest: AltReading; oldest: AltReading };
  flare?: FlareFacts;
  tbil: TbilFacts;
  /** The latest INR dated ≤7 days before now, and the coagulopathy it shows. */
  inr: { latest?: InrReading; coagulopathy: boolean; lastOnRecord?: InrReading };
  pt?: PtReading;
  dna: { state: DnaState; latest?: DnaReading };
  latestHbeag?: AntigenReading;
  histology?: HistologyReading;
  fibrosis: FibrosisFacts;
  safetyScreen: SafetyScreen;
  age?: { min: number; max: number };
  triggers: BiopsyTrigger[];
  predictors: Predictor[];
  /** NA the patient is on (§1). */
  onNa?: MedicationFact;
}

/** Tests a card suggests ordering. */
export type MissingInput = 'alt' | 'tbil' | 'inr' | 'hbv-dna' | 'neutrophils' | 'platelets' | 'liver-biopsy';

/** D5: each clause that fired (§4 step 3). */
export type D5Clause = 'flare-not-settling' | 'flare-in-cirrhosis' | 'coagulopathy' | 'bilirubin';
/** D9: each reason (§4 step 7). */
export type D9Reason = 'fibrosis' | 'settled-flare';
/** D1/D3 caveats that make the order card a warning (§4 steps 6, 8). */
export type Caveat = 'screen-incomplete' | 'screen-below-relative' | 'dna-below-detection' | 'dna-unknown' | 'cirrhosis';

/** §5 the NA a card names: offered as "instead", continued, or switched to. */
export interface NaPlan {
  /** The NA the card offers ("order … instead"); never one the patient takes. */
  offer?: NaDrug;
  /** The patient is on an NA: continue it (add-on/switch wording). */
  continueCurrent: boolean;
  /** Pregnant on entecavir: advise switching to tenofovir DF. */
  switchToTenofovirDf: boolean;
  /** D8 decompensated cirrhosis: advise referral for liver-transplant assessment. */
  transplantReferral: boolean;
  /** D8: is antiviral therapy indicated by the timing facts, decompensation or pregnancy with high HBV DNA. */
  therapyIndicated: boolean;
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
}

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
  d5Clauses: D5Clause[];
  d9Reasons: D9Reason[];
  caveats: Caveat[];
  /** Tests to suggest ordering, in §5 order. */
  missing: MissingInput[];
  na: NaPlan;
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
