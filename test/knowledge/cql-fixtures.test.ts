/**
 * Issue 22: the CQL library on the fixture stories. Every story's expected patient-view decision comes from
 * clinical-rules.md (scripts/fixtures/stories.ts, fixtures/patients/index.json), never from either engine; the
 * committed ELM run by cql-execution must give the same DecisionCode at the pinned evaluation date.
 */
import { readFileSync } from 'node:fs';
import type { Bundle, Condition, Observation, Patient } from 'fhir/r4';
import { evaluateCql } from '../../scripts/knowledge/cql-engine.js';
import { evaluateTs } from '../../scripts/knowledge/ts-engine.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';

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

  it('gives each patient its own answer when called concurrently', async () => {
    const some = index.patients.slice(0, 12);
    const results = await Promise.all(some.map((p) => evaluateCql(bundle(p.bundle), index.evaluationDate)));
    expect(results.map((r) => r.decisionCode)).toEqual(some.map((p) => p.expected.patientView));
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

describe('IFNTiming: calendar days in the site time zone (§2 v3)', () => {
  // Now 2026-06-15T12:00Z; the 90-day ALT lookback starts on 2026-03-17 (site calendar). An ALT at 2026-03-16T20:00Z
  // is on 2026-03-16 in UTC (outside) but on 2026-03-17 04:00 in Asia/Shanghai, +08:00 (inside).
  const patient = (altAt: string): Bundle => {
    const person: Patient = { resourceType: 'Patient', id: 'tz', gender: 'female', birthDate: '1990-01-01' };
    const chb: Condition = {
      resourceType: 'Condition',
      id: 'tz-chb',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '61977001' }] },
      subject: { reference: 'Patient/tz' },
    };
    const alt: Observation = {
      resourceType: 'Observation',
      id: 'tz-alt',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
      subject: { reference: 'Patient/tz' },
      effectiveDateTime: altAt,
      valueQuantity: { value: 150, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' },
    };
    return { resourceType: 'Bundle', type: 'collection', entry: [person, chb, alt].map((resource) => ({ resource })) };
  };
  const now = '2026-06-15T12:00:00.000Z';

  it.each([
    ['2026-03-16T20:00:00Z', 0, 'data-needed'],
    ['2026-03-17T00:00:00Z', 0, 'ifn-window'],
    ['2026-03-16T15:59:00Z', 480, 'data-needed'],
    ['2026-03-16T20:00:00Z', 480, 'ifn-window'],
    ['2026-03-17T04:00:00+08:00', 480, 'ifn-window'],
    ['2026-03-17T04:00:00+08:00', 0, 'data-needed'],
  ])('ALT at %s, site offset %i min ⇒ %s (as the TypeScript engine in UTC / Asia/Shanghai)', async (altAt, offset, expected) => {
    const result = await evaluateCql(patient(altAt), now, { siteTimeZoneOffsetMinutes: offset });
    expect(result.decisionCode).toBe(expected);
    const timeZone = offset === 480 ? 'Asia/Shanghai' : 'UTC';
    expect(evaluateTs(patient(altAt), now, { ...DEFAULT_CLINICAL_CONFIG, timeZone }).decisionCode).toBe(expected);
  });
});
