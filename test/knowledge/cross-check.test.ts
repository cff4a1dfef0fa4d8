/**
 * Two engines, one answer (issue 22 item 4): the CQL library's DecisionCode (committed ELM, cql-execution) and the
 * TypeScript engine's patient-view decision agree on every fixture patient and on 2,000 generated patients (fixed
 * seed). On a disagreement the report names the shrunk patient, both answers and the CQL facts.
 * No timing assertion: the time is printed only (a loaded 2-core machine may take minutes).
 */
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import fc from 'fast-check';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import { DEFAULT_RUNS, DEFAULT_SEED, SITE_SETTINGS, formatReport, runCrossCheck } from '../../scripts/knowledge/check.js';
import { GENERATED_NOW, generatedPatient } from '../../scripts/knowledge/patients.js';
import { evaluateTs } from '../../scripts/knowledge/ts-engine.js';

/** Generous: 2,000 patients through cql-execution on a loaded 2-core machine. */
const TIMEOUT_MS = 10 * 60 * 1000;

describe('cross-check: CQL and TypeScript engines', () => {
  it(`agree on every fixture patient and ${DEFAULT_RUNS} generated patients (seed ${DEFAULT_SEED})`, async () => {
    const report = await runCrossCheck({ seed: DEFAULT_SEED, runs: DEFAULT_RUNS });
    const text = formatReport(report, DEFAULT_SEED);
    console.log(text);
    expect(report.fixtures).toBeGreaterThan(100);
    expect(report.generated).toBe(DEFAULT_RUNS);
    // A check that never reaches a decision proves nothing about it: every §4 code, silence and out of scope.
    expect(Object.keys(report.distribution).length).toBeGreaterThanOrEqual(16);
    // The report (shrunk patients, both answers, CQL facts) is the failure message.
    expect(report.disagreements === 0 ? 'no disagreements' : text).toBe('no disagreements');
  }, TIMEOUT_MS);

  it('agree under a site\'s settings far from the defaults (every threshold moved; 500 generated patients)', async () => {
    const report = await runCrossCheck({ seed: DEFAULT_SEED, runs: 500, site: true });
    const text = formatReport(report, DEFAULT_SEED);
    console.log(text);
    // The settings change decisions (so agreeing under them says both engines read them): ≥50 of the 500 differ.
    const site = buildClinicalConfig(SITE_SETTINGS);
    const changed = fc.sample(generatedPatient(), { numRuns: 500, seed: DEFAULT_SEED }).filter((p) => evaluateTs(p.bundle, GENERATED_NOW).decisionCode !== evaluateTs(p.bundle, GENERATED_NOW, site).decisionCode);
    expect(changed.length).toBeGreaterThanOrEqual(50);
    expect(report.disagreements === 0 ? 'no disagreements' : text).toBe('no disagreements');
  }, TIMEOUT_MS);

  it('finds and shrinks a disagreement: a second engine whose ALT lookback is 89 days instead of 90', async () => {
    const wrong = { ...DEFAULT_CLINICAL_CONFIG, altLookbackDays: 89 };
    const report = await runCrossCheck({ seed: DEFAULT_SEED, runs: 1000, skipFixtures: true, secondEngine: async (bundle, now) => ({ ...evaluateTs(bundle, now, wrong), facts: {} }) });
    const text = formatReport(report, DEFAULT_SEED);
    expect(report.disagreements).toBeGreaterThan(0);
    expect(text).toMatch(/^1000 patients, [1-9]\d* disagreements/);
    // Every kind shrunk from its own first patient (replayed by its run index).
    expect(report.examples).toHaveLength(report.kinds);
    const shrunk = report.examples[0]!;
    // Shrunk to the patient, what puts them in scope and the ALT 90 days old.
    expect(shrunk.record).toContainEqual(expect.stringMatching(/^Obs 1742-6 2026-03-17/));
    expect(shrunk.record.length).toBeLessThanOrEqual(4);
    expect(shrunk.cql.decisionCode).toBe('data-needed');
  }, TIMEOUT_MS);
});
