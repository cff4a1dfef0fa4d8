/**
 * Two engines, one answer (issue 22 item 4): the CQL library (knowledge/elm, run by cql-execution) and the
 * TypeScript engine decide the same patients — every fixture patient at its pinned date and generated patients
 * (scripts/knowledge/patients.ts, fixed seed) — and must give the same `patient-view` decision code and scope.
 *
 * Each kind of disagreement (TypeScript code → CQL code) is shrunk by fast-check to a small patient and reported
 * with both answers and the CQL facts. `npm run knowledge:check [-- --seed N --runs N]`; the same check runs in
 * `npm test` (test/knowledge/cross-check.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { Bundle } from 'fhir/r4';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import { evaluateCql } from './cql-engine.js';
import { evaluateTs } from './ts-engine.js';
import { GENERATED_NOW, buildPatient, describeBundle, patientSpec, type Excludable, type PatientSpec } from './patients.js';

export const DEFAULT_SEED = 22;
export const DEFAULT_RUNS = 2000;
/**
 * Inputs the generator stays away from because the CQL library does not read them (cql-status.md); empty when
 * the CQL covers every input the generator can write.
 */
export const CQL_NOT_COVERED: readonly Excludable[] = [];

export interface Answer {
  inScope: boolean | null;
  decisionCode: string | null;
}

export interface Disagreement {
  /** Fixture name, or `generated` (shrunk). */
  patient: string;
  ts: Answer;
  cql: Answer;
  facts: Record<string, unknown>;
  /** One line per resource (what the engines read). */
  record: string[];
  spec?: PatientSpec;
  /** How many generated patients showed this kind of disagreement before shrinking. */
  occurrences?: number;
}

export interface CheckReport {
  patients: number;
  fixtures: number;
  generated: number;
  disagreements: number;
  /** Kinds of disagreement (TypeScript → CQL answer) among the generated patients. */
  kinds: number;
  /** Shrunk examples, one per kind (fixture disagreements each). */
  examples: Disagreement[];
  /** TypeScript decision code (or `out-of-scope`, `silent`) → count, generated patients. */
  distribution: Record<string, number>;
  ms: number;
  /** Of `ms`: the fixtures, the generated patients (shrinking is the rest). */
  fixturesMs: number;
  generatedMs: number;
}

const same = (ts: Answer, cql: Answer): boolean => ts.inScope === cql.inScope && ts.decisionCode === cql.decisionCode;
const label = (a: Answer): string => (a.inScope === false ? 'out-of-scope' : a.inScope === null ? 'scope-unknown' : (a.decisionCode ?? 'silent'));
const kind = (ts: Answer, cql: Answer): string => `${label(ts)} → ${label(cql)}`;

interface FixtureIndex {
  evaluationDate: string;
  patients: { name: string; bundle: string }[];
}

/**
 * A site's settings far from the defaults (every threshold moved), as the service's clinical config (validated as a
 * site file is) and as the CQL library's parameters: the two engines must agree under them too, so each *(config)*
 * threshold is wired to the same rule on both sides.
 */
export const SITE_SETTINGS = {
  altUln: { male: 50, female: 35 },
  astUln: { male: 45, female: 35 },
  copiesPerIU: 5.0,
  altLookbackDays: 60,
  flareLookbackDays: 120,
  recurrentMildMonths: 9,
  recurrentMildMinDaysApart: 21,
  hbvDnaLookbackMonths: 9,
  biopsyAge: 35,
  hbeagNegativeDnaIU: 20000,
  histologyMaxAgeMonths: 24,
  tbil: { ulnUmolL: 20, withinDaysOfAlt: 3, ulnMultiple: 3, absoluteUmolL: 60, riseUmolL: 10, riseWithinDays: 10 },
  cytopenia: { lookbackDays: 60, neutrophilsBelow: 0.8, plateletsBelow: 60 },
  flareFallFraction: 0.7,
  inrHigh: 1.7,
  inrLookbackDays: 14,
  relativeNeutrophilsBelow: 1.2,
  relativePlateletsBelow: 100,
  steepRiseAboveUln: 4,
  steepRiseFactor: 1.3,
  onTxNeutrophilsReduce: 0.9,
  onTxNeutrophilsSuspend: 0.6,
  onTxPlateletsReduce: 60,
  onTxPlateletsSuspend: 30,
  lsmCirrhosisKPa: 11,
  lsmSignificantKPa: 8,
  lsmLookbackMonths: 24,
  apriCirrhosisAbove: 1.8,
  apriSignificantAbove: 1.2,
  portalHypertensionPlateletsBelow: 120,
  chronicityMonths: 3,
  naEarlyWeeks: 48,
  addOnHbsagBelowIU: 1000,
  screenLookbackDays: 60,
  tshRange: { low: 0.4, high: 4.0 },
  // A Chinese site: calendar days in UTC+8 (no daylight saving, so the CQL's fixed offset says the same).
  timeZone: 'Asia/Shanghai',
} as const;

