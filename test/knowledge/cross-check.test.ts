/**
 * Two engines, one answer (issue 22 item 4): the CQL library's DecisionCode (committed ELM, cql-execution) and the
 * TypeScript engine's patient-view decision agree on every fixture patient and on 2,000 generated patients (fixed
 * seed). On a disagreement the report names the shrunk patient, both answers and the CQL facts.
 * No timing assertion: the time is printed only (a loaded 2-core machine may take minutes).
 */
import { DEFAULT_RUNS, DEFAULT_SEED, formatReport, runCrossCheck } from '../../scripts/knowledge/check.js';

/** Generous: 2,000 patients through cql-execution on a loaded 2-core machine. */
const TIMEOUT_MS = 10 * 60 * 1000;

describe('cross-check: CQL and TypeScript engines', () => {
  it(`agree on every fixture patient and ${DEFAULT_RUNS} generated patients (seed ${DEFAULT_SEED})`, async () => {
    const report = await runCrossCheck({ seed: DEFAULT_SEED, runs: DEFAULT_RUNS });
    const text = formatReport(report, DEFAULT_SEED);
    console.log(text);
    expect(report.fixtures).toBeGreaterThan(100);
    expect(report.generated).toBe(DEFAULT_RUNS);
    // The report (shrunk patients, both answers, CQL facts) is the failure message.
    expect(report.disagreements === 0 ? 'no disagreements' : text).toBe('no disagreements');
  }, TIMEOUT_MS);
});
