/**
 * clinical-rules.md version 2 items as version 3 reads them (rewritten where v3 changed the behaviour; every v2
 * boundary kept or replaced by its v3 equivalent). v3-only boundaries: v3-boundaries.test.ts. The base patient is a 35-year-old
 * man with CHB and nothing else; each case names the edge it covers.
 */
import type { FhirResource, Observation } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import { decide } from '../../src/engine/decide.js';
import { evaluateHook } from '../../src/engine/evaluate.js';
import { indicatorFor } from '../../src/engine/indicator.js';
import type { Decision } from '../../src/engine/types.js';
import { NOW_MS, PEG_IFN, ENTECAVIR, alt, chb, condition, data, daysAgo, dnaIU, familyHistory, hbeag, histology, histologyText, medRequest, observation, patient, quantityObs, tbil, tsh } from '../../devkit/builders.js';

const HISTOLOGY = 'https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology';
const run = (resources: FhirResource[], config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): Decision => {
  const own = resources.some((r) => r.resourceType === 'Patient');
  return decide(data([...(own ? [] : [patient()]), chb(), ...resources]), config, NOW_MS)!;
};
let n = 0;
function fibrosis(value: { code: string } | { text: string }, days = 60): Observation {
  return observation(
    { id: `fib-${++n}`, patientId: 'p1', coding: { system: HISTOLOGY, code: 'liver-fibrosis-stage' }, effective: daysAgo(days) },
    'code' in value ? { valueCodeableConcept: { coding: [{ system: HISTOLOGY, code: value.code }] } } : { valueString: value.text },
  );
}
const inr = (value: number, days: number) => quantityObs('6301-6', value, days);
const counts = (neutrophils: number, platelets: number, days = 5) => [quantityObs('751-8', neutrophils, days, { unit: '10*9/L' }), quantityObs('777-3', platelets, days, { unit: '10*9/L' })];
const ok = () => [tbil(10, 3), ...counts(3, 200), dnaIU(1e5, 20), tsh(2, 5)];

describe('(v2) 1. fibrosis stage and D9', () => {
  it.each([
    ['scheuer-S2', true, false],
    ['scheuer-S1', false, false],
    ['scheuer-S3', true, false],
    ['scheuer-S4', true, true],
    ['metavir-F2', true, false],
    ['metavir-F1', false, false],
    ['metavir-F3', true, false],
    ['metavir-F4', true, true],
    ['ishak-F3', true, false],
    ['ishak-F2', false, false],
    ['ishak-F4', true, false],
    ['ishak-F5', true, true],
  ])('%s: significant %s, cirrhosis %s', (code, significant, cirrhosis) => {
    const d = run([alt(60, 3), fibrosis({ code })]);
    expect(d.facts.fibrosis).toMatchObject({ significant, cirrhosisOnRecord: cirrhosis });
    expect(d.id).toBe(significant ? 'D9' : 'D0');
    if (significant) expect(d.d9Reasons).toEqual(['fibrosis']);
  });

  it.each([
    ['S3', 'scheuer', 3],
    ['F2', 'metavir', 2],
    ['Ishak 4', 'ishak', 4],
  ])('reads the stage from text "%s"', (text, scale, stage) => {
    expect(run([alt(60, 3), fibrosis({ text })]).facts.fibrosis.stage).toMatchObject({ scale, stage, from: 'fibrosis-result' });
  });

  it('a biopsy reading "G1S4" is cirrhosis: D9, not D4', () => {
    const d = run([alt(30, 3), histologyText('G1S4')]);
    expect(d.facts.fibrosis).toMatchObject({ cirrhosisOnRecord: true, stage: { scale: 'scheuer', stage: 4, from: 'combined-text' } });
    expect(d.id).toBe('D9');
  });

  it('"A1F3" is significant fibrosis, "A2F1" is not', () => {
    expect(run([alt(30, 3), histologyText('A1F3')]).id).toBe('D9');
    expect(run([alt(30, 3), histologyText('A2F1')]).id).toBe('D3');
  });

  it('a dedicated fibrosis result wins over the combined text of the same date', () => {
    const d = run([alt(30, 3), histologyText('G1S1', 60), fibrosis({ code: 'scheuer-S3' }, 60)]);
    expect(d.facts.fibrosis.stage).toMatchObject({ stage: 3, from: 'fibrosis-result' });
  });

  it('a cirrhosis Condition is cirrhosis on record: D9 at normal ALT', () => {
    const d = run([alt(30, 3), condition('19943007')]);
    expect(d.facts.fibrosis).toMatchObject({ cirrhosisOnRecord: true, cirrhosisBy: ['condition'] });
    expect(d.id).toBe('D9');
  });

  it('fibrosis 36 months old counts; older is passed over as too old', () => {
    expect(run([alt(30, 3), fibrosis({ code: 'metavir-F3' }, 365 * 3 - 5)]).id).toBe('D9');
    const old = run([alt(30, 3), fibrosis({ code: 'metavir-F3' }, 365 * 3 + 5)]);
    expect(old.id).toBe('D0');
    expect(old.passedOver).toMatchObject([{ input: 'fibrosis', reason: 'too-old' }]);
  });

  it('a 40-month-old G3 biopsy is listed as passed over, not silently dropped', () => {
    const d = run([alt(30, 3), histology('scheuer-G3', 40 * 30.5)]);
    expect(d.facts.histology).toBeUndefined();
    expect(d.passedOver).toMatchObject([{ input: 'histology', reason: 'too-old' }]);
  });

  it('D9 with HBV DNA unknown suggests it; detectable does not', () => {
    expect(run([alt(30, 3), fibrosis({ code: 'metavir-F4' })]).missing).toEqual(['hbv-dna']);
    expect(run([alt(30, 3), fibrosis({ code: 'metavir-F4' }), dnaIU(5000, 30)]).missing).toEqual([]);
  });

  it('ALT in the window with fibrosis stays D1 (window first), with the cirrhosis caveat', () => {
    const d = run([alt(200, 3), ...ok(), fibrosis({ code: 'metavir-F4' })]);
    expect(d.id).toBe('D1');
    expect(d.caveats).toEqual(['cirrhosis']);
  });
});

