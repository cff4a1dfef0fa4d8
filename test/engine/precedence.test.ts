/** clinical-rules.md §4 (v3) "Precedence examples" 1–10, each as written. Base: a 35-year-old man; CHB coded unless said. */
import type { FhirResource } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { decide } from '../../src/engine/decide.js';
import { indicatorFor } from '../../src/engine/indicator.js';
import type { Decision } from '../../src/engine/types.js';
import {
  ENTECAVIR,
  NOW_MS,
  PEG_IFN,
  TENOFOVIR_DF,
  alt,
  ast,
  chb,
  condition,
  data,
  dnaIU,
  fibrosis,
  hbeag,
  hbsag,
  hbsagQuant,
  inr,
  medRequest,
  medStatement,
  neutrophils,
  patient,
  platelets,
  tbil,
  tsh,
} from '../../devkit/builders.js';

const run = (resources: FhirResource[], withChb = true): Decision => decide(data([patient(), ...(withChb ? [chb()] : []), ...resources]), DEFAULT_CLINICAL_CONFIG, NOW_MS)!;
const undetectable = () => dnaIU(20, 10, { comparator: '<' });

describe('§4 precedence examples (v3)', () => {
  it('1. entecavir, HBV DNA 6,000 IU/mL, ALT 10× → 14×, TBil 15, INR 1.1 ⇒ D5 not settling, NA line (resistance test: text only by default)', () => {
    const d = run([medStatement(ENTECAVIR, { startDays: 400 }), dnaIU(6000, 10), alt(400, 12), alt(560, 2), tbil(15, 2), inr(1.1, 2)]);
    expect(d).toMatchObject({ id: 'D5', step: 4 });
    expect(d.d5Clauses).toContain('not-settling');
    expect(d.d5Tail).toBe('adherence-resistance');
    expect(d.carried).toMatchObject([{ kind: 'na', line: { drug: 'entecavir', advice: 'switch-or-add-tenofovir' } }]);
    expect(d.na).toMatchObject({ continueCurrent: true });
    expect(d.na.offer).toBeUndefined();
    expect(d.missing).toEqual(['resistance-test']);
  });

  it('2. tenofovir DF, HBV DNA <20 IU/mL, ALT 0.9× → 17.5×, INR 1.1 ⇒ D5, look for another cause; continue the NA', () => {
    const d = run([medStatement(TENOFOVIR_DF, { startDays: 400 }), undetectable(), alt(36, 30), alt(700, 2), inr(1.1, 2)]);
    expect(d).toMatchObject({ id: 'D5', d5Tail: 'another-cause' });
    expect(d.carried).toMatchObject([{ kind: 'na', line: { advice: 'continue' } }]);
    expect(d.na.offer).toBeUndefined();
  });

  it('3. pregnant on entecavir, ALT 2.5× → 16×, HBV DNA 3×10⁶ ⇒ D8, the flare leads; switch to TDF', () => {
    const d = run([condition('77386006'), medStatement(ENTECAVIR, { startDays: 400 }), alt(100, 30), alt(640, 2), dnaIU(3e6, 5)]);
    expect(d.id).toBe('D8');
    expect(d.carried[0]).toMatchObject({ kind: 'd5' });
    expect(d.d5Clauses).toContain('not-settling');
    expect(d.na).toMatchObject({ switchToTenofovirDf: true, continueCurrent: false });
    expect(d.na.offer).toBeUndefined();
  });

  it('4. ascites, ALT 3× → 15×, TBil 60, INR 1.8 ⇒ D8 led by the flare: start an NA now, consider admission', () => {
    const d = run([condition('389026000'), alt(120, 30), alt(600, 2), tbil(60, 2), inr(1.8, 2)]);
    expect(d.id).toBe('D8');
    expect(d.carried[0]).toMatchObject({ kind: 'd5', tail: 'na-now-admission' });
    expect(d.carried[0]).toMatchObject({ clauses: expect.arrayContaining(['coagulopathy', 'bilirubin']) });
    expect(d.na).toMatchObject({ offer: 'entecavir', transplantReferral: true });
  });

  it('5. cirrhosis on record, no NA, ALT 5×: platelets 120 ⇒ D1 (warning, NA offered); platelets 70 ⇒ D8 (portal hypertension likely)', () => {
    const d1 = run([condition('19943007'), alt(200, 3), platelets(120, 5)]);
    expect(d1).toMatchObject({ id: 'D1', na: { offer: 'entecavir' } });
    expect(d1.caveats).toContain('cirrhosis');
    expect(indicatorFor(d1, 'patient-view')).toBe('warning');
    expect(indicatorFor(d1, 'order-select')).toBe('warning');
    const d8 = run([condition('19943007'), alt(200, 3), platelets(70, 5)]);
    expect(d8.id).toBe('D8');
    expect(d8.contraindications.map((c) => c.kind)).toEqual(['portal-hypertension-likely']);
  });

  it('6. biopsy S4 40 months ago, entecavir, HBV DNA <20, platelets 140, qHBsAg 800 ⇒ D12, not favourable (cirrhosis never ages out)', () => {
    const d = run([fibrosis('scheuer-S4', 40 * 30.5), medStatement(ENTECAVIR, { startDays: 800 }), undetectable(), platelets(140, 5), hbsagQuant(800, 10), alt(30, 3), hbeag(false, 10)]);
    expect(d.id).toBe('D12');
    expect(d.d12).toMatchObject({ favourable: false, cirrhosis: true });
    expect(d.d12!.obstacles).toContain('cirrhosis');
    expect(d.facts.fibrosis).toMatchObject({ cirrhosisOnRecord: true, cirrhosisBy: ['histology'] });
    expect(indicatorFor(d, 'order-select')).toBe('warning');
  });

  it('7. APRI 2.3, entecavir, HBV DNA 800 IU/mL, ALT 1.3× ⇒ D11 breakthrough, cirrhosis named; never D9 or D1', () => {
    const d = run([ast(92, 5), platelets(100, 5), medStatement(ENTECAVIR, { startDays: 800 }), dnaIU(800, 10), alt(52, 3)]);
    expect(d.facts.fibrosis).toMatchObject({ apri: 2.3, cirrhosisLikely: true });
    expect(d).toMatchObject({ id: 'D11', d11: { variant: 'breakthrough', cirrhosis: true } });
  });

  it('8. first HBsAg 14 days ago, no CHB code, ALT 8× ⇒ D13; at ALT 25×, TBil 80, INR 1.6 ⇒ D5 with the D13 line', () => {
    const d13 = run([hbsag(true, 14), alt(320, 3)], false);
    expect(d13).toMatchObject({ id: 'D13', step: 6, d13: { variant: 'unconfirmed' }, missing: ['anti-hbc-igm'] });
    const d5 = run([hbsag(true, 14), alt(1000, 3), tbil(80, 3), inr(1.6, 3)], false);
    expect(d5.id).toBe('D5');
    expect(d5.carried).toMatchObject([{ kind: 'd13', variant: 'unconfirmed' }]);
    expect(d5.missing).toContain('anti-hbc-igm');
  });

  it('9. on peginterferon, ALT 20×, TBil 40, neutrophils 0.7, platelets 45 ⇒ D10 stop (critical)', () => {
    const d = run([medRequest(PEG_IFN), alt(800, 3), tbil(40, 3), neutrophils(0.7, 3), platelets(45, 3)]);
    expect(d).toMatchObject({ id: 'D10', step: 1, onTreatment: { level: 'stop' } });
    expect(d.onTreatment!.rules.map((r) => [r.kind, r.level])).toEqual([
      ['alt-severe', 'stop'],
      ['tbil-elevated', 'stop'],
      ['neutrophils', 'reduce'],
      ['platelets', 'reduce'],
    ]);
    expect(indicatorFor(d, 'patient-view')).toBe('critical');
    expect(d.steps).toEqual([{ step: 1, decision: 'D10', applies: true }]);
  });

  it('10. flare 30× → 15× (falling), TBil 12, no INR ⇒ D5 falling, still >10×ULN, check INR; at 6×, no INR or blood count ⇒ D6 warning, one click orders INR, blood count, TSH', () => {
    const d5 = run([alt(1200, 20), alt(600, 2), tbil(12, 2), dnaIU(1e5, 10)]);
    expect(d5).toMatchObject({ id: 'D5', d5Clauses: ['falling-still-severe'], missing: ['inr'] });
    const d6 = run([alt(1200, 20), alt(240, 2), tbil(12, 2), dnaIU(1e5, 10)]);
    expect(d6).toMatchObject({ id: 'D6', clear: false, missing: ['inr', 'full-blood-count', 'tsh'] });
    expect(indicatorFor(d6, 'order-select')).toBe('warning');
    const clear = run([alt(1200, 20), alt(240, 2), tbil(12, 2), dnaIU(1e5, 10), inr(1.1, 2), neutrophils(3, 2), platelets(200, 2), tsh(2, 2)]);
    expect(clear).toMatchObject({ id: 'D6', clear: true, missing: [] });
    expect(indicatorFor(clear, 'order-select')).toBe('info');
  });
});
