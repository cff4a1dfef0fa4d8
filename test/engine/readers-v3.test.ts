/**
 * (v3) clinical-rules.md §2, §2.1, §6 and issue 21 items 9–10: value strings, plausible bounds, impossible dates,
 * reference ranges by sex and age, the new inputs, condition lists (SNOMED CT and ICD-10), medications, allergies.
 * Each boundary on both sides.
 */
import { DEFAULT_CLINICAL_CONFIG as C, type ClinicalConfig } from '../../src/engine/config.js';
import { readAlt, readAst } from '../../src/engine/readers/alt.js';
import { readAntiHbcIgm, readHbsag } from '../../src/engine/readers/antigens.js';
import { readConditionLists } from '../../src/engine/readers/condition-lists.js';
import { readInr, readPt } from '../../src/engine/readers/coagulation.js';
import { readNeutrophils, readPlatelets } from '../../src/engine/readers/counts.js';
import { readFamilyHistory } from '../../src/engine/readers/family-history.js';
import { readHbvDna } from '../../src/engine/readers/hbv-dna.js';
import { readLiverStiffness } from '../../src/engine/readers/liver-stiffness.js';
import { readInterferonAllergy, readMedications } from '../../src/engine/readers/medications.js';
import { readPatientSex } from '../../src/engine/readers/patient.js';
import { ageRange } from '../../src/engine/readers/age.js';
import { readTbil } from '../../src/engine/readers/tbil.js';
import { readTsh } from '../../src/engine/readers/tsh.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import type { ConditionListName, PassedOver } from '../../src/engine/types.js';
import type { Json } from '../../src/fhir/json.js';
import {
  ATC,
  ENTECAVIR,
  ICD10,
  ICD10_CM,
  IFN_ALFA_2B,
  NEGATIVE,
  NOW_MS,
  PEG_IFN,
  POSITIVE,
  TENOFOVIR_DF,
  allergyResource,
  alt,
  antiHbcIgm,
  ast,
  birthDateForAge,
  codedObs,
  conditionResource,
  dnaIU,
  dnaKIU,
  hbsagLog,
  hbsagQuant,
  inr,
  liverStiffness,
  medicationRequestResource,
  medicationStatementResource,
  neutrophils,
  patient,
  platelets,
  quantityObs,
  referenceRange,
  stringObs,
  tbil,
  tsh,
} from '../../devkit/builders.js';

const j = (x: unknown) => x as Json;
const js = (xs: unknown[]) => xs as Json[];
const one = <T>(xs: T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0]!;
};
const male = j(patient({ gender: 'male' }));
const female = j(patient({ gender: 'female' }));

describe('value strings (§2 v3)', () => {
  it('"150 U/L" is 150 U/L; "<20 IU/mL" is below detection at 20', () => {
    expect(one(readAlt({ observations: js([stringObs('1742-6', '150 U/L', 3)]) }, C, NOW_MS, [])).value).toBe(150);
    const dna = one(readHbvDna(js([stringObs('42595-9', '<20 IU/mL', 3)]), C, NOW_MS, []));
    expect(dna).toMatchObject({ iu: 20, belowDetection: true });
  });
  it('a bare number has no unit: passed over with its raw text', () => {
    const passed: PassedOver[] = [];
    expect(readAlt({ observations: js([stringObs('1742-6', '180', 3)]) }, C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ input: 'alt', reason: 'no-unit', raw: '180' }]);
  });
  it('words are unreadable, raw text kept', () => {
    const passed: PassedOver[] = [];
    readAlt({ observations: js([stringObs('1742-6', 'see report', 3)]) }, C, NOW_MS, passed);
    expect(passed).toMatchObject([{ reason: 'unreadable', raw: 'see report' }]);
  });
  it('a quantity with no unit is no-unit; an unknown unit keeps the unit and raw value', () => {
    const passed: PassedOver[] = [];
    readAlt({ observations: js([quantityObs('1742-6', 80, 3), alt(80, 3, { unit: 'mg/dL' })]) }, C, NOW_MS, passed);
    expect(passed).toMatchObject([
      { reason: 'no-unit', raw: '80' },
      { reason: 'unknown-unit', unit: 'mg/dL', raw: '80 mg/dL' },
    ]);
  });
});

