/**
 * §3 (v3) fibrosis and cirrhosis.
 * - Cirrhosis **on record**: an active cirrhosis Condition (§2.1) or a histology stage of cirrhosis, any date (never ages out).
 * - Cirrhosis **likely** (non-invasive): LSM ≥ lsmCirrhosisKPa or APRI > apriCirrhosisAbove. **Any source**: either.
 * - **Significant fibrosis**: histology stage ≥ significant dated ≤ histologyMaxAgeMonths (a fibrosis result first,
 *   else the stage of a combined text of the same date), LSM ≥ lsmSignificantKPa, APRI > apriSignificantAbove, or
 *   cirrhosis (any source).
 * - **APRI** = (AST / AST ULN × 100) / platelets; **FIB-4** = age × AST / (platelets × √ALT); latest AST, platelets,
 *   ALT each ≤ screenLookbackDays; two decimals (the rules compare the two-decimal value the card prints); FIB-4 shown only.
 * - **Portal hypertension likely**: cirrhosis on record and latest platelets (≤ cytopenia lookback) < portalHypertensionPlateletsBelow.
 */
import type { ClinicalConfig } from './config.js';
import type { AltReading, AstReading, ConditionFact, CountReading, FibrosisFacts, FibrosisReading, FibrosisSource, HistologyReading, LsmReading, PassedOver } from './types.js';
import { calendarDay } from '../fhir/calendar.js';
import { datedWithin } from './windows.js';

const twoDecimals = (x: number): number => Math.round(x * 100) / 100;

/** The latest first; of one date, a dedicated fibrosis result before a combined text. */
const byRecency = (a: FibrosisReading, b: FibrosisReading): number => b.time - a.time || (a.from === 'fibrosis-result' ? -1 : b.from === 'fibrosis-result' ? 1 : 0);

export interface FibrosisInputs {
  stages: FibrosisReading[];
  cirrhosisConditions: ConditionFact[];
  lsm: LsmReading[];
  ast: AstReading[];
  platelets: CountReading[];
  latestAlt?: AltReading;
  /** Whole years, when known exactly. */
  age?: number;
}

/** §2 inflammation grades older than histologyMaxAgeMonths are passed over as too old (§7), the rest kept, latest first. */
export function recentGrades(readings: HistologyReading[], config: ClinicalConfig, now: number, passed: PassedOver[]): HistologyReading[] {
  const kept: HistologyReading[] = [];
  for (const r of readings) {
    if (datedWithin(r.time, now, config.histologyMaxAgeMonths, 'months', config)) kept.push(r);
    else passed.push({ source: r.source, input: 'histology', reason: 'too-old', date: calendarDay(r.time, config.timeZone) });
  }
  return kept;
}

export function apri(ast: AstReading, platelets: CountReading): number {
  return twoDecimals(((ast.value / ast.uln) * 100) / platelets.value);
}

export function fib4(age: number, ast: AstReading, platelets: CountReading, alt: AltReading): number {
  return twoDecimals((age * ast.value) / (platelets.value * Math.sqrt(alt.value)));
}

export function fibrosisFacts(inputs: FibrosisInputs, config: ClinicalConfig, now: number, passed: PassedOver[]): FibrosisFacts {
  const sorted = [...inputs.stages].sort(byRecency);
  const recent = sorted.filter((s) => datedWithin(s.time, now, config.histologyMaxAgeMonths, 'months', config));
  // A stage of cirrhosis never ages out; other old stages are passed over with their date (§7). The stage of a
  // combined text ("G1S1") is the grade's result, already passed over as histology.
  for (const s of sorted) if (!recent.includes(s) && !s.cirrhosis && s.from === 'fibrosis-result') passed.push({ source: s.source, input: 'fibrosis', reason: 'too-old', date: calendarDay(s.time, config.timeZone) });
  const stage = recent[0];
  const cirrhosisStage = sorted.find((s) => s.cirrhosis);

  const lsm = inputs.lsm.find((r) => datedWithin(r.time, now, config.lsmLookbackMonths, 'months', config));
  for (const r of inputs.lsm) if (!datedWithin(r.time, now, config.lsmLookbackMonths, 'months', config)) passed.push({ source: r.source, input: 'liver-stiffness', reason: 'too-old', date: calendarDay(r.time, config.timeZone) });

  const recentCount = <T extends { time: number }>(xs: T[]): T | undefined => xs.find((x) => datedWithin(x.time, now, config.screenLookbackDays, 'days', config));
  const ast = recentCount(inputs.ast);
  const platelets = recentCount(inputs.platelets);
  const alt = inputs.latestAlt && datedWithin(inputs.latestAlt.time, now, config.screenLookbackDays, 'days', config) ? inputs.latestAlt : undefined;
  const apriValue = ast && platelets ? apri(ast, platelets) : undefined;
  const fib4Value = ast && platelets && alt && inputs.age !== undefined ? fib4(inputs.age, ast, platelets, alt) : undefined;

  const cirrhosisBy: FibrosisSource[] = [];
  if (inputs.cirrhosisConditions.length > 0) cirrhosisBy.push('condition');
  if (cirrhosisStage) cirrhosisBy.push('histology');
  const cirrhosisOnRecord = cirrhosisBy.length > 0;
  if (lsm && lsm.kPa >= config.lsmCirrhosisKPa) cirrhosisBy.push('lsm');
  if (apriValue !== undefined && apriValue > config.apriCirrhosisAbove) cirrhosisBy.push('apri');
  const cirrhosisLikely = cirrhosisBy.includes('lsm') || cirrhosisBy.includes('apri');
  const cirrhosisAnySource = cirrhosisOnRecord || cirrhosisLikely;

  const significantBy: FibrosisSource[] = [];
  if (stage?.significant) significantBy.push('histology');
  if (lsm && lsm.kPa >= config.lsmSignificantKPa) significantBy.push('lsm');
  if (apriValue !== undefined && apriValue > config.apriSignificantAbove) significantBy.push('apri');
  for (const s of cirrhosisBy) if (!significantBy.includes(s)) significantBy.push(s);

  const phPlatelets = inputs.platelets.find((x) => datedWithin(x.time, now, config.cytopenia.lookbackDays, 'days', config));
  const facts: FibrosisFacts = {
    cirrhosisConditions: inputs.cirrhosisConditions,
    cirrhosisOnRecord,
    cirrhosisLikely,
    cirrhosisAnySource,
    cirrhosisBy,
    significant: significantBy.length > 0,
    significantBy,
    stageUnknown: !stage && !cirrhosisStage && !lsm && apriValue === undefined,
    portalHypertensionLikely: cirrhosisOnRecord && phPlatelets !== undefined && phPlatelets.value < config.portalHypertensionPlateletsBelow,
  };
  if (stage) facts.stage = stage;
  if (cirrhosisStage) facts.cirrhosisStage = cirrhosisStage;
  if (lsm) facts.lsm = lsm;
  if (ast) facts.ast = ast;
  if (apriValue !== undefined) facts.apri = apriValue;
  if (fib4Value !== undefined) facts.fib4 = fib4Value;
  if (ast && platelets) facts.noninvasiveInputs = alt ? { ast, platelets, alt, ...(inputs.age !== undefined ? { age: inputs.age } : {}) } : { ast, platelets, ...(inputs.age !== undefined ? { age: inputs.age } : {}) };
  return facts;
}
