/**
 * Issue 22: the CQL library on the fixture stories. Every story's expected patient-view decision comes from
 * clinical-rules.md (scripts/fixtures/stories.ts, fixtures/patients/index.json), never from either engine; the
 * committed ELM run by cql-execution must give the same DecisionCode at the pinned evaluation date.
 */
import { readFileSync } from 'node:fs';
import type { Bundle } from 'fhir/r4';
import { evaluateCql } from '../../scripts/knowledge/cql-engine.js';

interface FixtureIndex {
  evaluationDate: string;
  patients: { name: string; bundle: string; expected: { patientView: string | null } }[];
}

const index = JSON.parse(readFileSync('fixtures/patients/index.json', 'utf8')) as FixtureIndex;
const bundle = (path: string): Bundle => JSON.parse(readFileSync(path, 'utf8')) as Bundle;

describe('IFNTiming (CQL, committed ELM) on the fixture stories', () => {
  it('has fixture stories to run', () => {
    expect(index.patients.length).toBeGreaterThan(100);
  });

  it.each(index.patients.map((p) => [p.name, p] as const))('%s: DecisionCode is the story’s expected patient-view decision', async (_name, p) => {
    const result = await evaluateCql(bundle(p.bundle), index.evaluationDate);
    expect(result.decisionCode).toBe(p.expected.patientView);
    expect(result.facts['DecisionCode'] ?? null).toBe(p.expected.patientView);
  });

  it('is out of scope (null, InScope false) without a CHB condition or a positive HBsAg', async () => {
    const b = bundle(index.patients[0]!.bundle);
    const withoutScope: Bundle = { ...b, entry: (b.entry ?? []).filter((e) => e.resource?.resourceType !== 'Condition' && !JSON.stringify(e.resource ?? {}).includes('5196-1')) };
    const result = await evaluateCql(withoutScope, index.evaluationDate);
    expect(result).toMatchObject({ inScope: false, decisionCode: null });
  });

  it('applies a parameter: altLookbackDays shorter than the latest ALT’s age makes it data-needed (§4 step 3)', async () => {
    const p = index.patients.find((x) => x.expected.patientView === 'ifn-window')!;
    const at = await evaluateCql(bundle(p.bundle), index.evaluationDate);
    expect(at.decisionCode).toBe('ifn-window');
    const shorter = await evaluateCql(bundle(p.bundle), index.evaluationDate, { altLookbackDays: 0, flareLookbackDays: 0 });
    expect(shorter.decisionCode).toBe('data-needed');
  });
});