describe('plausible bounds (issue 21 item 9)', () => {
  it('ALT at the bound is read, above it passed over', () => {
    expect(readAlt({ observations: js([alt(100000, 3)]) }, C, NOW_MS, [])).toHaveLength(1);
    const passed: PassedOver[] = [];
    expect(readAlt({ observations: js([alt(100001, 3)]) }, C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ reason: 'implausible-value', raw: '100001 U/L' }]);
  });
  it('negative, NaN-like and infinite values are implausible', () => {
    const passed: PassedOver[] = [];
    readAlt({ observations: js([alt(-5, 3)]) }, C, NOW_MS, passed);
    readPlatelets(js([stringObs('777-3', '1e999 10*9/L', 3)]), NOW_MS, passed, C);
    expect(passed.map((p) => p.reason)).toEqual(['implausible-value', 'implausible-value']);
  });
  it('a lab ULN outside ulnUL is implausible (0.5 U/L), inside is used (1 U/L)', () => {
    const passed: PassedOver[] = [];
    expect(readAlt({ observations: js([alt(80, 3, { uln: 0.5 })]) }, C, NOW_MS, passed)).toEqual([]);
    expect(passed[0]).toMatchObject({ reason: 'implausible-value' });
    expect(one(readAlt({ observations: js([alt(80, 3, { uln: 1 })]) }, C, NOW_MS, [])).uln).toBe(1);
  });
  it('platelets, neutrophils, INR, PT, LSM each have bounds', () => {
    const p: PassedOver[] = [];
    expect(readPlatelets(js([platelets(5001, 3)]), NOW_MS, p, C)).toEqual([]);
    expect(readNeutrophils(js([neutrophils(501, 3)]), NOW_MS, p, C)).toEqual([]);
    expect(readInr(js([inr(0.4, 3)]), NOW_MS, p, C)).toEqual([]);
    expect(readInr(js([inr(0.5, 3)]), NOW_MS, [], C)).toHaveLength(1);
    expect(readPt(js([quantityObs('5902-2', 4, 3, { unit: 's' })]), NOW_MS, p, C)).toEqual([]);
    expect(readLiverStiffness(js([liverStiffness(80, 3)]), C, NOW_MS, p)).toEqual([]);
    expect(readLiverStiffness(js([liverStiffness(75, 3)]), C, NOW_MS, [])).toHaveLength(1);
    expect(p.every((x) => x.reason === 'implausible-value')).toBe(true);
    expect(p).toHaveLength(5);
  });
});

describe('impossible dates are passed over, never shifted', () => {
  it.each(['2026-02-30T08:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T08:00:00+14:01', '2026-03-01T08:60:00Z'])('%s', (effective) => {
    const passed: PassedOver[] = [];
    expect(readAlt({ observations: js([alt(80, 0, { effective })]) }, C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ reason: 'invalid-date', raw: effective }]);
  });
  it('2026-02-28 and +14:00 are read', () => {
    expect(readAlt({ observations: js([alt(80, 0, { effective: '2026-02-28' }), alt(80, 0, { effective: '2026-03-01T08:00:00+14:00' })]) }, C, NOW_MS, [])).toHaveLength(2);
  });
});

describe('site time zone on passed-over dates', () => {
  it('a result at 07:30 Beijing time is dated on its own day', () => {
    const shanghai: ClinicalConfig = { ...C, timeZone: 'Asia/Shanghai' };
    const passed: PassedOver[] = [];
    readAlt({ observations: js([alt(80, 0, { effective: '2026-01-10T07:30:00+08:00', unit: 'g' })]) }, shanghai, NOW_MS, passed);
    expect(passed[0]).toMatchObject({ date: '2026-01-10' });
    const utc: PassedOver[] = [];
    readAlt({ observations: js([alt(80, 0, { effective: '2026-01-10T07:30:00+08:00', unit: 'g' })]) }, C, NOW_MS, utc);
    expect(utc[0]).toMatchObject({ date: '2026-01-09' });
  });
});