describe('(v2) 2. ALT falling needs a real fall', () => {
  it('(v3) exactly 80 % of the peak with the ALT before higher: falling, but still 16× ⇒ D5 falling-still-severe', () => {
    const d = run([alt(800, 20), alt(640, 1), tbil(10, 1)]);
    expect(d.facts.flare).toMatchObject({ falling: true, fractionOfPeak: 0.8 });
    expect(d.id).toBe('D5');
    expect(d.d5Clauses).toEqual(['falling-still-severe']);
    expect(indicatorFor(d, 'patient-view')).toBe('warning');
    expect(indicatorFor(d, 'order-select')).toBe('critical');
  });

  it('81 % of the peak: not falling (D5)', () => {
    const d = run([alt(800, 20), alt(648, 1), tbil(10, 1)]);
    expect(d.facts.flare).toMatchObject({ falling: false, fractionOfPeak: 0.81 });
    expect(d.id).toBe('D5');
    expect(d.d5Clauses).toEqual(['not-settling']);
  });

  it('18.0 → 17.9×ULN is a dip, not a fall', () => {
    const d = run([alt(720, 5), alt(716, 1), tbil(10, 1)]);
    expect(d.facts.flare?.falling).toBe(false);
    expect(d.id).toBe('D5');
  });

  it('below 80 % of the peak but above the ALT just before: not falling', () => {
    expect(run([alt(800, 30), alt(440, 10), alt(480, 1), tbil(12, 1)]).facts.flare?.falling).toBe(false);
  });

  it('a single result is not falling; the peak itself is never falling', () => {
    expect(run([alt(600, 1), tbil(10, 1)]).facts.flare).toMatchObject({ falling: false, fractionOfPeak: 1 });
  });

  it('same-instant ties: the higher value counts as earlier', () => {
    const d = run([alt(800, 2, { id: 'a-high' }), alt(500, 2, { id: 'a-low' }), tbil(10, 2)]);
    expect(d.facts.latestAlt?.source).toBe('Observation/a-low');
    expect(d.facts.flare?.altBefore?.source).toBe('Observation/a-high');
    expect(d.facts.flare?.falling).toBe(true);
  });
});

