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

/** The second engine: the CQL by default; a test may pass another (a deliberately wrong one proves the check bites). */
export type SecondEngine = (bundle: Bundle, now: string) => Promise<Answer & { facts: Record<string, unknown> }>;

let second: SecondEngine = evaluateCql;

async function both(bundle: Bundle, now: string): Promise<{ ts: Answer; cql: Answer; facts: Record<string, unknown> }> {
  const ts = evaluateTs(bundle, now);
  const r = await second(bundle, now);
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
}

export async function runCrossCheck(o: CheckOptions = {}): Promise<CheckReport> {
  const started = Date.now();
  const seed = o.seed ?? DEFAULT_SEED;
  const runs = o.runs ?? DEFAULT_RUNS;
  const examples: Disagreement[] = [];
  second = o.secondEngine ?? evaluateCql;
  const fixtures = o.skipFixtures ? 0 : await checkFixtures(o.root ?? PACKAGE_ROOT, examples);
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
  const report = await runCrossCheck({ seed, runs });
  console.log(formatReport(report, seed));
  process.exitCode = report.disagreements > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