describe('reference ranges by sex and age (§2 ALT ULN row)', () => {
  const ranges = [referenceRange({ high: 50, unit: 'U/L', sex: 'male' }), referenceRange({ high: 35, unit: 'U/L', sex: 'female' }), referenceRange({ high: 45, unit: 'U/L' })];
  it('the entry for the patient\'s sex', () => {
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges })]), patient: male }, C, NOW_MS, [])).uln).toBe(50);
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges })]), patient: female }, C, NOW_MS, [])).uln).toBe(35);
  });
  it('unknown sex: the entry with neither criterion', () => {
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges })]), patient: j(patient({ gender: 'unknown' })) }, C, NOW_MS, [])).uln).toBe(45);
  });
  it('SNOMED sex codes in appliesTo', () => {
    const r = [{ high: { value: 33, unit: 'U/L', code: 'U/L' }, appliesTo: [{ coding: [{ system: 'http://snomed.info/sct', code: '248152002' }] }] }, referenceRange({ high: 45, unit: 'U/L' })];
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges: r as never })]), patient: female }, C, NOW_MS, [])).uln).toBe(33);
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges: r as never })]), patient: male }, C, NOW_MS, [])).uln).toBe(45);
  });
  it('most criteria first (sex + age over sex), then list order; age bounds inclusive on both sides', () => {
    const r = [referenceRange({ high: 50, unit: 'U/L', sex: 'male' }), referenceRange({ high: 40, unit: 'U/L', sex: 'male', age: { low: 18, high: 39 } })];
    const aged = (age: number) => j(patient({ gender: 'male', birthDate: birthDateForAge(age) }));
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges: r })]), patient: aged(39) }, C, NOW_MS, [])).uln).toBe(40);
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges: r })]), patient: aged(40) }, C, NOW_MS, [])).uln).toBe(50);
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges: r })]), patient: aged(18) }, C, NOW_MS, [])).uln).toBe(40);
    expect(one(readAlt({ observations: js([alt(100, 3, { ranges: r })]), patient: aged(17) }, C, NOW_MS, [])).uln).toBe(50);
  });
  it('no matching entry and none without criteria: the site default by sex; other/unknown ⇒ the lower', () => {
    const config: ClinicalConfig = { ...C, altUln: { male: 50, female: 35 } };
    const r = [referenceRange({ high: 60, unit: 'U/L', sex: 'male', age: { low: 70 } })];
    const of = (p: Json) => one(readAlt({ observations: js([alt(100, 3, { ranges: r })]), patient: p }, config, NOW_MS, []));
    expect(of(male)).toMatchObject({ uln: 50, ulnOrigin: 'default' });
    expect(of(female)).toMatchObject({ uln: 35, ulnOrigin: 'default' });
    expect(of(j(patient({ gender: 'other' })))).toMatchObject({ uln: 35 });
    expect(one(readAlt({ observations: js([alt(100, 3)]) }, config, NOW_MS, [])).uln).toBe(35);
  });
  it('TBil and AST ranges alike', () => {
    const r = [referenceRange({ high: 21, unit: 'umol/L', sex: 'male' }), referenceRange({ high: 17, unit: 'umol/L', sex: 'female' })];
    expect(one(readTbil(js([tbil(30, 3, { ranges: r })]), C, NOW_MS, [], male)).ulnUmolL).toBe(21);
    expect(one(readTbil(js([tbil(30, 3, { ranges: r })]), C, NOW_MS, [], female)).ulnUmolL).toBe(17);
    const a = [referenceRange({ high: 35, unit: 'U/L', sex: 'female' })];
    expect(one(readAst({ observations: js([ast(70, 3, { ranges: a })]), patient: female }, C, NOW_MS, []))).toMatchObject({ uln: 35, multiple: 2, ulnOrigin: 'lab' });
    expect(one(readAst({ observations: js([ast(70, 3, { ranges: a })]), patient: male }, C, NOW_MS, []))).toMatchObject({ uln: 40, ulnOrigin: 'default' });
  });
});