describe('(v2) 3. D6 needs ALT still ≥2×ULN and not rising again', () => {
  it('flare settled to exactly 2.0×ULN: D6', () => {
    expect(run([alt(600, 30), alt(80, 2), tbil(10, 2)]).id).toBe('D6');
  });

  it('flare settled to 1.9×ULN: D9 settled flare, recheck weeks from the config', () => {
    const d = run([alt(600, 30), alt(76, 2), tbil(10, 2)]);
    expect(d.id).toBe('D9');
    expect(d.d9Reasons).toEqual(['settled-flare']);
    expect(d.thresholds.postFlareRecheckWeeks).toBe(4);
    expect(d.na.offer).toBe('entecavir');
  });

  it('after a flare, ALT rising again within the window: D5, not D6', () => {
    const d = run([alt(600, 40), alt(120, 20), alt(200, 2), tbil(10, 2)]);
    expect(d.facts.flare).toMatchObject({ risingAgain: true, falling: false });
    expect(d.id).toBe('D5');
    expect(d.rules).toEqual(['P7']);
  });

  it('(v3) after a flare, ALT lower again within the window: D6; info on order hooks only when clear (screen, INR, HBV DNA)', () => {
    const d = run([alt(600, 40), alt(200, 20), alt(120, 2), tbil(10, 2)]);
    expect(d.id).toBe('D6');
    expect(d.caveats).toEqual(['screen-incomplete', 'inr-unknown', 'dna-unknown']);
    expect(d.missing).toEqual(['inr', 'full-blood-count', 'tsh', 'hbv-dna']);
    expect(indicatorFor(d, 'order-select')).toBe('warning');
    const clear = run([alt(600, 40), alt(200, 20), alt(120, 2), ...ok(), inr(1.0, 2)]);
    expect(clear).toMatchObject({ id: 'D6', clear: true, caveats: [] });
    expect(indicatorFor(clear, 'order-select')).toBe('info');
  });
});

describe('(v2) 4. D5 clauses: cirrhosis, coagulopathy, bilirubin, dissociation', () => {
  const settled = () => [alt(600, 30), alt(200, 2), tbil(10, 2)];

  it('a settled flare in cirrhosis is D5 whatever the latest ALT', () => {
    const d = run([...settled(), condition('19943007')]);
    expect(d.id).toBe('D5');
    expect(d.d5Clauses).toEqual(['cirrhosis']);
    expect(d.rules).toEqual(['P7']);
  });

  it('INR 1.51 is coagulopathy (D5); INR 1.5 is not (D6)', () => {
    const high = run([...settled(), inr(1.51, 2)]);
    expect(high.id).toBe('D5');
    expect(high.d5Clauses).toEqual(['coagulopathy']);
    expect(high.d5Tail).toBe('na-now-admission');
    expect(run([...settled(), inr(1.5, 2)]).id).toBe('D6');
  });

  it('INR anchor: 7 days before now counts, 8 days does not', () => {
    expect(run([...settled(), inr(1.8, 7)]).id).toBe('D5');
    const old = run([...settled(), inr(1.8, 8)]);
    expect(old.id).toBe('D6');
    expect(old.facts.inr).toMatchObject({ coagulopathy: false, lastOnRecord: { value: 1.8 } });
  });

  it('the bilirubin clause alone does not tag P4, and names its criteria', () => {
    const d = run([alt(200, 3), tbil(45, 3)]);
    expect(d.id).toBe('D5');
    expect(d.d5Clauses).toEqual(['bilirubin']);
    expect(d.rules).toEqual(['P7']);
    expect(d.facts.tbil.reasons).toEqual(['over-uln-multiple']);
    expect(d.missing).toEqual(['inr']);
  });

  it('ALT falling while TBil rises: the enzyme–bilirubin dissociation (named instead of the bilirubin clause), urgent', () => {
    const d = run([alt(800, 10), alt(360, 2), tbil(15, 6), tbil(40, 2)]);
    expect(d.id).toBe('D5');
    expect(d.d5Clauses).toEqual(['dissociation']);
    expect(d.d5Tail).toBe('na-now-admission');
    expect(d.facts.flare?.dissociation).toBe(true);
  });

  it('no dissociation when TBil is elevated but not rising', () => {
    const d = run([alt(800, 10), alt(360, 2), tbil(60, 6), tbil(55, 2)]);
    expect(d.facts.flare?.dissociation).toBe(false);
  });

  it('a flare not settling with TBil unknown asks for TBil and INR', () => {
    expect(run([alt(600, 2)]).missing).toEqual(['tbil', 'inr']);
  });

  it('TBil 7 days from the latest ALT is used; 8 days is unknown (and the last on record is kept)', () => {
    expect(run([alt(600, 30), alt(200, 2), tbil(10, 9)]).facts.tbil.state).toBe('not-elevated');
    const d = run([alt(600, 30), alt(200, 2), tbil(10, 10)]);
    expect(d.id).toBe('D7');
    expect(d.facts.tbil).toMatchObject({ state: 'unknown', lastOnRecord: { umolL: 10 } });
  });
});

