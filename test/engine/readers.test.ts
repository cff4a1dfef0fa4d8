/** clinical-rules.md §2: each unit conversion, each way of coding HBeAg/HBsAg, each histology scale, the medication matchers. */
import { DEFAULT_CLINICAL_CONFIG as C } from '../../src/engine/config.js';
import { readAlt } from '../../src/engine/readers/alt.js';
import { ageRange } from '../../src/engine/readers/age.js';
import { readHbeag, readHbsag } from '../../src/engine/readers/antigens.js';
import { readPlatelets } from '../../src/engine/readers/counts.js';
import { readHbvDna, toIU } from '../../src/engine/readers/hbv-dna.js';
import { gradeFromText, readHistology as readAllHistology } from '../../src/engine/readers/histology.js';
import { classifyOrder } from '../../src/engine/readers/medications.js';
import { readTbil } from '../../src/engine/readers/tbil.js';
import type { PassedOver } from '../../src/engine/types.js';
import type { ClinicalConfig } from '../../src/engine/config.js';
import type { Json } from '../../src/fhir/json.js';
import { NOW_MS, alt, codedObs, daysAgo, histology, histologyText, medRequest, patient, quantityObs, tbil } from '../../devkit/builders.js';

const j = (x: unknown) => x as Json;
const readHistology = (o: Json[], c: ClinicalConfig, now: number, p: PassedOver[]) => readAllHistology(o, c, now, p).grades;
const one = <T>(xs: T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0]!;
};

describe('ALT', () => {
  it.each([
    ['U/L', 80, 80],
    ['[IU]/L', 80, 80],
    ['IU/L', 80, 80],
    ['ukat/L', 1.5, 90],
    ['µkat/L', 1.5, 90],
  ])('%s: %d → %d U/L', (unit, value, expected) => {
    const r = one(readAlt({ observations: [j(alt(value, 3, { unit }))] }, C, NOW_MS, []));
    expect(r.value).toBeCloseTo(expected, 9);
  });

  it('ignores an unknown unit and lists it as passed over, with the unit', () => {
    const notes: PassedOver[] = [];
    expect(readAlt({ observations: [j(alt(80, 3, { unit: 'mg/dL' }))] }, C, NOW_MS, notes)).toEqual([]);
    expect(notes).toMatchObject([{ input: 'alt', reason: 'unknown-unit', unit: 'mg/dL' }]);
  });

  it('ignores an ALT without a unit', () => {
    const o = alt(80, 3);
    delete o.valueQuantity!.unit;
    delete o.valueQuantity!.code;
    expect(readAlt({ observations: [j(o)] }, C, NOW_MS, [])).toEqual([]);
  });

  it('ignores results with no effective date, and results dated after the evaluation date', () => {
    const undated = alt(80, 3);
    delete undated.effectiveDateTime;
    const future = alt(80, -3);
    const notes: PassedOver[] = [];
    expect(readAlt({ observations: [j(undated), j(future)] }, C, NOW_MS, notes)).toEqual([]);
    expect(notes).toHaveLength(2);
  });

  it('reads effectivePeriod and effectiveInstant', () => {
    const a = alt(80, 3);
    delete a.effectiveDateTime;
    a.effectivePeriod = { start: daysAgo(4), end: daysAgo(3) };
    const b = alt(90, 3);
    delete b.effectiveDateTime;
    b.effectiveInstant = daysAgo(2);
    const rs = readAlt({ observations: [j(a), j(b)] }, C, NOW_MS, []);
    expect(rs.map((r) => r.value)).toEqual([90, 80]);
  });

  it('takes the ULN from referenceRange.high in ukat/L, converted', () => {
    const r = one(readAlt({ observations: [j(alt(1.2, 3, { unit: 'ukat/L', high: 0.75, highUnit: 'ukat/L' }))] }, C, NOW_MS, []));
    expect(r).toMatchObject({ uln: 45, ulnOrigin: 'lab', multiple: 1.6 });
  });

  it('falls back to the default ULN when the range is in an unknown unit', () => {
    const r = one(readAlt({ observations: [j(alt(80, 3, { high: 1, highUnit: 'g/L' }))] }, C, NOW_MS, []));
    expect(r).toMatchObject({ uln: 40, ulnOrigin: 'default' });
  });

  it('uses per-sex defaults', () => {
    const config = { ...C, altUln: { default: 40, male: 50, female: 40 } };
    const r = one(readAlt({ observations: [j(alt(100, 3))], patient: j(patient({ gender: 'male' })) }, config, NOW_MS, []));
    expect(r).toMatchObject({ uln: 50, multiple: 2, band: 'window' });
  });
});

