/**
 * The cross-check's patient generator (scripts/knowledge/patients.ts) reaches every decision of clinical-rules.md
 * §4 on the TypeScript engine, and both sides of the boundaries it is biased to: a cross-check that never reaches
 * D10 or D12 proves little about them.
 */
import fc from 'fast-check';
import { DECISION_CODE, type DecisionCode } from '../../src/engine/types.js';
import { GENERATED_NOW, buildPatient, describeBundle, generatedPatient, patientSpec } from '../../scripts/knowledge/patients.js';
import { evaluateTs } from '../../scripts/knowledge/ts-engine.js';

const RUNS = 2000;
const SEED = 22;

describe('cross-check patient generator', () => {
  const samples = fc.sample(generatedPatient(), { numRuns: RUNS, seed: SEED });
  const answers = samples.map((p) => evaluateTs(p.bundle, GENERATED_NOW));

  it('reaches every §4 decision code at least 5 times in 2,000 patients, silence and out of scope too', () => {
    const counts = new Map<string, number>();
    for (const a of answers) {
      const key = a.inScope ? (a.decisionCode ?? 'silent') : 'out-of-scope';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    console.log(`decision codes over ${RUNS} generated patients (seed ${SEED}):\n${[...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
    const codes: (DecisionCode | 'silent' | 'out-of-scope')[] = [...Object.values(DECISION_CODE), 'silent', 'out-of-scope'];
    const rare = codes.filter((c) => (counts.get(c) ?? 0) < 5);
    expect(rare).toEqual([]);
  });

  it('puts the latest ALT on both sides of 1×, 2× and 10×ULN', () => {
    const latest = samples.flatMap((p) => {
      const pts = p.spec.alt.filter((a) => a.unit !== 'bad-unit');
      return pts.length ? [pts.reduce((a, b) => (b.days < a.days ? b : a)).multiple] : [];
    });
    for (const edge of [1, 2, 10]) {
      expect(latest.filter((m) => m === edge).length).toBeGreaterThan(5);
      expect(latest.filter((m) => m > edge && m < edge * 1.02).length).toBeGreaterThan(5);
    }
  });

  it('builds self-consistent Bundles: unique ids, every resource about the patient, dates at most two calendar days after now', () => {
    for (const p of samples.slice(0, 200)) {
      const ids = (p.bundle.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
      expect(new Set(ids).size).toBe(ids.length);
      const text = JSON.stringify(p.bundle);
      for (const m of text.matchAll(/"(?:effectiveDateTime|start|authoredOn|onsetDateTime)":"([^"]+)"/g)) expect(Date.parse(m[1]!)).toBeLessThanOrEqual(Date.parse(GENERATED_NOW) + 3 * 86_400_000);
    }
  });

  it('keeps away from excluded inputs', () => {
    const specs = fc.sample(patientSpec({ exclude: ['dna-log', 'dna-copies', 'alt-ukat', 'icd10'] }), { numRuns: 300, seed: SEED });
    expect(specs.flatMap((s) => s.dna).filter((d) => ['log-iu', 'log-copies', 'copies'].includes(d.form))).toEqual([]);
    expect(specs.flatMap((s) => s.alt).filter((a) => a.unit === 'ukat/L')).toEqual([]);
    expect(specs.flatMap((s) => s.conditions).filter((c) => c.system !== 'snomed')).toEqual([]);
  });

  it('describes a patient compactly, one line per resource', () => {
    const spec = fc.sample(patientSpec(), { numRuns: 1, seed: SEED })[0]!;
    const bundle = buildPatient(spec, 'p');
    expect(describeBundle(bundle)).toHaveLength(bundle.entry!.length);
  });
});