describe('(v2) 5. D1 safety screen', () => {
  it('complete and acceptable (v3: TSH too): no caveat, clear, info on order hooks', () => {
    const d = run([alt(200, 3), ...ok()]);
    expect(d.caveats).toEqual([]);
    expect(d.clear).toBe(true);
    expect(d.facts.safetyScreen).toMatchObject({ tbil: { state: 'acceptable' }, neutrophils: { state: 'acceptable' }, platelets: { state: 'acceptable' }, tsh: { state: 'acceptable' }, clear: true });
    expect(indicatorFor(d, 'order-select')).toBe('info');
  });

  it('no blood count: incomplete, missing counts, warning on order hooks', () => {
    const d = run([alt(200, 3), tbil(10, 3), dnaIU(1e5, 20), tsh(2, 5)]);
    expect(d.caveats).toEqual(['screen-incomplete']);
    expect(d.missing).toEqual(['full-blood-count']);
    expect(indicatorFor(d, 'order-select')).toBe('warning');
    expect(indicatorFor(d, 'patient-view')).toBe('info');
  });

  it.each([
    [1.49, 200, 'relative'],
    [1.5, 200, 'acceptable'],
    [3, 89, 'relative'],
    [3, 90, 'acceptable'],
  ])('neutrophils %s, platelets %s: %s', (neutrophils, platelets, state) => {
    const d = run([alt(200, 3), tbil(10, 3), dnaIU(1e5, 20), tsh(2, 5), ...counts(neutrophils, platelets)]);
    expect(d.caveats).toEqual(state === 'acceptable' ? [] : ['screen-relative']);
    expect(d.relativeContraindications.map((r) => r.kind)).toEqual(state === 'acceptable' ? [] : [neutrophils < 1.5 ? 'neutrophils-low' : 'platelets-low']);
  });

  it('counts 90 days old count; 91 days is unknown', () => {
    expect(run([alt(200, 3), tbil(10, 3), dnaIU(1e5, 20), tsh(2, 5), ...counts(3, 200, 90)]).caveats).toEqual([]);
    expect(run([alt(200, 3), tbil(10, 3), dnaIU(1e5, 20), tsh(2, 5), ...counts(3, 200, 91)]).caveats).toEqual(['screen-incomplete']);
  });

  it('HBV DNA below detection or unknown is a caveat; unknown is suggested', () => {
    expect(run([alt(200, 3), tbil(10, 3), tsh(2, 5), ...counts(3, 200), dnaIU(20, 20, { comparator: '<' })]).caveats).toEqual(['dna-below-detection']);
    const unknown = run([alt(200, 3), tbil(10, 3), tsh(2, 5), ...counts(3, 200)]);
    expect(unknown.caveats).toEqual(['dna-unknown']);
    expect(unknown.missing).toEqual(['hbv-dna']);
  });

  it('D3 with HBV DNA unknown: caveat and suggestion; (v3) detectable with a clear screen: info on order hooks', () => {
    const unknown = run([alt(60, 3), histology('scheuer-G2'), tbil(10, 3), tsh(2, 5), ...counts(3, 200)]);
    expect(unknown).toMatchObject({ id: 'D3', caveats: ['dna-unknown'], missing: ['hbv-dna'] });
    expect(indicatorFor(unknown, 'order-select')).toBe('warning');
    expect(indicatorFor(run([alt(60, 3), histology('scheuer-G2'), ...ok()]), 'order-select')).toBe('info');
    expect(indicatorFor(run([alt(60, 3), histology('scheuer-G2'), dnaIU(1e5, 20)]), 'order-select')).toBe('warning');
  });
});

