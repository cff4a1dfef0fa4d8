/**
 * clinical-rules.md §4, row by row, with every boundary on both sides.
 * Each case names the edge it covers; the base patient is a 35-year-old man with CHB and nothing else.
 */
import type { FhirResource } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import { decide } from '../../src/engine/decide.js';
import type { DecisionId } from '../../src/engine/types.js';
import { NOW_MS, alt, birthDateForAge, chb, codedObs, condition, data, dnaIU, familyHistory, hbeag, histology, patient, quantityObs, tbil } from '../../devkit/builders.js';

const base = (): FhirResource[] => [patient(), chb()];
/** The base patient plus `resources`; a Patient among `resources` replaces the base one. */
const run = (resources: FhirResource[], config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG) => {
  const ownPatient = resources.some((r) => r.resourceType === 'Patient');
  return decide(data([...base().filter((r) => !(ownPatient && r.resourceType === 'Patient')), ...resources]), config, NOW_MS)!;
};

interface Case {
  name: string;
  resources: () => FhirResource[];
  expect: DecisionId;
  missing?: string[];
}

const cases: Case[] = [
  // D8 contraindications (step 1) win over everything, including an ideal window
  { name: 'D8: decompensated cirrhosis with ALT in the window', resources: () => [condition('716203000'), alt(200, 5), tbil(10, 5)], expect: 'D8' },
  { name: 'D8: ascites', resources: () => [condition('389026000'), alt(200, 5)], expect: 'D8' },
  { name: 'D8: hepatic encephalopathy', resources: () => [condition('13920009'), alt(200, 5)], expect: 'D8' },
  { name: 'not D8: decompensation resolved', resources: () => [condition('716203000', { status: 'resolved' }), alt(200, 5), tbil(10, 5)], expect: 'D1' },
  { name: 'D8: pregnancy condition', resources: () => [condition('77386006'), alt(200, 5)], expect: 'D8' },
  {
    name: 'D8: pregnancy status observation 82810-3 = pregnant',
    resources: () => [codedObs('82810-3', 3, { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '77386006' }] } }), alt(200, 5), tbil(10, 5)],
    expect: 'D8',
  },
  {
    name: 'not D8: latest pregnancy status says not pregnant',
    resources: () => [
      codedObs('82810-3', 100, { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '77386006' }] } }),
      codedObs('82810-3', 3, { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '60001007' }] } }),
      alt(200, 5),
      tbil(10, 5),
    ],
    expect: 'D1',
  },
  { name: 'D8: neutrophils 0.99 (<1.0)', resources: () => [quantityObs('751-8', 0.99, 5, { unit: '10*9/L' }), alt(200, 5), tbil(10, 5)], expect: 'D8' },
  { name: 'not D8: neutrophils 1.0 (boundary)', resources: () => [quantityObs('751-8', 1.0, 5, { unit: '10*9/L' }), alt(200, 5), tbil(10, 5)], expect: 'D1' },
  { name: 'D8: platelets 49 (10*3/uL)', resources: () => [quantityObs('777-3', 49, 5, { unit: '10*3/uL' }), alt(200, 5), tbil(10, 5)], expect: 'D8' },
  { name: 'not D8: platelets 50 (boundary)', resources: () => [quantityObs('777-3', 50, 5, { unit: '10*9/L' }), alt(200, 5), tbil(10, 5)], expect: 'D1' },
  { name: 'D8: platelets 40 at 90 days (lookback edge, inside)', resources: () => [quantityObs('777-3', 40, 90, { unit: '10*9/L' }), alt(200, 5), tbil(10, 5)], expect: 'D8' },
  { name: 'not D8: platelets 40 at 91 days (outside lookback)', resources: () => [quantityObs('777-3', 40, 91, { unit: '10*9/L' }), alt(200, 5), tbil(10, 5)], expect: 'D1' },
  {
    name: 'not D8: a newer normal platelet count supersedes a low one',
    resources: () => [quantityObs('777-3', 40, 30, { unit: '10*9/L' }), quantityObs('777-3', 150, 5, { unit: '10*9/L' }), alt(200, 5), tbil(10, 5)],
    expect: 'D1',
  },

  // D7 no ALT in the lookback (step 2)
  { name: 'D7: no ALT at all', resources: () => [], expect: 'D7', missing: ['alt'] },
  { name: 'D7: ALT at 91 days (lookback edge, outside)', resources: () => [alt(200, 91)], expect: 'D7', missing: ['alt'] },
  { name: 'not D7: ALT at 90 days (lookback edge, inside)', resources: () => [alt(200, 90), tbil(10, 90)], expect: 'D1' },
  { name: 'D7: only ALT is in an unknown unit', resources: () => [alt(200, 5, { unit: 'mmol/L' })], expect: 'D7' },
  { name: 'D7: only ALT is entered-in-error', resources: () => [alt(200, 5, { status: 'entered-in-error' })], expect: 'D7' },
  { name: 'D7: only ALT is cancelled', resources: () => [alt(200, 5, { status: 'cancelled' })], expect: 'D7' },
  { name: 'not D7: preliminary ALT counts', resources: () => [alt(200, 5, { status: 'preliminary' }), tbil(10, 5)], expect: 'D1' },

  // D5 flare not falling, or TBil significantly elevated (step 3)
  { name: 'D5: single ALT 10.1×ULN (404 U/L)', resources: () => [alt(404, 2), tbil(10, 2)], expect: 'D5' },
  { name: 'D5: ALT 401 U/L is >10.0×ULN', resources: () => [alt(401, 2), tbil(10, 2)], expect: 'D5' },
  { name: 'D5: flare rising (12× then 15×)', resources: () => [alt(480, 20), alt(600, 1), tbil(10, 1)], expect: 'D5' },
  { name: 'D5: window with TBil >2×ULN (34.3 > 34.2)', resources: () => [alt(200, 3), tbil(34.3, 3)], expect: 'D5' },
  { name: 'not D5: window with TBil exactly 2×ULN (34.2)', resources: () => [alt(200, 3), tbil(34.2, 3)], expect: 'D1' },
  { name: 'D5: TBil 51.1 µmol/L (>51) with a lab ULN of 30', resources: () => [alt(200, 3), tbil(51.1, 3, { high: 30, highUnit: 'umol/L' })], expect: 'D5' },
  { name: 'not D5: TBil 51 µmol/L with a lab ULN of 30', resources: () => [alt(200, 3), tbil(51, 3, { high: 30, highUnit: 'umol/L' })], expect: 'D1' },
  { name: 'D5: TBil rise of 17.2 µmol/L within 14 days', resources: () => [alt(200, 3), tbil(10, 13), tbil(27.2, 3)], expect: 'D5' },
  { name: 'not D5: TBil rise of exactly 17.1 µmol/L', resources: () => [alt(200, 3), tbil(10, 13), tbil(27.1, 3)], expect: 'D1' },
  { name: 'not D5: TBil rise of 17.2 but the previous is 15 days earlier', resources: () => [alt(200, 3), tbil(10, 18), tbil(27.2, 3)], expect: 'D1' },
  { name: 'D5: TBil in mg/dL (2.1 mg/dL = 35.9 µmol/L)', resources: () => [alt(200, 3), quantityObs('1975-2', 2.1, 3, { unit: 'mg/dL' })], expect: 'D5' },
  { name: 'D5: flare falling but TBil elevated', resources: () => [alt(800, 30), alt(300, 2), tbil(60, 2)], expect: 'D5' },

  // D7 after a flare with TBil unknown (step 4); TBil window of 7 days around the latest ALT
  { name: 'D7: flare then ALT ≤10×, no TBil', resources: () => [alt(600, 20), alt(300, 2)], expect: 'D7', missing: ['tbil', 'inr'] },
  { name: 'D7: flare then ALT ≤10×, TBil 8 days from the ALT', resources: () => [alt(600, 20), alt(300, 2), tbil(10, 10)], expect: 'D7', missing: ['tbil', 'inr'] },
  { name: 'D6: flare then ALT ≤10×, TBil 7 days from the ALT', resources: () => [alt(600, 20), alt(300, 2), tbil(10, 9)], expect: 'D6' },
  // (v3) a falling flare still >10×ULN is D5 *falling, still >10×ULN* (was D7/D6 in v2)
  { name: 'D5 (v3): flare falling (20×, 15×, 12×), no TBil', resources: () => [alt(800, 30), alt(600, 10), alt(480, 1)], expect: 'D5', missing: ['tbil', 'inr'] },

  // D6 after flare (step 5)
  { name: 'D5 (v3): flare falling (20×, 15×, 12×) with normal TBil', resources: () => [alt(800, 30), alt(600, 10), alt(480, 1), tbil(12, 1)], expect: 'D5' },
  { name: 'D6 (v3): flare falling (20×, 15×, 10×) with normal TBil', resources: () => [alt(800, 30), alt(600, 10), alt(400, 1), tbil(12, 1)], expect: 'D6' },
  { name: 'D6: flare settled to 4× with normal TBil', resources: () => [alt(600, 40), alt(160, 2), tbil(12, 2)], expect: 'D6' },
  { name: 'D6: flare settled to exactly 10.0×', resources: () => [alt(600, 40), alt(400, 2), tbil(12, 2)], expect: 'D6' },
  { name: 'D5: latest 12× below the 20× peak but above the ALT just before (11×)', resources: () => [alt(800, 30), alt(440, 10), alt(480, 1), tbil(12, 1)], expect: 'D5' },

  // D1 window (step 6); a flare older than the lookback no longer counts
  { name: 'D1: ALT exactly 2.0×ULN (80 U/L)', resources: () => [alt(80, 3), tbil(10, 3)], expect: 'D1' },
  { name: 'not D1: ALT 79 U/L (1.98×)', resources: () => [alt(79, 3)], expect: 'D0' },
  { name: 'D1: ALT exactly 10.0×ULN (400 U/L)', resources: () => [alt(400, 3), tbil(10, 3)], expect: 'D1' },
  { name: 'D1 with TBil unknown: asks for TBil', resources: () => [alt(200, 3)], expect: 'D1', missing: ['tbil', 'full-blood-count', 'tsh', 'hbv-dna'] },
  { name: 'D1: flare 91 days ago is outside the flare lookback', resources: () => [alt(600, 91), alt(200, 3), tbil(10, 3)], expect: 'D1' },
  { name: 'D6: flare exactly 90 days ago still counts', resources: () => [alt(600, 90), alt(200, 3), tbil(10, 3)], expect: 'D6' },
  { name: 'D1: lab ULN 50: 100 U/L is 2.0×', resources: () => [alt(100, 3, { uln: 50 }), tbil(10, 3)], expect: 'D1' },
  { name: 'D0: lab ULN 50: 99 U/L is 1.98×', resources: () => [alt(99, 3, { uln: 50 })], expect: 'D0' },
  { name: 'D1: ALT 1.34 ukat/L (80.4 U/L, 2.01×)', resources: () => [alt(1.34, 3, { unit: 'ukat/L' }), tbil(10, 3)], expect: 'D1' },

  // D3 / D4 histology (steps 7, 8), each scale either side of G2
  { name: 'D3: Scheuer G2', resources: () => [alt(60, 3), histology('scheuer-G2')], expect: 'D3' },
  { name: 'D4: Scheuer G1', resources: () => [alt(60, 3), histology('scheuer-G1')], expect: 'D4' },
  { name: 'D3: METAVIR A2', resources: () => [alt(30, 3), histology('metavir-A2')], expect: 'D3' },
  { name: 'D4: METAVIR A1', resources: () => [alt(30, 3), histology('metavir-A1')], expect: 'D4' },
  { name: 'D3: Knodell HAI 4', resources: () => [alt(60, 3), histology('knodell-HAI-4')], expect: 'D3' },
  { name: 'D4: Knodell HAI 3', resources: () => [alt(60, 3), histology('knodell-HAI-3')], expect: 'D4' },
  { name: 'D3: Ishak HAI 4', resources: () => [alt(60, 3), histology('ishak-HAI-4')], expect: 'D3' },
  { name: 'D4: Ishak HAI 3', resources: () => [alt(60, 3), histology('ishak-HAI-3')], expect: 'D4' },
  { name: 'D3: biopsy 36 months old still counts', resources: () => [alt(60, 3), histology('scheuer-G3', 365 * 3 - 5)], expect: 'D3' },
  { name: 'D0: biopsy older than 36 months is ignored', resources: () => [alt(60, 3), histology('scheuer-G3', 365 * 3 + 5)], expect: 'D0' },
  { name: 'D1 over D3: ALT in the window wins over a G2 biopsy', resources: () => [alt(200, 3), tbil(10, 3), histology('scheuer-G2')], expect: 'D1' },

  // D2 biopsy recommended (step 9) and D0 otherwise (step 10)
  { name: 'D0: normal ALT, 35 years, no trigger', resources: () => [alt(30, 3)], expect: 'D0' },
  { name: 'D2: normal ALT, age 40 today', resources: () => [patient({ birthDate: birthDateForAge(40) }), alt(30, 3)], expect: 'D2' },
  { name: 'D0: normal ALT, 40th birthday tomorrow (age 39)', resources: () => [patient({ birthDate: birthDateForAge(40, 1) }), alt(30, 3)], expect: 'D0' },
  { name: 'D2: ALT exactly 1.0×ULN is normal', resources: () => [patient({ birthDate: birthDateForAge(45) }), alt(40, 3)], expect: 'D2' },
  { name: 'D2: family history of HCC', resources: () => [familyHistory('109841003'), alt(30, 3)], expect: 'D2' },
  { name: 'D2: family history of CHB', resources: () => [familyHistory('61977001'), alt(30, 3)], expect: 'D2' },
  { name: 'D2: imaging chronic liver disease', resources: () => [condition('328383001'), alt(30, 3)], expect: 'D2' },
  { name: 'D2: HBeAg negative, HBV DNA 2,000 IU/mL', resources: () => [hbeag(false), dnaIU(2000, 20), alt(30, 3)], expect: 'D2' },
  { name: 'D0: HBeAg negative, HBV DNA 1,999 IU/mL', resources: () => [hbeag(false), dnaIU(1999, 20), alt(30, 3)], expect: 'D0' },
  { name: 'D0: HBeAg positive, HBV DNA 1e6 IU/mL', resources: () => [hbeag(true), dnaIU(1e6, 20), alt(30, 3)], expect: 'D0' },
  {
    name: 'D2: HBeAg negative, 11,640 copies/mL (= 2,000 IU/mL)',
    resources: () => [hbeag(false), quantityObs('29615-2', 11640, 20, { unit: '{copies}/mL' }), alt(30, 3)],
    expect: 'D2',
  },
  {
    name: 'D0: HBeAg negative, 11,639 copies/mL (< 2,000 IU/mL)',
    resources: () => [hbeag(false), quantityObs('29615-2', 11639, 20, { unit: '{copies}/mL' }), alt(30, 3)],
    expect: 'D0',
  },
  { name: 'D0: HBeAg negative, HBV DNA older than 12 months', resources: () => [hbeag(false), dnaIU(50000, 370), alt(30, 3)], expect: 'D0' },
  {
    name: 'D2: recurrent mild, first and last 28 days apart, with a trigger',
    resources: () => [familyHistory('109841003'), alt(60, 31), alt(60, 3)],
    expect: 'D2',
  },
  {
    name: 'D0: mild results only 27 days apart are not recurrent',
    resources: () => [familyHistory('109841003'), alt(60, 30), alt(60, 3)],
    expect: 'D0',
  },
  { name: 'D0: single mild result with a trigger', resources: () => [familyHistory('109841003'), alt(60, 3)], expect: 'D0' },
  {
    name: 'D0: mild results more than 12 months back do not make it recurrent',
    resources: () => [familyHistory('109841003'), alt(60, 400), alt(60, 3)],
    expect: 'D0',
  },
];