/** The CQL has no IANA zones: the site's zone as its fixed offset (only zones without daylight saving). */
const FIXED_OFFSET_MINUTES: Record<string, number> = { UTC: 0, 'Asia/Shanghai': 480 };

/** SITE_SETTINGS as IFNTiming's parameters (named as the config keys; nested settings flattened, cql-status.md). */
export function siteParameters(c: ClinicalConfig): Record<string, number> {
  const { altUln, astUln, tbil, cytopenia, tshRange } = c;
  const flat: Record<string, number> = {
    altUlnMale: altUln.male,
    altUlnFemale: altUln.female,
    astUlnMale: astUln.male,
    astUlnFemale: astUln.female,
    tbilUlnUmolL: tbil.ulnUmolL,
    tbilWithinDaysOfAlt: tbil.withinDaysOfAlt,
    tbilUlnMultiple: tbil.ulnMultiple,
    tbilAbsoluteUmolL: tbil.absoluteUmolL,
    tbilRiseUmolL: tbil.riseUmolL,
    tbilRiseWithinDays: tbil.riseWithinDays,
    cytopeniaLookbackDays: cytopenia.lookbackDays,
    cytopeniaNeutrophilsBelow: cytopenia.neutrophilsBelow,
    cytopeniaPlateletsBelow: cytopenia.plateletsBelow,
    tshRangeLow: tshRange.low,
    tshRangeHigh: tshRange.high,
  };
  const offset = FIXED_OFFSET_MINUTES[c.timeZone];
  if (offset === undefined) throw new Error(`no fixed offset known for ${c.timeZone}`);
  flat.siteTimeZoneOffsetMinutes = offset;
  for (const key of Object.keys(SITE_SETTINGS)) {
    const v = (c as unknown as Record<string, unknown>)[key];
    if (typeof v === 'number') flat[key] = v;
  }
  return flat;
}

/** The second engine: the CQL by default; a test may pass another (a deliberately wrong one proves the check bites). */
export type SecondEngine = (bundle: Bundle, now: string, parameters?: Record<string, unknown>) => Promise<Answer & { facts: Record<string, unknown> }>;

let second: SecondEngine = evaluateCql;
let tsConfig: ClinicalConfig = DEFAULT_CLINICAL_CONFIG;
let cqlParameters: Record<string, unknown> | undefined;

async function both(bundle: Bundle, now: string): Promise<{ ts: Answer; cql: Answer; facts: Record<string, unknown> }> {
  const ts = evaluateTs(bundle, now, tsConfig);
  const r = await second(bundle, now, cqlParameters);
  return { ts, cql: { inScope: r.inScope, decisionCode: r.decisionCode }, facts: r.facts };
}

/** Every fixture patient (fixtures/patients/index.json) at the pinned evaluation date. */
async function checkFixtures(root: string, examples: Disagreement[]): Promise<number> {
  const index = JSON.parse(readFileSync(join(root, 'fixtures/patients/index.json'), 'utf8')) as FixtureIndex;
  for (const f of index.patients) {
    const bundle = JSON.parse(readFileSync(join(root, f.bundle), 'utf8')) as Bundle;
    const { ts, cql, facts } = await both(bundle, index.evaluationDate);
    if (!same(ts, cql)) examples.push({ patient: f.name, ts, cql, facts, record: describeBundle(bundle) });
  }
  return index.patients.length;
}

export interface CheckOptions {
  seed?: number;
  runs?: number;
  /** Shrink at most this many kinds of disagreement (each shrink re-runs the generator). */
  maxShrunk?: number;
  root?: string;
  /** Skip the fixture patients (generated only). */
  skipFixtures?: boolean;
  secondEngine?: SecondEngine;
  /** Both engines under SITE_SETTINGS instead of the defaults (the fixtures' expectations assume the defaults: skipped). */
  site?: boolean;
}