describe('HBV DNA', () => {
  it.each([
    ['42595-9', 2000, '[IU]/mL', 2000],
    ['29615-2', 5820, '{copies}/mL', 1000],
    ['29615-2', 5820, 'copies/mL', 1000],
    ['48398-2', 3, '{Log_IU}/mL', 1000],
    ['45161-7', 4, '{Log_copies}/mL', 10000 / 5.82],
    ['47216-7', 582, '{copies}/mL', 100],
    ['48650-6', 582, '{copies}/mL', 100],
  ])('%s %d %s → %d IU/mL', (code, value, unit, iu) => {
    const r = one(readHbvDna([j(quantityObs(code, value, 10, { unit }))], C, NOW_MS, []));
    expect(r.iu).toBeCloseTo(iu, 6);
    expect(r.belowDetection).toBe(false);
  });

  it('uses the code when the unit is missing', () => {
    const o = quantityObs('29615-2', 5820, 10);
    expect(one(readHbvDna([j(o)], C, NOW_MS, [])).iu).toBeCloseTo(1000, 6);
  });

  it('honours a configured copies-per-IU factor', () => {
    const r = one(readHbvDna([j(quantityObs('29615-2', 5000, 10, { unit: '{copies}/mL' }))], { ...C, copiesPerIU: 5 }, NOW_MS, []));
    expect(r.iu).toBe(1000);
  });

  it.each([
    ['<', 20],
    ['<=', 10],
  ])('comparator %s is below detection, a known low value', (comparator, v) => {
    const r = one(readHbvDna([j(quantityObs('42595-9', v, 10, { unit: '[IU]/mL', comparator: comparator as '<' }))], C, NOW_MS, []));
    expect(r).toMatchObject({ belowDetection: true, iu: v });
  });

  it.each(['Not detected', 'Target not detected', 'undetectable', '未检出'])('"%s" is below detection', (text) => {
    const r = one(readHbvDna([j(codedObs('42595-9', 10, { valueString: text }))], C, NOW_MS, []));
    expect(r.belowDetection).toBe(true);
    const cc = one(readHbvDna([j(codedObs('42595-9', 10, { valueCodeableConcept: { text } }))], C, NOW_MS, []));
    expect(cc.belowDetection).toBe(true);
  });

  it('29610-3 negative is below detection; positive is detectable without a quantity', () => {
    const neg = one(readHbvDna([j(codedObs('29610-3', 10, { interpretation: [{ coding: [{ code: 'NEG' }] }] }))], C, NOW_MS, []));
    expect(neg.belowDetection).toBe(true);
    const pos = one(readHbvDna([j(codedObs('29610-3', 10, { valueString: 'Detected' }))], C, NOW_MS, []));
    expect(pos).toMatchObject({ belowDetection: false });
    expect(pos.iu).toBeUndefined();
  });

  it('toIU covers each form', () => {
    expect(toIU(100, 'iu', 5.82)).toBe(100);
    expect(toIU(582, 'copies', 5.82)).toBeCloseTo(100, 9);
    expect(toIU(2, 'log-iu', 5.82)).toBeCloseTo(100, 9);
    expect(toIU(2, 'log-copies', 5.82)).toBeCloseTo(100 / 5.82, 9);
  });
});

