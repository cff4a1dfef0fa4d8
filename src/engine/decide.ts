/** clinical-rules.md §4 "Outcomes": the first step that applies decides. One table, mirroring the spec's rows. */
import type { ClinicalConfig } from './config.js';
import { deriveFacts } from './facts.js';
import { hbeagTriggerNeedsDna, triggerFired } from './biopsy-triggers.js';
import { naPlan } from './na-plan.js';
import {
  DECISION_CODE,
  type Caveat,
  type D5Clause,
  type D9Reason,
  type Decision,
  type DecisionId,
  type Facts,
  type MissingInput,
  type PassedOver,
  type PatientData,
  type RuleId,
  type StepTrace,
  type Thresholds,
} from './types.js';

export function thresholdsOf(config: ClinicalConfig): Thresholds {
  return {
    altLookbackDays: config.altLookbackDays,
    flareFallFraction: config.flareFallFraction,
    predictorDnaMaxCopies: config.predictorDnaMaxCopies,
    predictorDnaMaxIU: config.predictorDnaMaxCopies / config.copiesPerIU,
    copiesPerIU: config.copiesPerIU,
    biopsyAge: config.biopsyAge,
    hbeagNegativeDnaIU: config.hbeagNegativeDnaIU,
    tbilWithinDaysOfAlt: config.tbil.withinDaysOfAlt,
    tbilUlnMultiple: config.tbil.ulnMultiple,
    tbilAbsoluteUmolL: config.tbil.absoluteUmolL,
    tbilRiseUmolL: config.tbil.riseUmolL,
    tbilRiseWithinDays: config.tbil.riseWithinDays,
    inrHigh: config.inrHigh,
    inrWithinDays: config.inrLookbackDays,
    neutrophilsBelow: config.cytopenia.neutrophilsBelow,
    plateletsBelow: config.cytopenia.plateletsBelow,
    relativeNeutrophilsBelow: config.relativeNeutrophilsBelow,
    relativePlateletsBelow: config.relativePlateletsBelow,
    postFlareRecheckWeeks: config.postFlareRecheckWeeks,
    pregnancyNaDnaIU: config.pregnancyNaDnaIU,
    histologyMaxAgeMonths: config.histologyMaxAgeMonths,
    hbvDnaLookbackMonths: config.hbvDnaLookbackMonths,
    cytopeniaLookbackDays: config.cytopenia.lookbackDays,
  };
}

/** D5 (§4 step 3): every clause that fires. */
export function d5Clauses(f: Facts): D5Clause[] {
  const alt = f.latestAlt;
  if (!alt) return [];
  const out: D5Clause[] = [];
  if (f.flare) {
    if (!f.flare.falling && (alt.multiple > 10 || f.flare.risingAgain)) out.push('flare-not-settling');
    if (f.fibrosis.cirrhosis) out.push('flare-in-cirrhosis');
    if (f.inr.coagulopathy) out.push('coagulopathy');
  }
  if ((f.flare || alt.band === 'window') && f.tbil.state === 'elevated') out.push('bilirubin');
  return out;
}

/** D9 (§4 step 7): ALT normal or mild with significant fibrosis/cirrhosis, or after a flare (settled below 2×ULN). */
export function d9Reasons(f: Facts): D9Reason[] {
  const out: D9Reason[] = [];
  if (f.fibrosis.significant) out.push('fibrosis');
  if (f.flare) out.push('settled-flare');
  return out;
}

function dnaCaveats(f: Facts): Caveat[] {
  if (f.dna.state === 'unknown') return ['dna-unknown'];
  if (f.dna.state === 'below-detection') return ['dna-below-detection'];
  return [];
}

/** D1 (§4 step 6): what makes the order card a warning. */
function d1Caveats(f: Facts): Caveat[] {
  const screen = [f.safetyScreen.tbil, f.safetyScreen.neutrophils, f.safetyScreen.platelets];
  const out: Caveat[] = [];
  if (screen.some((s) => s.state === 'unknown')) out.push('screen-incomplete');
  if (screen.some((s) => s.state === 'below-relative')) out.push('screen-below-relative');
  out.push(...dnaCaveats(f));
  if (f.fibrosis.cirrhosis) out.push('cirrhosis');
  return out;
}

