/**
 * clinical-rules.md §4 "Outcomes" (v3): the first step that applies decides. One table, mirroring the spec's rows,
 * numbered as §4 (the card trace and /rules use these numbers): 1 D10, 2 D8, 3 D7, 4 D5, 5 D7, 6 D13, 7 D7, 8 D11,
 * 9 D12, 10 D6, 11 D1, 12 D9, 13 D3, 14 D4, 15 D2, 16 D0. Steps 7–9 decide every NA patient reaching them;
 * steps 10–16 are for patients not on an NA. On interferon only step 1 is evaluated (§8 11): no rule met and no
 * duplicate drafts ⇒ no decision (silence).
 */
import type { ClinicalConfig } from './config.js';
import { deriveFacts } from './facts.js';
import { hbeagTriggerNeedsDna, triggerFired } from './biopsy-triggers.js';
import { carriedLines, carriedTests } from './carried-lines.js';
import { d13Variant } from './chronicity.js';
import { d5Clauses, d5Tail } from './flare.js';
import { d11Variant, naLine, naLineTests } from './na-breakthrough.js';
import { d12 } from './na-suppressed.js';
import { naPlan } from './na-plan.js';
import { onTreatment, onTreatmentRules } from './on-treatment.js';
import { missingScreenTests } from './safety-screen.js';
import {
  DECISION_CODE,
  MISSING_ORDER,
  STEP_DECISION,
  type Caveat,
  type D7Reason,
  type D9Reason,
  type Decision,
  type Facts,
  type MissingInput,
  type PassedOver,
  type PatientData,
  type RuleId,
  type StepNumber,
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
    steepRiseAboveUln: config.steepRiseAboveUln,
    steepRiseFactor: config.steepRiseFactor,
    onTxNeutrophilsReduce: config.onTxNeutrophilsReduce,
    onTxNeutrophilsSuspend: config.onTxNeutrophilsSuspend,
    onTxPlateletsReduce: config.onTxPlateletsReduce,
    onTxPlateletsSuspend: config.onTxPlateletsSuspend,
    lsmCirrhosisKPa: config.lsmCirrhosisKPa,
    lsmSignificantKPa: config.lsmSignificantKPa,
    lsmLookbackMonths: config.lsmLookbackMonths,
    apriCirrhosisAbove: config.apriCirrhosisAbove,
    apriSignificantAbove: config.apriSignificantAbove,
    portalHypertensionPlateletsBelow: config.portalHypertensionPlateletsBelow,
    chronicityMonths: config.chronicityMonths,
    naEarlyWeeks: config.naEarlyWeeks,
    addOnHbsagBelowIU: config.addOnHbsagBelowIU,
    screenLookbackDays: config.screenLookbackDays,
  };
}

/** D9 (§4 step 12): ALT normal or mild with significant fibrosis/cirrhosis (any source), or after a flare (settled below 2×ULN). */
export function d9Reasons(f: Facts): D9Reason[] {
  const out: D9Reason[] = [];
  if (f.fibrosis.significant) out.push('fibrosis');
  if (f.flare) out.push('settled-flare');
  return out;
}

/** HBV DNA caveats of D1 (and D3, D6): unknown ⇒ suggested; below detection or HBeAg-negative low ⇒ another cause. */
function dnaCaveats(f: Facts): Caveat[] {
  if (f.dna.state === 'unknown') return ['dna-unknown'];
  if (f.dna.state === 'below-detection') return ['dna-below-detection'];
  return f.hbeagNegativeLowDna ? ['hbeag-negative-low-dna'] : [];
}

function screenCaveats(d: Pick<Decision, 'relativeContraindications'>, f: Facts): Caveat[] {
  const s = f.safetyScreen;
  const out: Caveat[] = [];
  if ([s.tbil, s.neutrophils, s.platelets, s.tsh].some((x) => x.state === 'unknown')) out.push('screen-incomplete');
  if (d.relativeContraindications.length > 0) out.push('screen-relative');
  return out;
}

/** D1/D3/D6 "clear" (§5): HBV DNA detectable and not HBeAg-negative low, no cirrhosis (any source). */
const dnaAndLiverClear = (f: Facts): boolean => f.dna.state === 'detectable' && !f.hbeagNegativeLowDna && !f.fibrosis.cirrhosisAnySource;

/** Raised ALT inflates LSM and APRI: said when only a non-invasive measure shows fibrosis. */
const noninvasiveInflated = (f: Facts): boolean =>
  f.latestAlt !== undefined && f.latestAlt.multiple > 1 && f.fibrosis.significantBy.length > 0 && f.fibrosis.significantBy.every((s) => s === 'lsm' || s === 'apri');

const inOrder = (xs: MissingInput[]): MissingInput[] => MISSING_ORDER.filter((m) => xs.includes(m));

/** What the per-call context adds (order hooks). */
export interface CallContext {
  /** Interferon alfa drafts in this call (≥2 ⇒ duplicate, §5). */
  interferonDrafts?: number;
}