describe('HBeAg and HBsAg', () => {
  const sn = (code: string, display?: string) => ({ valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code, ...(display ? { display } : {}) }] } });
  it.each([
    ['SNOMED 10828004', sn('10828004'), true],
    ['SNOMED 260385009', sn('260385009'), false],
    ['display "Positive" with a local code', { valueCodeableConcept: { coding: [{ system: 'urn:local', code: 'P', display: 'Positive' }] } }, true],
    ['text "negative"', { valueCodeableConcept: { text: 'negative' } }, false],
    ['text 阳性', { valueCodeableConcept: { text: '阳性' } }, true],
    ['text 阴性', { valueCodeableConcept: { text: '阴性' } }, false],
    ['interpretation POS', { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'POS' }] }] }, true],
    ['interpretation NEG', { interpretation: [{ coding: [{ code: 'NEG' }] }] }, false],
    ['interpretation H', { interpretation: [{ coding: [{ code: 'H' }] }] }, true],
    ['interpretation N', { interpretation: [{ coding: [{ code: 'N' }] }] }, false],
    ['valueString "Positive"', { valueString: 'Positive' }, true],
    ['valueString "阴性"', { valueString: '阴性' }, false],
  ])('HBeAg %s', (_name, value, positive) => {
    expect(one(readHbeag([j(codedObs('13954-3', 10, value))], NOW_MS, [])).positive).toBe(positive);
  });

  it.each([
    [0.99, 'S/CO', false],
    [1.0, 'S/CO', true],
    [1.0, 'COI', true],
    [0.5, undefined, false],
  ])('quantitative HBeAg %d %s', (v, unit, positive) => {
    const r = one(readHbeag([j(quantityObs('5191-2', v, 10, unit ? { unit } : {}))], NOW_MS, []));
    expect(r.positive).toBe(positive);
  });

  it('quantitative HBeAg in an unknown unit is unreadable', () => {
    expect(readHbeag([j(quantityObs('31845-1', 30, 10, { unit: 'PEIU/mL' }))], NOW_MS, [])).toEqual([]);
  });

  it.each([
    [0.05, false],
    [0.06, true],
    [1200, true],
  ])('quantitative HBsAg %d IU/mL positive=%s', (v, positive) => {
    expect(one(readHbsag([j(quantityObs('63557-3', v, 10, { unit: '[IU]/mL' }))], NOW_MS, [])).positive).toBe(positive);
  });

  it('HBsAg qualitative 5195-3 coded positive', () => {
    expect(one(readHbsag([j(codedObs('5195-3', 10, sn('10828004')))], NOW_MS, [])).positive).toBe(true);
  });
});

describe('histology', () => {
  it.each([
    ['scheuer-G2', 'scheuer', 2, true],
    ['scheuer-G1', 'scheuer', 1, false],
    ['metavir-A2', 'metavir', 2, true],
    ['metavir-A1', 'metavir', 1, false],
    ['knodell-HAI-4', 'knodell', 4, true],
    ['knodell-HAI-3', 'knodell', 3, false],
    ['ishak-HAI-4', 'ishak', 4, true],
    ['ishak-HAI-3', 'ishak', 3, false],
  ])('code %s', (code, scale, grade, atLeastG2) => {
    expect(one(readHistology([j(histology(code))], C, NOW_MS, []))).toMatchObject({ scale, grade, atLeastG2 });
  });

  it.each([
    ['G2', 'scheuer', 2, true],
    ['G1S1', 'scheuer', 1, false],
    ['G2S1', 'scheuer', 2, true],
    ['Scheuer G3 S2', 'scheuer', 3, true],
    ['A2F1', 'metavir', 2, true],
    ['METAVIR A1 F2', 'metavir', 1, false],
    ['HAI 5', 'hai', 5, true],
    ['HAI 3', 'hai', 3, false],
    ['Knodell 6', 'knodell', 6, true],
    ['Ishak HAI 3', 'ishak', 3, false],
  ])('text "%s"', (text, scale, grade, atLeastG2) => {
    expect(gradeFromText(text)).toEqual({ scale, grade });
    expect(one(readHistology([j(histologyText(text))], C, NOW_MS, []))).toMatchObject({ scale, grade, atLeastG2 });
  });

  it.each(['G5', 'A4F1', 'Knodell 19', 'mild hepatitis'])('rejects "%s"', (text) => {
    expect(gradeFromText(text)).toBeUndefined();
  });

  it('reads a site code configured in histologyCodes', () => {
    const o = histologyText('G2');
    o.code = { coding: [{ system: 'urn:site', code: 'LIVBX-GRADE' }] };
    expect(readHistology([j(o)], C, NOW_MS, [])).toEqual([]);
    expect(readHistology([j(o)], { ...C, histologyCodes: [{ system: 'urn:site', code: 'LIVBX-GRADE' }] }, NOW_MS, [])).toHaveLength(1);
  });
});

