/**
 * Results at the same instant (found by the two-engine cross-check, issue 22): §3 fixes the ALT tie ("the higher
 * value counts as earlier") but not the others. Choice recorded in /work/coord/ts-engine-fixes.md and the CQL
 * (IFNTiming): two total bilirubins at one instant (one sample reported in mg/dL and µmol/L, or two labs) — the
 * higher is the latest, so an elevation is never hidden by the order of codes or of the record (never assume normal).
 * And (§4 step 3) an unreadable ALT newer than the readable ones is compared by instant, not by calendar day.
 */
import type { FhirResource } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { decide } from '../../src/engine/decide.js';
import type { Decision } from '../../src/engine/types.js';
import { NOW_MS, alt, chb, data, dnaIU, neutrophils, patient, platelets, quantityObs, tbil, tsh } from '../../devkit/builders.js';

const run = (resources: FhirResource[]): Decision => decide(data([patient(), chb(), ...resources]), DEFAULT_CLINICAL_CONFIG, NOW_MS)!;
/** A 20× flare 20 days ago, now 6×ULN two days ago; screen and HBV DNA acceptable. */
const afterFlare = () => [alt(800, 20, { uln: 40 }), alt(240, 2, { uln: 40 }), neutrophils(3, 3), platelets(200, 3), tsh(2, 3), dnaIU(1e5, 20)];
/** TBil 0.5 mg/dL (8.55 µmol/L, LOINC 1975-2) and 60 µmol/L (14631-6) at the same instant as the latest ALT. */
const massLow = () => quantityObs('1975-2', 0.5, 2, { unit: 'mg/dL', high: 1.0, highUnit: 'mg/dL' });
const molarHigh = () => tbil(60, 2, { high: 17.1, highUnit: 'umol/L' });

describe('same-instant total bilirubin: the higher is the latest', () => {
  it('60 µmol/L beside 0.5 mg/dL at one instant ⇒ TBil significantly elevated ⇒ D5, whichever comes first in the record', () => {
    for (const order of [[massLow(), molarHigh()], [molarHigh(), massLow()]]) {
      const d = run([...afterFlare(), ...order]);
      expect(d.facts.tbil.latest?.umolL).toBe(60);
      expect(d).toMatchObject({ id: 'D5', d5Clauses: ['bilirubin'] });
    }
  });
  it('both low (0.5 mg/dL and 12 µmol/L) ⇒ not elevated ⇒ D6; the latest is the higher, 12 µmol/L', () => {
    const d = run([...afterFlare(), massLow(), tbil(12, 2, { high: 17.1, highUnit: 'umol/L' })]);
    expect(d.facts.tbil.latest?.umolL).toBe(12);
    expect(d.id).toBe('D6');
  });
  it('the previous TBil of a rise is the higher of two earlier results at one instant: 8 and 40 µmol/L, then 34.2 ⇒ no rise ⇒ D1', () => {
    const window = [alt(160, 5, { uln: 40 }), alt(224, 2, { uln: 40 }), neutrophils(3, 3), platelets(200, 3), tsh(2, 3), dnaIU(1e5, 20)];
    const low = tbil(8, 3, { high: 17.1, highUnit: 'umol/L' });
    const high = tbil(40, 3, { high: 17.1, highUnit: 'umol/L' });
    for (const order of [[low, high], [high, low]]) {
      const d = run([...window, ...order, tbil(34.2, 0, { high: 17.1, highUnit: 'umol/L' })]);
      expect(d.facts.tbil.previous?.umolL).toBe(40);
      expect(d.id).toBe('D1');
    }
  });
});

describe('§4 step 3: the newest ALT in the lookback is unreadable, by instant (not by calendar day)', () => {
  /** Two days before now at `hour`:00 UTC (the default site time zone). */
  const on = (hour: number) => {
    const d = new Date(NOW_MS - 2 * 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  const readable = (hour: number) => alt(120, 0, { uln: 40, effective: on(hour) });
  const unreadable = (hour: number) => quantityObs('1742-6', 3.1, 0, { unit: 'mmol/L', effective: on(hour) });
  it('an unreadable ALT at 23:00 after a readable one at 08:00 the same day is the newest ⇒ D7 (it was D1)', () => {
    const d = run([readable(8), unreadable(23)]);
    expect(d).toMatchObject({ id: 'D7', d7: 'alt-unreadable' });
    expect(d.facts.unreadableAlt).toMatchObject({ reason: 'unknown-unit', raw: '3.1 mmol/L' });
  });
  it('an unreadable ALT at 00:00 before a readable one at 08:00, or at the same instant, does not hide it ⇒ D1', () => {
    expect(run([readable(8), unreadable(0)]).id).toBe('D1');
    expect(run([readable(8), unreadable(8)]).id).toBe('D1');
  });
});