export async function runCrossCheck(o: CheckOptions = {}): Promise<CheckReport> {
  const started = Date.now();
  const seed = o.seed ?? DEFAULT_SEED;
  const runs = o.runs ?? DEFAULT_RUNS;
  const examples: Disagreement[] = [];
  second = o.secondEngine ?? evaluateCql;
  tsConfig = o.site ? buildClinicalConfig(SITE_SETTINGS, 'cross-check site settings') : DEFAULT_CLINICAL_CONFIG;
  cqlParameters = o.site ? siteParameters(tsConfig) : undefined;
  const fixtures = o.skipFixtures || o.site ? 0 : await checkFixtures(o.root ?? PACKAGE_ROOT, examples);
  const fixtureDisagreements = examples.length;

  const fixturesMs = Date.now() - started;

  // Generated patients: every one of the run is decided by both engines (the count of disagreements), in fc.check's
  // own order (a property that records and never fails), so a run index replays the same patient below …
  const arb = patientSpec({ exclude: CQL_NOT_COVERED });
  const distribution: Record<string, number> = {};
  const firstOfKind = new Map<string, { index: number; occurrences: number }>();
  let generatedDisagreements = 0;
  let index = 0;
  await fc.check(
    fc.asyncProperty(arb, async (spec) => {
      const i = index++;
      const { ts, cql } = await both(buildPatient(spec, `gen-${i + 1}`), GENERATED_NOW);
      distribution[label(ts)] = (distribution[label(ts)] ?? 0) + 1;
      if (same(ts, cql)) return true;
      generatedDisagreements++;
      const k = kind(ts, cql);
      const seen = firstOfKind.get(k);
      if (seen) seen.occurrences++;
      else firstOfKind.set(k, { index: i, occurrences: 1 });
      return true;
    }),
    { numRuns: runs, seed },
  );
  const generatedMs = Date.now() - started - fixturesMs;
  // … then each kind of disagreement is shrunk from its first patient (`path` replays that run, then shrinks).
  for (const [k, { index: first, occurrences }] of [...firstOfKind].slice(0, o.maxShrunk ?? 8)) {
    const result = await fc.check(
      fc.asyncProperty(arb, async (spec) => {
        const { ts, cql } = await both(buildPatient(spec, 'shrunk'), GENERATED_NOW);
        return same(ts, cql) || kind(ts, cql) !== k;
      }),
      { numRuns: runs, seed, path: String(first) },
    );
    const spec = result.counterexample?.[0];
    if (!spec) continue;
    const bundle = buildPatient(spec, 'shrunk');
    const { ts, cql, facts } = await both(bundle, GENERATED_NOW);
    examples.push({ patient: 'generated', ts, cql, facts, record: describeBundle(bundle), spec, occurrences });
  }
  return {
    patients: fixtures + runs,
    fixtures,
    generated: runs,
    disagreements: fixtureDisagreements + generatedDisagreements,
    kinds: firstOfKind.size,
    examples,
    distribution,
    ms: Date.now() - started,
    fixturesMs,
    generatedMs,
  };
}

/** Facts worth reading beside a disagreement: short values, long lists cut. */
function compactFacts(facts: Record<string, unknown>): string {
  return Object.entries(facts)
    .map(([k, v]) => {
      const text = JSON.stringify(v) ?? 'null';
      return `    ${k}: ${text.length > 160 ? `${text.slice(0, 157)}…` : text}`;
    })
    .join('\n');
}

/** Fixture disagreements printed in full (the rest by name). */
const MAX_PRINTED_FIXTURES = 12;

export function formatReport(r: CheckReport, seed: number): string {
  const out: string[] = [];
  out.push(`${r.patients} patients, ${r.disagreements} disagreements (${r.fixtures} fixtures; ${r.generated} generated, seed ${seed}) in ${(r.ms / 1000).toFixed(1)} s`);
  const perPatient = r.patients > 0 ? (r.fixturesMs + r.generatedMs) / r.patients : 0;
  out.push(`Time: fixtures ${(r.fixturesMs / 1000).toFixed(1)} s, generated ${(r.generatedMs / 1000).toFixed(1)} s (${perPatient.toFixed(0)} ms per patient, both engines), shrinking ${((r.ms - r.fixturesMs - r.generatedMs) / 1000).toFixed(1)} s`);
  out.push(`TypeScript decisions on the generated patients: ${Object.entries(r.distribution).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const fixtureNames = r.examples.filter((d) => d.patient !== 'generated').map((d) => d.patient);
  if (fixtureNames.length > MAX_PRINTED_FIXTURES) out.push(`Fixture disagreements: ${fixtureNames.join(', ')} (the first ${MAX_PRINTED_FIXTURES} in full below)`);
  const printed = [...r.examples.filter((d) => d.patient === 'generated'), ...r.examples.filter((d) => d.patient !== 'generated').slice(0, MAX_PRINTED_FIXTURES)];
  for (const d of printed) {
    out.push('');
    out.push(`DISAGREEMENT ${d.patient}${d.occurrences ? ` (${d.occurrences} generated patients of this kind; shrunk)` : ''}: TypeScript ${label(d.ts)}, CQL ${label(d.cql)}`);
    out.push(...d.record.map((l) => `  ${l}`));
    out.push('  CQL facts:');
    out.push(compactFacts(d.facts));
  }
  return out.join('\n');
}

function argValue(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`);
  return v;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seed = argValue(args, '--seed') ?? DEFAULT_SEED;
  const runs = argValue(args, '--runs') ?? DEFAULT_RUNS;
  const site = args.includes('--site');
  const report = await runCrossCheck({ seed, runs, site });
  if (site) console.log('Site settings (both engines):', JSON.stringify(SITE_SETTINGS));
  console.log(formatReport(report, seed));
  process.exitCode = report.disagreements > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