describe('bilirubin and counts', () => {
  it('mg/dL ×17.1 and µmol/L as-is', () => {
    expect(one(readTbil([j(quantityObs('1975-2', 1, 3, { unit: 'mg/dL' }))], C, NOW_MS, [])).umolL).toBeCloseTo(17.1, 9);
    expect(one(readTbil([j(tbil(20, 3, { unit: 'µmol/L' }))], C, NOW_MS, [])).umolL).toBe(20);
  });

  it('TBil ULN from the lab range, converted; else 17.1', () => {
    expect(one(readTbil([j(quantityObs('1975-2', 1, 3, { unit: 'mg/dL', high: 1.2, highUnit: 'mg/dL' }))], C, NOW_MS, []))).toMatchObject({ ulnUmolL: 1.2 * 17.1, ulnOrigin: 'lab' });
    expect(one(readTbil([j(tbil(20, 3))], C, NOW_MS, []))).toMatchObject({ ulnUmolL: 17.1, ulnOrigin: 'default' });
  });

  it.each(['10*9/L', '10*3/uL', '10^9/L', 'K/uL'])('platelets in %s read as 10⁹/L', (unit) => {
    expect(one(readPlatelets([j(quantityObs('777-3', 120, 3, { unit }))], NOW_MS, [])).value).toBe(120);
  });

  it('(v3) a count in any UCUM unit of its dimension converts (/mm3 = 10⁶/L); one of another dimension is ignored', () => {
    expect(one(readPlatelets([j(quantityObs('777-3', 120000, 3, { unit: '/mm3' }))], NOW_MS, [])).value).toBe(120);
    const notes: PassedOver[] = [];
    expect(readPlatelets([j(quantityObs('777-3', 120, 3, { unit: 'g/L' }))], NOW_MS, notes)).toEqual([]);
    expect(notes).toMatchObject([{ input: 'platelets', reason: 'unknown-unit', unit: 'g/L', raw: '120 g/L' }]);
  });
});

describe('age', () => {
  it('whole years on the evaluation date', () => {
    expect(ageRange('1986-06-15', NOW_MS, 'UTC')).toEqual({ min: 40, max: 40 });
    expect(ageRange('1986-06-16', NOW_MS, 'UTC')).toEqual({ min: 39, max: 39 });
  });
  it('a partial birth date gives the range it allows', () => {
    expect(ageRange('1986', NOW_MS, 'UTC')).toEqual({ min: 39, max: 40 });
    expect(ageRange('1980', NOW_MS, 'UTC')).toEqual({ min: 45, max: 46 });
    expect(ageRange('1986-05', NOW_MS, 'UTC')).toEqual({ min: 40, max: 40 });
  });
  it('no or bad birth date is unknown', () => {
    expect(ageRange(undefined, NOW_MS, 'UTC')).toBeUndefined();
    expect(ageRange('15/06/1986', NOW_MS, 'UTC')).toBeUndefined();
  });
});