describe('§4 decision procedure', () => {
  it.each(cases)('$name', ({ resources, expect: expected, missing }) => {
    const d = run(resources());
    expect(d.id).toBe(expected);
    if (missing) expect(d.missing).toEqual(missing);
    // The trace ends at the deciding step, and every step before it is recorded as not applying.
    const last = d.steps[d.steps.length - 1]!;
    expect(last).toMatchObject({ decision: expected, applies: true });
    expect(d.steps.slice(0, -1).every((s) => !s.applies)).toBe(true);
  });

  it('D7 when ALT is missing lists the ALT as missing, not the TBil', () => {
    expect(run([]).missing).toEqual(['alt']);
  });

  it('carries the decision code and the passage rules', () => {
    expect(run([alt(200, 3), tbil(10, 3)])).toMatchObject({ code: 'ifn-window', rules: ['P1', 'P2', 'P5'] });
    expect(run([alt(404, 2), tbil(10, 2)])).toMatchObject({ code: 'ifn-deferred', rules: ['P4', 'P7'] });
    expect(run([alt(30, 3)])).toMatchObject({ code: 'ifn-low-response', rules: ['P3'] });
    expect(run([condition('716203000'), alt(30, 3)])).toMatchObject({ code: 'ifn-contraindicated' });
  });

  it('D8 still computes the timing facts', () => {
    const d = run([condition('716203000'), alt(200, 5)]);
    expect(d.facts.latestAlt?.multiple).toBe(5);
    expect(d.contraindications.map((c) => c.kind)).toEqual(['decompensation']);
  });

  it('lists every contraindication, each with its evidence', () => {
    const d = run([condition('716203000'), condition('77386006'), quantityObs('751-8', 0.5, 5, { unit: '10*9/L' }), quantityObs('777-3', 30, 5, { unit: '10*9/L' }), alt(200, 5)]);
    expect(d.contraindications.map((c) => c.kind)).toEqual(['decompensation', 'pregnancy', 'neutropenia', 'thrombocytopenia']);
    expect(d.contraindications.every((c) => (c.condition?.source ?? c.count?.source ?? '').length > 0)).toBe(true);
  });

  it('configured thresholds move the boundaries (biopsy age 35)', () => {
    const config = { ...DEFAULT_CLINICAL_CONFIG, biopsyAge: 35 };
    expect(run([alt(30, 3)], config).id).toBe('D2');
  });

  it('a site ULN of 35 U/L moves the window (70 U/L = 2.0×)', () => {
    const config = { ...DEFAULT_CLINICAL_CONFIG, altUln: { male: 35, female: 35 } };
    expect(run([alt(70, 3), tbil(10, 3)], config).id).toBe('D1');
    expect(run([alt(69, 3)], config).id).toBe('D0');
  });

  it('per-sex ULN: a woman with ULN 30 is in the window at 60 U/L, a man with ULN 40 is not', () => {
    const config = { ...DEFAULT_CLINICAL_CONFIG, altUln: { male: 40, female: 30 } };
    const woman = decide(data([patient({ gender: 'female' }), chb(), alt(60, 3), tbil(10, 3)]), config, NOW_MS)!;
    const man = decide(data([patient({ gender: 'male' }), chb(), alt(60, 3), tbil(10, 3)]), config, NOW_MS)!;
    expect(woman.id).toBe('D1');
    expect(man.id).toBe('D0');
    expect(woman.facts.latestAlt).toMatchObject({ uln: 30, ulnOrigin: 'default' });
  });

  it('a lab reference range wins over the default, and says so', () => {
    const d = run([alt(100, 3, { uln: 50 }), tbil(10, 3)]);
    expect(d.facts.latestAlt).toMatchObject({ uln: 50, ulnOrigin: 'lab', multiple: 2 });
  });
});