const inrMissing = (f: Facts): MissingInput[] => (f.inr.latest ? [] : ['inr']);
const dnaMissing = (f: Facts): MissingInput[] => (f.dna.state === 'unknown' ? ['hbv-dna'] : []);

export function decide(data: PatientData, config: ClinicalConfig, now: number): Decision {
  const passedOver: PassedOver[] = [];
  const { facts: f, contraindications } = deriveFacts(data, config, now, passedOver);
  const alt = f.latestAlt;
  const tbil = f.tbil.state;
  const lowAlt = alt !== undefined && (alt.band === 'normal' || alt.band === 'mild');
  const clauses = d5Clauses(f);
  const flare = f.flare;
  const screen = f.safetyScreen;

  type Row = [step: number, id: DecisionId, applies: () => boolean, missing: () => MissingInput[], rules: () => RuleId[], caveats: () => Caveat[]];
  const none = (): [] => [];
  // §4, row by row: D8, D7, D5, D7, D6, D1, D9, D3, D4, D2, D0.
  const table: Row[] = [
    [1, 'D8', () => contraindications.length > 0, none, none, none],
    [2, 'D7', () => alt === undefined, () => ['alt'], none, none],
    [3, 'D5', () => clauses.length > 0, () => [...(tbil === 'unknown' ? (['tbil'] as MissingInput[]) : []), ...inrMissing(f)], () => (alt!.multiple > 10 && clauses.includes('flare-not-settling') ? ['P4', 'P7'] : ['P7']), none],
    [4, 'D7', () => flare !== undefined && tbil === 'unknown', () => ['tbil', ...inrMissing(f)], () => ['P7'], none],
    [5, 'D6', () => flare !== undefined && tbil === 'not-elevated' && alt!.multiple >= 2 && (flare.falling || (alt!.multiple <= 10 && !flare.risingAgain)), none, () => ['P7'], none],
    [
      6,
      'D1',
      () => alt!.band === 'window' && flare === undefined,
      () => [...(['tbil', 'neutrophils', 'platelets'] as const).filter((k) => screen[k].state === 'unknown'), ...dnaMissing(f)],
      () => ['P1', 'P2', 'P5'],
      () => d1Caveats(f),
    ],
    [7, 'D9', () => lowAlt && d9Reasons(f).length > 0, () => (f.fibrosis.significant ? dnaMissing(f) : []), () => (flare ? ['P3', 'P7'] : ['P3']), () => dnaCaveats(f)],
    [8, 'D3', () => lowAlt && f.histology?.atLeastG2 === true, () => dnaMissing(f), () => ['P3', 'P6'], () => dnaCaveats(f)],
    [9, 'D4', () => lowAlt && f.histology?.atLeastG2 === false, none, () => ['P6'], none],
    [
      10,
      'D2',
      () => (alt!.band === 'normal' || f.recurrentMild) && f.triggers.some(triggerFired),
      () => ['liver-biopsy', ...(hbeagTriggerNeedsDna(f.triggers, f.dna) ? (['hbv-dna'] as MissingInput[]) : [])],
      () => ['P6'],
      none,
    ],
    [11, 'D0', () => true, () => (hbeagTriggerNeedsDna(f.triggers, f.dna) ? ['hbv-dna'] : []), () => ['P3'], none],
  ];

  const steps: StepTrace[] = [];
  for (const [step, id, applies, missing, rules, caveats] of table) {
    const hit = applies();
    steps.push({ step, decision: id, applies: hit });
    if (!hit) continue;
    return {
      id,
      code: DECISION_CODE[id],
      rules: rules(),
      facts: f,
      contraindications,
      d5Clauses: id === 'D5' ? clauses : [],
      d9Reasons: id === 'D9' ? d9Reasons(f) : [],
      caveats: caveats(),
      missing: missing(),
      na: naPlan(id, f, contraindications, config),
      thresholds: thresholdsOf(config),
      steps,
      passedOver,
    };
  }
  /* c8 ignore next */
  throw new Error('unreachable: step 11 always applies');
}