describe('(v2) 6/7. NA wording and D8 alternatives', () => {
  it('on entecavir with a flare: D5, continue the NA, never offer entecavir', () => {
    const d = run([alt(600, 2), tbil(10, 2), medRequest(ENTECAVIR)]);
    expect(d.id).toBe('D5');
    expect(d.na).toMatchObject({ continueCurrent: true });
    expect(d.na.offer).toBeUndefined();
  });

  it('pregnant with ALT in the window: tenofovir DF offered', () => {
    expect(run([condition('77386006'), alt(200, 3)]).na).toMatchObject({ offer: 'tenofovir-df', therapyIndicated: true });
  });

  it('pregnant, normal ALT: HBV DNA 2×10⁵ IU/mL indicates an NA, 1.99×10⁵ does not', () => {
    expect(run([condition('77386006'), alt(30, 3), dnaIU(200000, 20)]).na.offer).toBe('tenofovir-df');
    const low = run([condition('77386006'), alt(30, 3), dnaIU(199000, 20)]);
    expect(low.na.offer).toBeUndefined();
    expect(low.na.therapyIndicated).toBe(false);
  });

  it('pregnant on entecavir: switch to tenofovir DF, no offer', () => {
    const d = run([condition('77386006'), alt(200, 3), medRequest(ENTECAVIR)]);
    expect(d.na).toMatchObject({ switchToTenofovirDf: true, continueCurrent: false });
    expect(d.na.offer).toBeUndefined();
  });

  it('decompensated cirrhosis: entecavir and transplant referral', () => {
    expect(run([condition('716203000'), alt(30, 3)]).na).toMatchObject({ offer: 'entecavir', transplantReferral: true });
  });

  it('a cytopenia at normal ALT without other indication: no NA', () => {
    const d = run([alt(30, 3), ...counts(0.8, 200)]);
    expect(d.id).toBe('D8');
    expect(d.na.offer).toBeUndefined();
  });
});

describe('(v2) 8. list-based triggers read recorded / not recorded', () => {
  it('an unrelated family history is "not recorded", not "not met"', () => {
    const d = run([alt(30, 3), familyHistory('38341003')]);
    expect(d.facts.triggers.find((t) => t.kind === 'family-history')?.state).toBe('not-recorded');
    expect(d.facts.triggers.find((t) => t.kind === 'imaging')?.state).toBe('not-recorded');
  });

  it('a family history of HCC is recorded, with the relative', () => {
    const t = run([alt(30, 3), familyHistory('109841003')]).facts.triggers.find((x) => x.kind === 'family-history');
    expect(t).toMatchObject({ state: 'recorded', family: [{ condition: { code: '109841003' }, relationship: { code: 'MTH' } }] });
  });

  it('HBeAg negative with no HBV DNA in 12 months: unknown, and HBV DNA is suggested', () => {
    const d = run([alt(30, 3), hbeag(false)]);
    expect(d.facts.triggers.find((t) => t.kind === 'hbeag-negative-dna')?.state).toBe('unknown');
    expect(d).toMatchObject({ id: 'D0', missing: ['hbv-dna'] });
  });
});

describe('(v2) thresholds come from the config', () => {
  it('flareFallFraction 0.9 makes 85 % a fall; inrHigh 2 makes 1.8 no coagulopathy', () => {
    const config = { ...DEFAULT_CLINICAL_CONFIG, flareFallFraction: 0.9, inrHigh: 2 };
    expect(run([alt(800, 20), alt(680, 1), tbil(10, 1)], config).facts.flare?.falling).toBe(true);
    expect(run([alt(600, 30), alt(200, 2), tbil(10, 2), inr(1.8, 2)], config).id).toBe('D6');
  });

  it('relative count thresholds move', () => {
    const config = { ...DEFAULT_CLINICAL_CONFIG, relativePlateletsBelow: 150 };
    expect(run([alt(200, 3), tbil(10, 3), dnaIU(1e5, 20), tsh(2, 5), ...counts(3, 120)], config).caveats).toEqual(['screen-relative']);
  });

  it('the decision carries the thresholds it used', () => {
    expect(run([alt(30, 3)]).thresholds).toMatchObject({ flareFallFraction: 0.8, inrHigh: 1.5, relativeNeutrophilsBelow: 1.5, relativePlateletsBelow: 90, postFlareRecheckWeeks: 4, pregnancyNaDnaIU: 200000 });
  });
});

describe('§5 order hooks: several interferon drafts', () => {
  const draft = (id: string) => ({ ...medRequest(PEG_IFN, { id, status: 'draft' }) });
  const drafts = (...resources: FhirResource[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
  it('every selected interferon draft is carried', () => {
    const d = data([patient(), chb(), alt(200, 3)]);
    for (const hook of ['order-select'] as const) {
      const e = evaluateHook(hook, { patientId: 'p1', selections: ['MedicationRequest/a', 'MedicationRequest/b'], draftOrders: drafts(draft('a'), draft('b')) }, d, DEFAULT_CLINICAL_CONFIG, NOW_MS);
      expect(e.orders.map((o) => o.reference)).toEqual(['MedicationRequest/a', 'MedicationRequest/b']);
    }
  });
});