describe('a legacy altUln.default site file', () => {
  it('keeps working: default fills male and female unless given', () => {
    expect(buildClinicalConfig({ altUln: { default: 35 } }).altUln).toEqual({ male: 35, female: 35 });
    expect(buildClinicalConfig({ altUln: { default: 35, female: 25 } }).altUln).toEqual({ male: 35, female: 25 });
  });
  it('a bad time zone or inverted bounds are named at load', () => {
    expect(() => buildClinicalConfig({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
    expect(() => buildClinicalConfig({ plausible: { ...C.plausible, altUL: [10, 5] } })).toThrow(/plausible\.altUL/);
    expect(buildClinicalConfig({ timeZone: 'Asia/Shanghai' }).timeZone).toBe('Asia/Shanghai');
  });
});

describe('TSH (v3)', () => {
  it('mIU/L and uIU/mL equal; range from the lab else 0.27–4.2', () => {
    expect(one(readTsh({ observations: js([tsh(4.2, 3)]) }, C, NOW_MS, []))).toMatchObject({ value: 4.2, low: 0.27, high: 4.2, state: 'normal', rangeOrigin: 'default' });
    expect(one(readTsh({ observations: js([tsh(4.21, 3)]) }, C, NOW_MS, []))).toMatchObject({ state: 'high' });
    expect(one(readTsh({ observations: js([tsh(0.27, 3)]) }, C, NOW_MS, []))).toMatchObject({ state: 'normal' });
    expect(one(readTsh({ observations: js([tsh(0.26, 3)]) }, C, NOW_MS, []))).toMatchObject({ state: 'low' });
    expect(one(readTsh({ observations: js([tsh(3, 3, { unit: 'uIU/mL', code: 'u[IU]/mL' })]) }, C, NOW_MS, [])).value).toBe(3);
    expect(one(readTsh({ observations: js([tsh(5, 3, { low: 0.5, high: 5.5 })]) }, C, NOW_MS, []))).toMatchObject({ state: 'normal', rangeOrigin: 'lab', high: 5.5 });
  });
  it('a mass unit is unknown', () => {
    const passed: PassedOver[] = [];
    expect(readTsh({ observations: js([tsh(3, 3, { unit: 'ng/mL', code: 'ng/mL' })]) }, C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ input: 'tsh', reason: 'unknown-unit' }]);
  });
});

describe('HBsAg quantitative (v3)', () => {
  it('> 0.05 IU/mL is positive, 0.05 is not', () => {
    expect(one(readHbsag(js([hbsagQuant(0.06, 3)]), NOW_MS, [], C))).toMatchObject({ positive: true, iu: 0.06 });
    expect(one(readHbsag(js([hbsagQuant(0.05, 3)]), NOW_MS, [], C))).toMatchObject({ positive: false, iu: 0.05 });
  });
  it('99385-7 log IU/mL: 3.2 ⇒ ≈1,585 IU/mL', () => {
    expect(one(readHbsag(js([hbsagLog(3.2, 3)]), NOW_MS, [], C)).iu).toBeCloseTo(1584.89, 1);
  });
  it('a log code with a plain IU unit disagrees with itself: passed over', () => {
    const passed: PassedOver[] = [];
    expect(readHbsag(js([hbsagLog(3.2, 3, { unit: 'IU/mL', code: '[IU]/mL' })]), NOW_MS, passed, C)).toEqual([]);
    expect(passed).toMatchObject([{ reason: 'unknown-unit' }]);
  });
  it('5196-1 with an IU/mL quantity counts as quantitative', () => {
    expect(one(readHbsag(js([quantityObs('5196-1', 1200, 3, { unit: 'IU/mL', code: '[IU]/mL' })]), NOW_MS, [], C))).toMatchObject({ positive: true, iu: 1200 });
  });
  it('k[IU]/mL is 1,000 IU/mL (HBV DNA too); [IU]/L is 1/1,000', () => {
    expect(one(readHbsag(js([hbsagQuant(1.5, 3, { unit: 'kIU/mL', code: 'k[IU]/mL' })]), NOW_MS, [], C)).iu).toBe(1500);
    expect(one(readHbvDna(js([dnaKIU(2.5, 3)]), C, NOW_MS, [])).iu).toBe(2500);
    expect(one(readHbvDna(js([dnaIU(2000, 3, { unit: 'IU/L', code: '[IU]/L' })]), C, NOW_MS, [])).iu).toBe(2);
  });
  it('qualitative positive still reads', () => {
    expect(one(readHbsag(js([codedObs('5196-1', 3, POSITIVE)]), NOW_MS, [], C))).toEqual(expect.objectContaining({ positive: true }));
  });
});

describe('anti-HBc IgM (v3)', () => {
  it('positive / negative', () => {
    expect(one(readAntiHbcIgm(js([antiHbcIgm(true)]), C, NOW_MS, []))).toMatchObject({ positive: true });
    expect(one(readAntiHbcIgm(js([antiHbcIgm(false)]), C, NOW_MS, []))).toMatchObject({ positive: false });
    expect(one(readAntiHbcIgm(js([codedObs('24113-3', 3, NEGATIVE)]), C, NOW_MS, []))).toMatchObject({ positive: false });
  });
});

describe('liver stiffness (v3): kPa only', () => {
  it('kPa is read; m/s is not', () => {
    expect(one(readLiverStiffness(js([liverStiffness(12.4, 3)]), C, NOW_MS, [])).kPa).toBe(12.4);
    const passed: PassedOver[] = [];
    expect(readLiverStiffness(js([liverStiffness(1.8, 3, { unit: 'm/s' })]), C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ input: 'liver-stiffness', reason: 'unknown-unit', unit: 'm/s' }]);
  });
});

describe('codes from config (inputCodes)', () => {
  it('a site code maps a local ALT; the LOINC default then no longer applies', () => {
    const site: ClinicalConfig = { ...C, inputCodes: { ...C.inputCodes, alt: [{ system: 'urn:site:lab', code: 'ALT01' }] } };
    const local = j({ ...alt(80, 3), code: { coding: [{ system: 'urn:site:lab', code: 'ALT01' }] } });
    expect(readAlt({ observations: [local] }, site, NOW_MS, [])).toHaveLength(1);
    expect(readAlt({ observations: js([alt(80, 3)]) }, site, NOW_MS, [])).toHaveLength(0);
  });
});

describe('sex', () => {
  it('Patient.gender', () => {
    expect(readPatientSex({ patient: male })).toBe('male');
    expect(readPatientSex({ patient: j(patient({ gender: 'other' })) })).toBe('other');
    expect(readPatientSex({})).toBe('unknown');
  });
});

describe('condition lists (§2.1)', () => {
  const lists = (conditions: unknown[], config: ClinicalConfig = C) => readConditionLists({ conditions: js(conditions) }, config, NOW_MS);
  const ids = (conditions: unknown[], list: ConditionListName) => lists(conditions).get(list)!.map((f) => f.source);
  const icd = (id: string, code: string, extra: Record<string, unknown> = {}) => conditionResource({ id, patientId: 'p1', snomed: code, system: ICD10, ...extra });

  it('ICD-10 prefix with dots removed: F32 matches F32.1 and F321; F32.4 (remission) does not count', () => {
    expect(ids([icd('a', 'F32.1'), icd('b', 'F321'), icd('c', 'F32.4'), icd('d', 'F33.4')], 'severe-psychiatric')).toEqual(['Condition/a', 'Condition/b']);
  });
  it('ICD-10-CM too; another system does not match', () => {
    expect(ids([icd('a', 'K76.82', { system: ICD10_CM }), icd('b', 'K72', { system: 'urn:other' })], 'decompensation')).toEqual(['Condition/a']);
  });
  it('SNOMED exact; the legacy decompensationCodes setting adds codes', () => {
    const config: ClinicalConfig = { ...C, decompensationCodes: ['123456789'] };
    expect(lists([conditionResource({ id: 'a', patientId: 'p1', snomed: '389026000' })]).get('decompensation')).toHaveLength(1);
    expect(lists([conditionResource({ id: 'a', patientId: 'p1', snomed: '123456789' })], config).get('decompensation')).toHaveLength(1);
    expect(lists([conditionResource({ id: 'a', patientId: 'p1', snomed: '3890260001' })]).get('decompensation')).toHaveLength(0);
  });
  it('status: active/recurrence/relapse/absent count; resolved does not; refuted and entered-in-error never', () => {
    const sle = (id: string, extra: Record<string, unknown>) => conditionResource({ id, patientId: 'p1', snomed: '55464009', ...extra });
    expect(ids([sle('a', {}), sle('b', { status: 'recurrence' }), sle('c', { status: 'relapse' }), sle('d', { status: null }), sle('e', { status: 'resolved' }), sle('f', { verification: 'refuted' }), sle('g', { verification: 'entered-in-error' })], 'autoimmune')).toEqual([
      'Condition/a',
      'Condition/b',
      'Condition/c',
      'Condition/d',
    ]);
  });
  it('history rows count whatever the status (schizophrenia, suicide attempt); major depression only when active', () => {
    const rows = [
      conditionResource({ id: 'a', patientId: 'p1', snomed: '58214004', status: 'resolved' }),
      conditionResource({ id: 'b', patientId: 'p1', snomed: '370143000', status: 'resolved' }),
      icd('c', 'X71.0', { status: 'inactive' }),
    ];
    expect(ids(rows, 'severe-psychiatric')).toEqual(['Condition/a']);
    expect(ids(rows, 'suicide-attempt')).toEqual(['Condition/c']);
    expect(lists(rows).get('severe-psychiatric')![0]).toMatchObject({ history: true, clinicalStatus: 'resolved' });
  });
  it('history of depression: F32/F33 inactive or in remission (by status or code), not active F32', () => {
    expect(ids([icd('a', 'F32.1', { status: 'remission' }), icd('b', 'F33.4'), icd('c', 'F32.1')], 'depression-history')).toEqual(['Condition/a', 'Condition/b']);
  });
  it('substance abuse: F10 counts, F17 (nicotine) and CM remission F10.21 do not', () => {
    expect(ids([icd('a', 'F10.20'), icd('b', 'F17.210'), icd('c', 'F10.21', { system: ICD10_CM }), icd('d', 'F19.91')], 'substance-abuse')).toEqual(['Condition/a']);
  });
  it('pregnancy: any O code, Z3A; HIV: B20–B24, Z21; transplant Z94.0–Z94.4 but not Z94.5', () => {
    expect(ids([icd('a', 'O09.90'), icd('b', 'Z3A.20', { system: ICD10_CM })], 'pregnancy')).toEqual(['Condition/a', 'Condition/b']);
    expect(ids([icd('a', 'B20'), icd('b', 'Z21'), icd('c', 'B25')], 'hiv')).toEqual(['Condition/a', 'Condition/b']);
    expect(ids([icd('a', 'Z94.4'), icd('b', 'Z94.5')], 'transplant')).toEqual(['Condition/a']);
  });
  it('CHB: 61977001, B18.0, B18.1 (not B18.2); hbv (scope) adds 66071002', () => {
    const rows = [conditionResource({ id: 'a', patientId: 'p1', snomed: '66071002' }), icd('b', 'B18.1'), icd('c', 'B18.2')];
    expect(ids(rows, 'chb')).toEqual(['Condition/b']);
    expect(ids(rows, 'hbv')).toEqual(['Condition/a', 'Condition/b']);
  });
  it('codes such as constructor, __proto__, toString neither crash nor match (issue 21 item 10)', () => {
    const odd = ['constructor', '__proto__', 'toString', 'hasOwnProperty'].flatMap((code, i) => [
      conditionResource({ id: `s${i}`, patientId: 'p1', snomed: code }),
      icd(`i${i}`, code),
    ]);
    const result = lists(odd);
    for (const facts of result.values()) expect(facts).toEqual([]);
    expect(readMedications({ medicationRequests: js([medicationRequestResource('m', 'p1', { coding: [{ system: ATC, code: 'constructor' }] })]), medicationStatements: [], medications: [] }, 'UTC').na).toEqual([]);
  });
  it('every list is present', () => {
    expect(lists([]).size).toBe(Object.keys(C.conditionLists).length);
  });
});

describe('family history (v3: ICD-10 too)', () => {
  it('C22.0 on a relative counts; C22.1 does not', () => {
    const fmh = (code: string) => j({ resourceType: 'FamilyMemberHistory', id: code, status: 'completed', relationship: { coding: [{ code: 'MTH' }] }, condition: [{ code: { coding: [{ system: ICD10, code }] } }] });
    expect(readFamilyHistory({ familyHistory: [fmh('C22.0'), fmh('C22.1')] }, C).map((f) => f.condition.code)).toEqual(['C22.0']);
  });
});

describe('medications (§3, §6 v3)', () => {
  const stmt = (id: string, concept: unknown, o: { start?: string; dateTime?: string; status?: 'active' | 'completed' } = {}) => medicationStatementResource(id, 'p1', concept as never, o);
  it('NA start: the earliest MedicationStatement start; MedicationRequest.authoredOn never counts', () => {
    const m = readMedications({
      medicationRequests: js([medicationRequestResource('r', 'p1', ENTECAVIR, 'active', '2020-01-01')]),
      medicationStatements: js([stmt('s1', ENTECAVIR, { start: '2025-06-01' }), stmt('s2', ENTECAVIR, { dateTime: '2025-03-01' })]),
      medications: [],
    }, 'UTC');
    expect(m.na.map((f) => f.drug)).toEqual(['entecavir', 'entecavir', 'entecavir']);
    expect(m.naStart).toBe(Date.UTC(2025, 2, 1));
  });
  it('no statement start ⇒ NA start unknown', () => {
    expect(readMedications({ medicationRequests: js([medicationRequestResource('r', 'p1', TENOFOVIR_DF, 'active', '2020-01-01')]), medicationStatements: [], medications: [] }, 'UTC').naStart).toBeUndefined();
  });
  it('lamivudine, adefovir, telbivudine recognised; a J05AR combination naming tenofovir counts as tenofovir; one without does not', () => {
    const atc = (code: string, display?: string) => ({ coding: [{ system: ATC, code, ...(display ? { display } : {}) }] });
    const m = readMedications({
      medicationRequests: js([
        medicationRequestResource('a', 'p1', atc('J05AF05')),
        medicationRequestResource('b', 'p1', atc('J05AF08')),
        medicationRequestResource('c', 'p1', atc('J05AF11')),
        medicationRequestResource('d', 'p1', atc('J05AR03', 'emtricitabine and tenofovir disoproxil')),
        medicationRequestResource('e', 'p1', atc('J05AR01', 'lamivudine and zidovudine')),
      ]),
      medicationStatements: [],
      medications: [],
    }, 'UTC');
    expect(m.na.map((f) => [f.source, f.drug, f.combination ?? false])).toEqual([
      ['MedicationRequest/a', 'lamivudine', false],
      ['MedicationRequest/b', 'adefovir', false],
      ['MedicationRequest/c', 'telbivudine', false],
      ['MedicationRequest/d', 'tenofovir-df', true],
    ]);
  });
  it('interferon active; a draft or completed one is not', () => {
    const m = readMedications({
      medicationRequests: js([medicationRequestResource('a', 'p1', PEG_IFN), medicationRequestResource('b', 'p1', PEG_IFN, 'draft')]),
      medicationStatements: js([stmt('c', PEG_IFN, { status: 'completed' })]),
      medications: [],
    }, 'UTC');
    expect(m.interferon.map((f) => f.source)).toEqual(['MedicationRequest/a']);
  });
  it('vitamin K antagonist: ATC B01AA03 or warfarin by name; aspirin (B01AC06) is not', () => {
    const on = readMedications({ medicationRequests: js([medicationRequestResource('w', 'p1', { coding: [{ system: ATC, code: 'B01AA03' }] })]), medicationStatements: [], medications: [] }, 'UTC');
    expect(on.onVitaminKAntagonist).toBe(true);
    expect(readMedications({ medicationRequests: js([medicationRequestResource('w', 'p1', { text: '华法林' })]), medicationStatements: [], medications: [] }, 'UTC').onVitaminKAntagonist).toBe(true);
    expect(readMedications({ medicationRequests: js([medicationRequestResource('x', 'p1', { coding: [{ system: ATC, code: 'B01AC06' }] })]), medicationStatements: [], medications: [] }, 'UTC').onVitaminKAntagonist).toBe(false);
  });
});

describe('interferon hypersensitivity (AllergyIntolerance)', () => {
  it('code or reaction.substance; active; not refuted or entered-in-error', () => {
    const all = js([
      allergyResource({ id: 'a', patientId: 'p1' }),
      allergyResource({ id: 'b', patientId: 'p1', via: 'reaction', substance: PEG_IFN }),
      allergyResource({ id: 'c', patientId: 'p1', status: 'inactive' }),
      allergyResource({ id: 'd', patientId: 'p1', verification: 'refuted' }),
      allergyResource({ id: 'e', patientId: 'p1', verification: 'entered-in-error' }),
      allergyResource({ id: 'f', patientId: 'p1', substance: { coding: [{ system: ATC, code: 'L03AB07', display: 'interferon beta-1a' }] } }),
    ]);
    expect(readInterferonAllergy({ allergies: all }).map((a) => a.source)).toEqual(['AllergyIntolerance/a', 'AllergyIntolerance/b']);
    expect(readInterferonAllergy({ allergies: js([allergyResource({ id: 'a', patientId: 'p1', substance: IFN_ALFA_2B })]) })[0]!.substance).toMatchObject({ code: '5880' });
  });
});

describe('HBsAg index on a presence code (as HBeAg)', () => {
  it('≥1.0 S/CO positive, below negative', () => {
    expect(one(readHbsag(js([quantityObs('5196-1', 1.0, 3, { unit: 'S/CO', code: '{s_co_ratio}' })]), NOW_MS, [], C))).toMatchObject({ positive: true });
    expect(one(readHbsag(js([quantityObs('5196-1', 0.99, 3, { unit: 'S/CO', code: '{s_co_ratio}' })]), NOW_MS, [], C))).toMatchObject({ positive: false });
    expect(one(readHbsag(js([quantityObs('5196-1', 0.99, 3, { unit: 'S/CO', code: '{s_co_ratio}' })]), NOW_MS, [], C)).iu).toBeUndefined();
  });
});

describe('NA start in the site time zone', () => {
  it('a date-only start is local midnight there', () => {
    const m = readMedications({ medicationRequests: [], medicationStatements: js([medicationStatementResource('s', 'p1', ENTECAVIR as never, { start: '2026-01-01' })]), medications: [] }, 'Asia/Shanghai');
    expect(m.naStart).toBe(Date.parse('2026-01-01T00:00:00+08:00'));
  });
});

describe('record text that names Object.prototype members (issue 21 item 10)', () => {
  const odd = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  it('as a unit, comparator, code system or appliesTo code: read as unknown, never a crash', () => {
    for (const word of odd) {
      const passed: PassedOver[] = [];
      expect(readAlt({ observations: js([alt(80, 3, { unit: word })]) }, C, NOW_MS, passed)).toEqual([]);
      expect(passed).toMatchObject([{ reason: 'unknown-unit', unit: word }]);
      const withComparator = j({ ...alt(80, 3), valueQuantity: { value: 80, unit: 'U/L', code: 'U/L', comparator: word } });
      expect(one(readAlt({ observations: [withComparator] }, C, NOW_MS, [])).value).toBe(80);
      const oddSystem = j({ ...alt(80, 3), code: { coding: [{ system: word, code: '1742-6' }] } });
      expect(readAlt({ observations: [oddSystem] }, C, NOW_MS, [])).toEqual([]);
      const range = [{ high: { value: 50, unit: 'U/L', code: 'U/L' }, appliesTo: [{ coding: [{ code: word }] }] }, referenceRange({ high: 45, unit: 'U/L' })];
      expect(one(readAlt({ observations: js([alt(100, 3, { ranges: range as never })]), patient: male }, C, NOW_MS, [])).uln).toBe(45);
    }
  });
});

describe('age on the evaluation date in the site zone', () => {
  it('a birthday that has begun in Shanghai but not yet in UTC', () => {
    const now = Date.parse('2026-06-14T20:00:00Z'); // 2026-06-15 04:00 in Shanghai
    expect(ageRange('1986-06-15', now, 'UTC')).toEqual({ min: 39, max: 39 });
    expect(ageRange('1986-06-15', now, 'Asia/Shanghai')).toEqual({ min: 40, max: 40 });
  });
});

describe('HBV DNA: the unit decides, a bare quantity takes its code\'s form, a log/plain disagreement is passed over', () => {
  it('48398-2 (log IU/mL): "log IU/mL" 3 ⇒ 1,000 IU/mL; no unit ⇒ the code\'s log form; a plain IU unit disagrees', () => {
    expect(one(readHbvDna(js([quantityObs('48398-2', 3, 3, { unit: 'log IU/mL', code: '{log_IU}/mL' })]), C, NOW_MS, [])).iu).toBeCloseTo(1000, 6);
    expect(one(readHbvDna(js([quantityObs('48398-2', 3, 3)]), C, NOW_MS, []))).toMatchObject({ reportedIn: 'log-iu' });
    const passed: PassedOver[] = [];
    expect(readHbvDna(js([quantityObs('48398-2', 3, 3, { unit: 'IU/mL', code: '[IU]/mL' })]), C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ reason: 'unknown-unit', raw: '3 [IU]/mL' }]);
  });
  it('42595-9 (IU/mL) with copies: the unit decides (÷ copiesPerIU)', () => {
    expect(one(readHbvDna(js([quantityObs('42595-9', 5820, 3, { unit: 'copies/mL' })]), C, NOW_MS, [])).iu).toBeCloseTo(1000, 9);
  });
  it('HBV DNA above the plausible bound is passed over', () => {
    const passed: PassedOver[] = [];
    expect(readHbvDna(js([dnaIU(2e11, 3)]), C, NOW_MS, passed)).toEqual([]);
    expect(passed).toMatchObject([{ reason: 'implausible-value' }]);
    expect(readHbvDna(js([dnaIU(1e11, 3)]), C, NOW_MS, [])).toHaveLength(1);
  });
});

describe('value strings: full-width comparator', () => {
  it('"＜20 IU/mL" is below detection at 20', () => {
    expect(one(readHbvDna(js([stringObs('42595-9', '＜20 IU/mL', 3)]), C, NOW_MS, []))).toMatchObject({ iu: 20, belowDetection: true });
  });
});