type Draft = Omit<Decision, 'id' | 'code' | 'step' | 'facts' | 'contraindications' | 'relativeContraindications' | 'carried' | 'na' | 'thresholds' | 'steps' | 'passedOver' | 'duplicateOrder' | 'assessment' | 'clear' | 'd9Reasons' | 'd5Clauses'> &
  Partial<Pick<Decision, 'assessment' | 'clear' | 'd9Reasons' | 'd5Clauses'>>;

export function decide(data: PatientData, config: ClinicalConfig, now: number, call: CallContext = {}): Decision | undefined {
  const passedOver: PassedOver[] = [];
  const derived = deriveFacts(data, config, now, passedOver);
  const { facts: f, contraindications } = derived;
  const rel = { relativeContraindications: derived.relativeContraindications };
  const alt = f.latestAlt;
  const tbil = f.tbil.state;
  const flare = f.flare;
  const onNa = f.treatment.currentNa !== undefined;
  const lowAlt = alt !== undefined && (alt.band === 'normal' || alt.band === 'mild');
  const clauses = d5Clauses(f);
  const tail = d5Tail(clauses, f);
  const d13 = d13Variant(f.chronicity);
  const dnaMissing: MissingInput[] = f.dna.state === 'unknown' ? ['hbv-dna'] : [];
  const inrMissing: MissingInput[] = f.inr.latest ? [] : ['inr'];
  /** D5's suggestions: TBil if unknown, INR if none ≤7 days (also on D8 carrying D5's line). */
  const d5Tests: MissingInput[] = [...(tbil === 'unknown' ? (['tbil'] as MissingInput[]) : []), ...inrMissing];
  const drafts = call.interferonDrafts ?? 0;
  const line = naLine(f);

  // Step 1 (D10): on interferon only this step is evaluated.
  const rules = f.treatment.interferon.length > 0 ? onTreatmentRules({ facts: f, ...derived.counts, decompensation: derived.lists.get('decompensation') ?? [], portalHypertension: derived.lists.get('portal-hypertension') ?? [], pregnancy: contraindications.filter((c) => c.kind === 'pregnancy') }, config, now) : [];
  const d10 = f.treatment.interferon.length > 0 ? onTreatment(rules, drafts, f.treatment.interferon) : undefined;

  const d7 = (reason: D7Reason, missing: MissingInput[], rulesOf: RuleId[] = []): Draft => ({ rules: rulesOf, caveats: [], missing, d7: reason });
  const d5Rules: RuleId[] = alt !== undefined && alt.multiple > 10 ? ['P4', 'P7'] : ['P7'];

  /** §4, row by row. Each row: does it apply, and what its card holds. */
  const table: [StepNumber, () => boolean, () => Draft][] = [
    [1, () => f.treatment.interferon.length > 0, () => ({ rules: [], caveats: [], missing: [], onTreatment: d10! })],
    [2, () => contraindications.length > 0, () => ({ rules: [], caveats: [], missing: clauses.length ? d5Tests : [], d5Clauses: clauses, ...(clauses.length ? { d5Tail: tail } : {}) })],
    [3, () => alt === undefined || f.unreadableAlt !== undefined, () => d7(f.unreadableAlt ? 'alt-unreadable' : 'no-alt', ['alt'])],
    [4, () => clauses.length > 0, () => ({ rules: d5Rules, caveats: [], missing: d5Tests, d5Clauses: clauses, d5Tail: tail })],
    [5, () => flare !== undefined && tbil === 'unknown', () => d7('tbil-after-flare', ['tbil', ...inrMissing], ['P7'])],
    [6, () => d13 !== undefined, () => ({ rules: [], caveats: [], missing: d13 === 'unconfirmed' ? ['anti-hbc-igm'] : [], d13: { variant: d13! } })],
    [7, () => onNa && f.dna.state === 'unknown', () => d7('na-dna-unknown', ['hbv-dna'])],
    [
      8,
      () => onNa && f.dna.state === 'detectable',
      () => ({ rules: [], caveats: [], missing: naLineTests(line!), d11: { variant: d11Variant(f)!, cirrhosis: f.fibrosis.cirrhosisAnySource } }),
    ],
    [
      9,
      () => onNa && f.dna.state === 'below-detection',
      () => {
        const d = d12(f, config);
        return { rules: [], caveats: [], missing: [...(f.qhbsag ? [] : (['qhbsag'] as MissingInput[])), ...missingScreenTests(f.safetyScreen)], d12: d, clear: d.favourable };
      },
    ],
    [
      10,
      () => flare !== undefined && tbil === 'not-elevated' && alt!.band === 'window' && !flare.risingAgain,
      () => {
        const caveats: Caveat[] = [...screenCaveats(rel, f), ...(f.inr.latest ? [] : (['inr-unknown'] as Caveat[])), ...dnaCaveats(f), ...(f.fibrosis.cirrhosisAnySource ? (['cirrhosis'] as Caveat[]) : [])];
        return { rules: ['P7'], caveats, missing: [...inrMissing, ...missingScreenTests(f.safetyScreen), ...dnaMissing], clear: f.safetyScreen.clearWithInr && dnaAndLiverClear(f) };
      },
    ],
    [
      11,
      () => alt!.band === 'window' && flare === undefined,
      () => {
        const caveats: Caveat[] = [...screenCaveats(rel, f), ...dnaCaveats(f), ...(f.steepRise ? (['steep-rise'] as Caveat[]) : []), ...(f.fibrosis.cirrhosisAnySource ? (['cirrhosis'] as Caveat[]) : [])];
        return { rules: ['P1', 'P2', 'P5'], caveats, missing: [...missingScreenTests(f.safetyScreen), ...dnaMissing], clear: f.safetyScreen.clear && dnaAndLiverClear(f) && !f.steepRise };
      },
    ],
    [
      12,
      () => lowAlt && d9Reasons(f).length > 0,
      () => {
        const reasons = d9Reasons(f);
        const caveats: Caveat[] = [];
        if (f.dna.state !== 'detectable') caveats.push(...dnaCaveats(f));
        if (reasons.includes('settled-flare') && (f.hbeag.latest?.positive === true || f.hbeag.seroconverted) && !f.fibrosis.cirrhosisAnySource) caveats.push('hbeag-seroconversion-may-follow');
        if (noninvasiveInflated(f)) caveats.push('noninvasive-inflated-by-alt');
        return { rules: flare ? ['P3', 'P7'] : ['P3'], caveats, missing: dnaMissing, d9Reasons: reasons };
      },
    ],
    [
      13,
      () => lowAlt && f.histology?.atLeastG2 === true,
      () => ({ rules: ['P3', 'P6'], caveats: [...screenCaveats(rel, f), ...dnaCaveats(f)], missing: [...missingScreenTests(f.safetyScreen), ...dnaMissing], clear: f.safetyScreen.clear && dnaAndLiverClear(f) }),
    ],
    [
      14,
      () => lowAlt && f.histology?.atLeastG2 === false,
      () => {
        const wouldTreat = f.otherGuidelinesWouldTreat && alt!.multiple > 1;
        const assessment: MissingInput[] = f.fibrosis.stageUnknown ? ['liver-stiffness', ...(f.fibrosis.ast ? [] : (['ast'] as MissingInput[]))] : [];
        return { rules: ['P6'], caveats: wouldTreat ? ['other-guidelines-would-treat'] : [], missing: assessment };
      },
    ],
    [
      15,
      () => (alt!.band === 'normal' || f.recurrentMild) && f.triggers.some(triggerFired),
      () => ({
        rules: ['P6'],
        caveats: f.otherGuidelinesWouldTreat && f.recurrentMild ? ['other-guidelines-would-treat'] : [],
        missing: ['liver-biopsy', ...(hbeagTriggerNeedsDna(f.triggers, f.dna) ? (['hbv-dna'] as MissingInput[]) : [])],
        assessment: ['liver-stiffness', ...(f.fibrosis.ast ? [] : (['ast'] as MissingInput[]))],
      }),
    ],
    [
      16,
      () => true,
      () => ({ rules: ['P3'], caveats: f.otherGuidelinesWouldTreat && f.recurrentMild ? ['other-guidelines-would-treat'] : [], missing: hbeagTriggerNeedsDna(f.triggers, f.dna) ? ['hbv-dna'] : [] }),
    ],
  ];

  const steps: StepTrace[] = [];
  for (const [step, applies, content] of table) {
    const id = STEP_DECISION[step];
    const hit = applies();
    steps.push({ step, decision: id, applies: hit });
    if (step === 1 && hit && !d10) return undefined;
    if (!hit) continue;
    const draft = content();
    const carried = carriedLines(id, step, f, { d5: clauses, d5Tail: tail, ...(d13 ? { d13 } : {}) });
    const missing = inOrder([...draft.missing, ...carriedTests(carried)]);
    const na = naPlan(id, f, contraindications, config, draft.onTreatment);
    if (na.offer) na.offerTests = missing;
    const decision: Decision = {
      ...draft,
      id,
      code: DECISION_CODE[id],
      step,
      facts: f,
      contraindications,
      relativeContraindications: id === 'D5' ? derived.relativeContraindications.filter((r) => r.kind !== 'tbil-elevated') : derived.relativeContraindications,
      d5Clauses: draft.d5Clauses ?? [],
      d9Reasons: draft.d9Reasons ?? [],
      carried,
      missing,
      assessment: draft.assessment ?? [],
      clear: draft.clear ?? false,
      na,
      ...(line ? { naLine: line } : {}),
      duplicateOrder: drafts >= 2,
      thresholds: thresholdsOf(config),
      steps,
      passedOver,
    };
    return decision;
  }
  /* c8 ignore next */
  throw new Error('unreachable: step 16 always applies');
}