describe('medications (§6)', () => {
  const cls = (concept: unknown, meds: Json[] = []) => classifyOrder(j(medRequest(concept as never)), meds).cls;
  it.each([
    ['RxNorm 120608', { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '120608' }] }],
    ['RxNorm 253453', { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '253453' }] }],
    ['RxNorm 5880', { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '5880' }] }],
    ['RxNorm Pegasys product 351270', { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '351270' }] }],
    ['ATC L03AB11', { coding: [{ system: 'http://www.whocc.no/atc', code: 'L03AB11' }] }],
    ['ATC L03AB61', { coding: [{ system: 'http://www.whocc.no/atc', code: 'L03AB61' }] }],
    ['ATC by OID', { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.73', code: 'L03AB10' }] }],
    ['SNOMED 398841009', { coding: [{ system: 'http://snomed.info/sct', code: '398841009' }] }],
    ['text peginterferon alfa-2a', { text: 'Peginterferon alfa-2a 180 mcg' }],
    ['text interferon alpha-2b', { text: 'Interferon alpha-2b' }],
    ['text 聚乙二醇干扰素α-2b', { text: '聚乙二醇干扰素α-2b注射液' }],
    ['text 干扰素', { text: '重组人干扰素' }],
  ])('interferon alfa: %s', (_n, concept) => {
    expect(cls(concept)).toBe('interferon');
  });

  it.each([
    ['interferon beta-1a', { text: 'Interferon beta-1a' }],
    ['peginterferon beta', { text: 'Peginterferon beta-1a (Plegridy)' }],
    ['interferon gamma', { text: 'Interferon gamma-1b' }],
    ['nothing', undefined],
    ['ribavirin', { text: 'ribavirin' }],
  ])('not interferon alfa: %s', (_n, concept) => {
    expect(cls(concept)).not.toBe('interferon');
  });

  it.each([
    ['ATC J05AF10', { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF10' }] }],
    ['ATC J05AF07', { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF07' }] }],
    ['ATC J05AF13', { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF13' }] }],
    ['text tenofovir alafenamide', { text: 'Tenofovir alafenamide 25 mg' }],
    ['text 恩替卡韦', { text: '恩替卡韦分散片' }],
  ])('NA: %s', (_n, concept) => {
    expect(cls(concept)).toBe('na');
  });

  it('resolves a contained Medication', () => {
    const mr = j({
      resourceType: 'MedicationRequest',
      status: 'draft',
      contained: [{ resourceType: 'Medication', id: 'm1', code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L03AB11' }] } }],
      medicationReference: { reference: '#m1' },
    });
    expect(classifyOrder(mr, []).cls).toBe('interferon');
  });

  it('resolves a bundled Medication, and a Medication ingredient', () => {
    const mr = j({ resourceType: 'MedicationRequest', status: 'active', medicationReference: { reference: 'Medication/m2' } });
    const med = j({ resourceType: 'Medication', id: 'm2', code: { text: 'Pegasys' }, ingredient: [{ itemCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '120608' }] } }] });
    expect(classifyOrder(mr, []).cls).toBe('other');
    expect(classifyOrder(mr, [med]).cls).toBe('interferon');
  });

  it('falls back to medicationReference.display', () => {
    const mr = j({ resourceType: 'MedicationRequest', status: 'active', medicationReference: { reference: 'Medication/unknown', display: 'Peginterferon alfa-2a' } });
    expect(classifyOrder(mr, []).cls).toBe('interferon');
  });
});

describe('FHIR date parsing', () => {
  it.each([
    ['2026-06-15T12:00:00Z', Date.parse('2026-06-15T12:00:00Z')],
    ['2026-06-15T12:00:00.123Z', Date.parse('2026-06-15T12:00:00.123Z')],
    ['2026-06-15T20:00:00+08:00', Date.parse('2026-06-15T12:00:00Z')],
    ['2026-06-15T07:30:00-04:30', Date.parse('2026-06-15T12:00:00Z')],
    ['2026-06-15', Date.parse('2026-06-15T00:00:00Z')],
    ['2026-06', Date.parse('2026-06-01T00:00:00Z')],
    ['2026', Date.parse('2026-01-01T00:00:00Z')],
    ['2026-06-15T12:00', Date.parse('2026-06-15T12:00:00Z')],
  ])('%s', async (text, expected) => {
    const { parseTime } = await import('../../src/fhir/time.js');
    expect(parseTime(text)).toBe(expected);
  });
  it.each(['15/06/2026', '2026-13-01', '2026-06-15 12:00', 'yesterday', ''])('rejects "%s"', async (text) => {
    const { parseTime } = await import('../../src/fhir/time.js');
    expect(parseTime(text)).toBeUndefined();
  });
});

describe('FHIR instant fast path', () => {
  it('agrees with Date.parse on any instant, in UTC or with an offset', async () => {
    const { parseTime } = await import('../../src/fhir/time.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: -12 * 60, max: 14 * 60 }), (d, offsetMin) => {
        expect(parseTime(d.toISOString())).toBe(d.getTime());
        const local = new Date(d.getTime() + offsetMin * 60_000).toISOString().slice(0, 19);
        const sign = offsetMin < 0 ? '-' : '+';
        const abs = Math.abs(offsetMin);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(parseTime(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });
  it('fractions of any length', async () => {
    const { parseTime } = await import('../../src/fhir/time.js');
    expect(parseTime('2026-06-15T12:00:00.5Z')).toBe(Date.parse('2026-06-15T12:00:00.500Z'));
    expect(parseTime('2026-06-15T12:00:00.123456Z')).toBe(Date.parse('2026-06-15T12:00:00.123Z'));
  });
});
