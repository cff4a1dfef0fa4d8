/**
 * Generated patients for the two-engine cross-check (issue 22 item 4): a fast-check arbitrary of patient
 * *specs* (plain JSON: what the record holds, dated in days before the pinned evaluation date), each built into
 * a FHIR R4 Bundle with the shared fixture builders (devkit/builders.ts). fast-check shrinks the spec, so a
 * counterexample is a small, readable patient.
 *
 * Every number is drawn from a list biased to the clinical boundaries of clinical-rules.md (10×ULN, 2×ULN, 1.0×,
 * 80 % of the peak, 1.5× steep rise, 2,000 IU/mL, 1,500 IU/mL qHBsAg, 90/91 days, 7/8 days, 12 months, 6 months,
 * 24 weeks, 36 months, platelets 25/50/90/100, neutrophils 0.5/0.75/1.0/1.5, INR 1.5, LSM 9.0/12.4 kPa, APRI
 * 1.5/2.0, age 40) with values on both sides, plus free values between them.
 *
 * `GeneratorOptions.exclude` keeps the generator away from inputs the CQL library does not cover
 * (/work/coord/cql-status.md); `EXCLUDABLE` lists them.
 */
import fc from 'fast-check';
import type { Bundle, CodeableConcept, Coding, Observation, ObservationReferenceRange } from 'fhir/r4';
import { EVALUATION_DATE } from '../../devkit/dates.js';
import { ATC, ICD10, ICD10_CM, LOINC, RXNORM, SNOMED, StoryBuilder, at, observation, posNeg, referenceRange, ucum } from '../../devkit/builders.js';

/** The pinned evaluation date of every generated patient (the fixtures' own). */
export const GENERATED_NOW = EVALUATION_DATE;

// ---- the spec -------------------------------------------------------------------------------------------

/** How an ALT value is written: UCUM quantity in U/L, [IU]/L or µkat/L, a value string, or an unknown unit. */
export type AltUnit = 'U/L' | '[IU]/L' | 'ukat/L' | 'string' | 'bad-unit';
/** Which reference range the ALT result carries (none ⇒ the site default 40 U/L). */
export type UlnKind = 'lab-40' | 'lab-35' | 'lab-50' | 'none' | 'by-sex' | 'by-sex-and-age';
export interface AltPoint {
  days: number;
  /** Hour of the day (UTC = the default site time zone): calendar-day windows, not 24-hour counts; −1: a date only. */
  hour: number;
  /** §2: entered-in-error and cancelled are ignored, preliminary counts. */
  status: ResultStatus;
  /** Multiple of the ULN this result is written at. */
  multiple: number;
  unit: AltUnit;
  uln: UlnKind;
}

export type ResultStatus = 'final' | 'preliminary' | 'amended' | 'entered-in-error' | 'cancelled';

export type DnaForm = 'iu' | 'kiu' | 'copies' | 'log-iu' | 'log-copies' | 'iu-string' | 'lt-comparator' | 'lt-string' | 'not-detected-text' | 'presence' | 'bad-unit';
export interface DnaPoint {
  days: number;
  form: DnaForm;
  /** IU/mL the result stands for (detectable forms); the detection limit for "<" forms. */
  iu: number;
  /** presence form: detected? */
  detected: boolean;
}

export type AntigenEncoding = 'snomed' | 'interpretation' | 'string' | 'index';
export interface AntigenPoint {
  days: number;
  positive: boolean;
  encoding: AntigenEncoding;
}

export type HbsagKind = 'qualitative' | 'quant-iu' | 'quant-log';
export interface HbsagPoint {
  days: number;
  kind: HbsagKind;
  positive: boolean;
  iu: number;
}

export interface TbilPoint {
  /** Days before the latest ALT (negative: after it). */
  daysFromAlt: number;
  umolL: number;
  unit: 'umol/L' | 'mg/dL';
}

export interface CountPoint {
  days: number;
  value: number;
}

export type GradeScale = 'scheuer' | 'metavir' | 'knodell' | 'ishak';
export type StageScale = 'scheuer' | 'metavir' | 'ishak';
export interface Histology {
  grade?: { days: number; scale: GradeScale; grade: number; as: 'code' | 'text' };
  stage?: { days: number; scale: StageScale; stage: number };
  lsm?: { days: number; kPa: number };
}

export interface ConditionPick {
  list: string;
  system: 'snomed' | 'icd10' | 'icd10-cm';
  code: string;
  status: 'active' | 'resolved' | 'inactive' | 'remission' | 'recurrence' | 'none';
  verification: 'confirmed' | 'refuted' | 'entered-in-error' | 'unconfirmed';
  days: number;
}

export type NaDrugPick = 'entecavir' | 'tenofovir-df' | 'tenofovir-af' | 'lamivudine' | 'adefovir' | 'telbivudine' | 'tdf-combination' | 'text-baraclude';
export interface NaPick {
  drug: NaDrugPick;
  /** MedicationStatement with a documented start, or MedicationRequest (authoredOn never a start). */
  via: 'statement' | 'request';
  /** The drug named through medicationReference to a Medication in the Bundle instead of a CodeableConcept. */
  byReference: boolean;
  status: 'active' | 'stopped' | 'completed';
  startDays?: number;
}

export interface IfnPick {
  drug: 'peg-2a' | 'peg-2b' | 'ifn-2b' | 'atc-peg-2a' | 'text';
  via: 'statement' | 'request';
  byReference: boolean;
  status: 'active' | 'stopped' | 'completed';
  days: number;
}

export type Sex = 'male' | 'female' | 'other' | 'unknown';

export interface PatientSpec {
  sex: Sex;
  age: number;
  /** Birthday offset in days (+1: the birthday is tomorrow, a year younger today; −1: it was yesterday). */
  birthdayOffset: number;
  /** How the patient is in scope (or not). */
  scope: 'chb-snomed' | 'chb-icd10' | 'hbv-66071002' | 'chb-resolved' | 'none';
  alt: AltPoint[];
  tbil: TbilPoint[];
  inr: CountPoint[];
  platelets: CountPoint[];
  neutrophils: CountPoint[];
  tsh: CountPoint[];
  ast: CountPoint[];
  dna: DnaPoint[];
  hbeag: AntigenPoint[];
  hbsag: HbsagPoint[];
  igm: AntigenPoint[];
  histology: Histology;
  conditions: ConditionPick[];
  pregnancyObservation?: { days: number; pregnant: boolean };
  familyHistory?: 'hcc' | 'chb' | 'cirrhosis' | 'hypertension' | 'hcc-icd10';
  na?: NaPick;
  interferon?: IfnPick;
  warfarin: boolean;
  interferonAllergy?: { status: 'active' | 'inactive'; verification: 'confirmed' | 'refuted'; via: 'code' | 'reaction' };
  /** Which of each input's LOINC codes the results carry (0: the first of §2's list; n: the n-th, wrapping). */
  codeVariant: number;
  /** Counts in 10*3/uL and TSH in u[IU]/mL (§2: equal to 10*9/L and mIU/L) instead of the first units. */
  otherUnits: boolean;
  /** One result outside the site's plausible bounds (passed over, never read: config `plausible`). */
  implausible?: { input: ImplausibleInput; days: number };
}

export type ImplausibleInput = 'alt' | 'alt-uln' | 'platelets' | 'neutrophils' | 'inr' | 'tbil' | 'hbv-dna' | 'lsm-high' | 'lsm-low';

/** Inputs the generator can be kept away from (when the CQL does not cover them, cql-status.md). */
export const EXCLUDABLE = [
  'alt-ukat',
  'alt-string',
  'alt-bad-unit',
  'uln-by-sex',
  'alt-hours',
  'date-only',
  'result-status',
  'future-dates',
  'implausible',
  'dna-kiu',
  'dna-copies',
  'dna-log',
  'dna-string',
  'dna-text',
  'dna-presence',
  'dna-bad-unit',
  'antigen-interpretation',
  'antigen-string',
  'antigen-index',
  'hbsag-quant',
  'tbil-mg-dl',
  'histology-text',
  'lsm',
  'apri',
  'icd10',
  'condition-status',
  'pregnancy-observation',
  'na-request',
  'na-combination',
  'interferon-text',
  'warfarin',
  'medication-reference',
  'code-variants',
  'allergy',
  'family-history',
  'sex-other',
] as const;
export type Excludable = (typeof EXCLUDABLE)[number];

export interface GeneratorOptions {
  exclude?: readonly Excludable[];
}

// ---- boundary-biased values ---------------------------------------------------------------------------

/** Mostly the listed boundary values (both sides), sometimes any value in [min, max]. */
function biased(values: readonly number[], min: number, max: number, decimals = 2): fc.Arbitrary<number> {
  const scale = 10 ** decimals;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((n) => n / scale) },
  );
}

const MULTIPLES = [0.5, 0.9, 1.0, 1.01, 1.2, 1.5, 1.99, 2.0, 2.01, 3, 4.2, 5, 5.01, 6, 7.5, 9.99, 10, 10.01, 12, 15, 20, 30];
/** Days before now around the 90-day lookback and the 12-month window. */
const RECENT_DAYS = [0, 1, 2, 5, 7, 8, 14, 20, 30, 60, 89, 90, 91, 120, 200, 300, 364, 365, 366, 400];
const HOURS = [0, 8, 23];

function altPoint(o: Set<Excludable>, days: fc.Arbitrary<number>, multiple: fc.Arbitrary<number>): fc.Arbitrary<AltPoint> {
  const units: AltUnit[] = ['U/L', 'U/L', 'U/L', '[IU]/L'];
  if (!o.has('alt-ukat')) units.push('ukat/L');
  if (!o.has('alt-string')) units.push('string');
  if (!o.has('alt-bad-unit')) units.push('bad-unit');
  const ulns: UlnKind[] = ['lab-40', 'lab-40', 'lab-35', 'lab-50', 'none'];
  if (!o.has('uln-by-sex')) ulns.push('by-sex', 'by-sex-and-age');
  return fc.record({
    days,
    hour: o.has('alt-hours') ? fc.constant(8) : fc.constantFrom(...HOURS, ...(o.has('date-only') ? [] : [-1])),
    status: o.has('result-status')
      ? fc.constant<ResultStatus>('final')
      : fc.oneof({ weight: 8, arbitrary: fc.constant<ResultStatus>('final') }, { weight: 2, arbitrary: fc.constantFrom<ResultStatus>('preliminary', 'amended', 'entered-in-error', 'cancelled') }),
    multiple,
    unit: fc.oneof({ weight: 6, arbitrary: fc.constant<AltUnit>('U/L') }, { weight: 4, arbitrary: fc.constantFrom(...units) }),
    uln: fc.constantFrom(...ulns),
  });
}

/** ALT series shaped like the clinical stories: flares, falls, rises, recurrent mild, steep rises, anything. */
function altSeries(o: Set<Excludable>): fc.Arbitrary<AltPoint[]> {
  const point = (days: fc.Arbitrary<number>, m: fc.Arbitrary<number>) => altPoint(o, days, m);
  const multiple = biased(MULTIPLES, 0.3, 40);
    // −1, −2: tomorrow and the day after (§2 v3 / issue 21: a result more than a day after now is passed over).
  const latestDays = o.has('future-dates') ? fc.constantFrom(0, 1, 2, 5, 30, 60, 89, 90, 91, 120) : fc.oneof({ weight: 12, arbitrary: fc.constantFrom(0, 1, 2, 5, 30, 60, 89, 90, 91, 120) }, { weight: 1, arbitrary: fc.constantFrom(-1, -2) });
  const random = fc.array(point(fc.constantFrom(...RECENT_DAYS), multiple), { minLength: 0, maxLength: 5 });
  /** A flare (peak >10×) then a latest value at a fraction of it: around 80 % of the peak and 10×ULN. */
  const flare = fc
    .tuple(fc.constantFrom(10.01, 12, 15, 20, 30), fc.constantFrom(0.2, 0.3, 0.5, 0.79, 0.8, 0.81, 1.0, 1.2), fc.constantFrom(10, 25, 40, 60, 85, 89, 90, 91, 100), fc.constantFrom(1, 2, 5), fc.boolean())
    .chain(([peak, fraction, peakDays, latest, between]) =>
      fc.tuple(
        point(fc.constant(peakDays), fc.constant(peak)),
        point(fc.constant(Math.min(latest, peakDays)), fc.constant(Math.round(peak * fraction * 100) / 100)),
        between ? point(fc.constant(Math.max(latest, Math.floor(peakDays / 2))), multiple).map((p) => [p]) : fc.constant([] as AltPoint[]),
      ),
    )
    .map(([p, l, rest]) => [p, ...rest, l]);
  /** Steep rise: latest >5× and ≥1.5× the one before (dated ≤90 days before the latest). */
  const steep = fc
    .tuple(fc.constantFrom(4, 5, 6, 8), fc.constantFrom(1.4, 1.49, 1.5, 1.51, 2), fc.constantFrom(3, 18, 60, 88, 89, 90, 91, 95))
    .chain(([before, factor, gap]) => fc.tuple(point(fc.constant(2), fc.constant(Math.round(before * factor * 100) / 100)), point(fc.constant(2 + gap), fc.constant(before))));
  /** Recurrent mild: two results in the mild band 27/28/29 days apart within 12 months. */
  const mild = fc
    .tuple(fc.constantFrom(1.01, 1.3, 1.5, 1.99), fc.constantFrom(1.01, 1.4, 1.99, 2.0), fc.constantFrom(27, 28, 29, 100), fc.constantFrom(3, 30, 80, 300, 337, 338))
    .chain(([a, b, gap, last]) => fc.tuple(point(fc.constant(last), fc.constant(a)), point(fc.constant(last + gap), fc.constant(b)), point(fc.constant(last + gap + 40), biased([0.8, 1.0, 1.2], 0.3, 1.9))));
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(point(latestDays, multiple), random).map(([l, r]) => [...r, l]) },
    { weight: 3, arbitrary: flare },
    { weight: 1, arbitrary: steep },
    { weight: 2, arbitrary: mild },
    { weight: 1, arbitrary: fc.constant<AltPoint[]>([]) },
  ) as fc.Arbitrary<AltPoint[]>;
}

function dnaPoint(o: Set<Excludable>): fc.Arbitrary<DnaPoint> {
  const forms: DnaForm[] = ['iu', 'iu', 'iu', 'lt-comparator'];
  if (!o.has('dna-kiu')) forms.push('kiu');
  if (!o.has('dna-copies')) forms.push('copies');
  if (!o.has('dna-log')) forms.push('log-iu', 'log-copies');
  if (!o.has('dna-string')) forms.push('iu-string', 'lt-string');
  if (!o.has('dna-text')) forms.push('not-detected-text');
  if (!o.has('dna-presence')) forms.push('presence');
  if (!o.has('dna-bad-unit')) forms.push('bad-unit');
  return fc.record({
    days: fc.constantFrom(5, 20, 100, 182, 183, 184, 300, 364, 365, 366, 400),
    form: fc.constantFrom(...forms),
    iu: biased([0, 10, 20, 500, 1500, 1999, 2000, 2001, 20000, 1.7e5, 2e5, 1e6, 3e7], 1, 1e8, 0),
    detected: fc.boolean(),
  });
}

function antigen(o: Set<Excludable>, days: number[]): fc.Arbitrary<AntigenPoint> {
  const encodings: AntigenEncoding[] = ['snomed', 'snomed'];
  if (!o.has('antigen-interpretation')) encodings.push('interpretation');
  if (!o.has('antigen-string')) encodings.push('string');
  if (!o.has('antigen-index')) encodings.push('index');
  return fc.record({ days: fc.constantFrom(...days), positive: fc.boolean(), encoding: fc.constantFrom(...encodings) });
}

function hbsagPoint(o: Set<Excludable>): fc.Arbitrary<HbsagPoint> {
  const kinds: HbsagKind[] = o.has('hbsag-quant') ? ['qualitative'] : ['qualitative', 'qualitative', 'quant-iu', 'quant-log'];
  return fc.record({
    days: fc.constantFrom(5, 14, 100, 182, 183, 184, 200, 364, 365, 366, 800),
    kind: fc.constantFrom(...kinds),
    positive: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    iu: biased([0.04, 0.05, 0.06, 100, 800, 1499, 1500, 1501, 3200, 20000], 0.01, 1e5),
  });
}

/** The §2.1 lists, one SNOMED and one ICD-10 example each (with the exclusions the rules name). */
const CONDITIONS: { list: string; snomed?: string; icd10?: string; cm?: boolean }[] = [
  { list: 'cirrhosis', snomed: '19943007', icd10: 'K74.6' },
  { list: 'decompensation', snomed: '389026000', icd10: 'R18' },
  { list: 'decompensation', snomed: '716203000', icd10: 'K72.9' },
  { list: 'portal-hypertension', snomed: '28670008', icd10: 'I85.0' },
  { list: 'pregnancy', snomed: '77386006', icd10: 'Z34.0' },
  { list: 'pregnancy', icd10: 'O09.5' },
  { list: 'severe-psychiatric', snomed: '58214004', icd10: 'F20.0' },
  { list: 'severe-psychiatric', snomed: '370143000', icd10: 'F32.1' },
  { list: 'depression-history', icd10: 'F33.4' },
  { list: 'suicide-attempt', snomed: '82313006', icd10: 'Z91.5' },
  { list: 'epilepsy', snomed: '84757009', icd10: 'G40.9' },
  { list: 'autoimmune', snomed: '55464009', icd10: 'M32.1' },
  { list: 'heart-disease', snomed: '84114007', icd10: 'I50.0' },
  { list: 'hcc', snomed: '109841003', icd10: 'C22.0' },
  { list: 'transplant', icd10: 'Z94.0' },
  { list: 'substance-abuse', snomed: '7200002', icd10: 'F10.2' },
  { list: 'substance-abuse', icd10: 'F10.21', cm: true },
  { list: 'not-a-list', icd10: 'F17.2' },
  { list: 'thyroid', snomed: '40930008', icd10: 'E03.9' },
  { list: 'retinopathy', snomed: '4855003', icd10: 'H35.0' },
  { list: 'psoriasis', snomed: '9014002', icd10: 'L40.0' },
  { list: 'uncontrolled-diabetes-hypertension', icd10: 'E11.65', cm: true },
  { list: 'hiv', snomed: '86406008', icd10: 'B20' },
  { list: 'imaging-lesion', snomed: '328383001' },
];

function conditionPick(o: Set<Excludable>): fc.Arbitrary<ConditionPick> {
  return fc.constantFrom(...CONDITIONS).chain((c) => {
    const systems: ConditionPick['system'][] = [];
    if (c.snomed) systems.push('snomed');
    if (c.icd10 && !o.has('icd10')) systems.push(c.cm ? 'icd10-cm' : 'icd10');
    if (systems.length === 0) return fc.constant<ConditionPick | undefined>(undefined);
    const statuses: ConditionPick['status'][] = o.has('condition-status') ? ['active'] : ['active', 'active', 'active', 'resolved', 'inactive', 'remission', 'recurrence', 'none'];
    const verifications: ConditionPick['verification'][] = o.has('condition-status') ? ['confirmed'] : ['confirmed', 'confirmed', 'confirmed', 'refuted', 'entered-in-error', 'unconfirmed'];
    return fc.record({
      list: fc.constant(c.list),
      system: fc.constantFrom(...systems),
      code: fc.constant(''),
      status: fc.constantFrom(...statuses),
      verification: fc.constantFrom(...verifications),
      days: fc.constantFrom<number>(30, 400, 2000),
    }).map((p): ConditionPick | undefined => ({ ...p, code: p.system === 'snomed' ? c.snomed! : c.icd10! }));
  }).filter((p): p is ConditionPick => p !== undefined);
}

/** Up to two results: mostly an unremarkable value (`normal`), else a boundary-biased one. */
const count = (normal: number, values: number[], min: number, max: number, days = [0, 3, 30, 89, 90, 91, 120]): fc.Arbitrary<CountPoint[]> =>
  fc.array(
    fc.record({ days: fc.constantFrom(...days), value: fc.oneof({ weight: 3, arbitrary: fc.constant(normal) }, { weight: 2, arbitrary: biased(values, min, max) }) }),
    { maxLength: 2 },
  );

const byReference = (o: Set<Excludable>): fc.Arbitrary<boolean> =>
  o.has('medication-reference') ? fc.constant(false) : fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

/** The generator of patient specs. */
export function patientSpec(options: GeneratorOptions = {}): fc.Arbitrary<PatientSpec> {
  const o = new Set(options.exclude ?? []);
  const sexes: Sex[] = o.has('sex-other') ? ['male', 'female'] : ['male', 'male', 'female', 'female', 'other', 'unknown'];
  const naDrugs: NaDrugPick[] = ['entecavir', 'entecavir', 'tenofovir-df', 'tenofovir-af', 'lamivudine', 'adefovir', 'telbivudine'];
  if (!o.has('na-combination')) naDrugs.push('tdf-combination');
  if (!o.has('interferon-text')) naDrugs.push('text-baraclude');
  const ifnDrugs: IfnPick['drug'][] = ['peg-2a', 'peg-2b', 'ifn-2b', 'atc-peg-2a'];
  if (!o.has('interferon-text')) ifnDrugs.push('text');
  const medStatus = fc.constantFrom<'active' | 'stopped' | 'completed'>('active', 'active', 'active', 'stopped', 'completed');
  const rare = <T>(arb: fc.Arbitrary<T>, weight = 1, of = 4): fc.Arbitrary<T | undefined> =>
    fc.oneof({ weight: of - weight, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
  return fc.record({
    sex: fc.constantFrom(...sexes),
    age: biased([18, 30, 39, 40, 41, 52], 16, 85, 0),
    birthdayOffset: fc.constantFrom(0, 0, 0, -1, 1),
    scope: fc.oneof(
      { weight: 6, arbitrary: fc.constant<PatientSpec['scope']>('chb-snomed') },
      { weight: 4, arbitrary: fc.constantFrom<PatientSpec['scope']>(...(o.has('icd10') ? [] : (['chb-icd10'] as const)), 'hbv-66071002', 'chb-resolved', 'none') },
    ),
    alt: altSeries(o),
    tbil: fc.array(
      fc.record({
        daysFromAlt: fc.constantFrom(-8, -7, -1, 0, 1, 3, 7, 8, 12, 14, 15),
        umolL: biased([8, 12, 17.1, 20, 34.2, 34.3, 40, 51, 51.1, 80], 3, 150, 1),
        unit: o.has('tbil-mg-dl') ? fc.constant<'umol/L'>('umol/L') : fc.constantFrom<'umol/L' | 'mg/dL'>('umol/L', 'umol/L', 'umol/L', 'mg/dL'),
      }),
      { maxLength: 3 },
    ),
    inr: count(1.0, [1.0, 1.2, 1.5, 1.51, 1.8], 0.8, 3, [0, 2, 6, 7, 8, 20]),
    platelets: count(190, [20, 24.9, 25, 49, 50, 80, 89, 90, 99, 100, 140, 200], 10, 400),
    neutrophils: count(3.2, [0.4, 0.5, 0.51, 0.75, 0.76, 0.99, 1.0, 1.49, 1.5, 3.2], 0.2, 8),
    tsh: count(1.8, [0.2, 0.27, 1.8, 4.2, 4.3, 8], 0.05, 15),
    ast: o.has('apri') ? fc.constant([]) : count(30, [30, 40, 59, 60, 61, 80, 81, 120], 15, 400),
    dna: fc.array(dnaPoint(o), { maxLength: 3 }),
    hbeag: fc.array(antigen(o, [5, 20, 100, 200, 300, 365, 366, 500]), { maxLength: 3 }),
    hbsag: fc.array(hbsagPoint(o), { maxLength: 2 }),
    igm: fc.array(antigen(o, [5, 14, 100, 182, 183, 184, 200]), { maxLength: 1 }),
    histology: fc.record(
      {
        grade: rare(
          fc.record({
            days: fc.constantFrom(30, 240, 1090, 1095, 1096, 1097, 1100, 1200),
            scale: fc.constantFrom<GradeScale>('scheuer', 'metavir', 'knodell', 'ishak'),
            grade: fc.integer({ min: 0, max: 6 }),
            as: o.has('histology-text') ? fc.constant<'code'>('code') : fc.constantFrom<'code' | 'text'>('code', 'text'),
          }),
          2,
        ),
        stage: rare(fc.record({ days: fc.constantFrom(30, 240, 1095, 1096, 1097, 1100, 1500), scale: fc.constantFrom<StageScale>('scheuer', 'metavir', 'ishak'), stage: fc.integer({ min: 0, max: 6 }) }), 2),
        lsm: o.has('lsm') ? fc.constant(undefined) : rare(fc.record({ days: fc.constantFrom(20, 300, 1095, 1096, 1097, 1100), kPa: biased([6, 8.9, 9.0, 9.1, 12.3, 12.4, 12.5, 20], 3, 40, 1) }), 2),
      },
      { requiredKeys: [] },
    ),
    conditions: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(conditionPick(o), { minLength: 1, maxLength: 2 }) }),
    pregnancyObservation: o.has('pregnancy-observation') ? fc.constant(undefined) : rare(fc.record({ days: fc.constantFrom(5, 100), pregnant: fc.boolean() }), 1, 8),
    familyHistory: o.has('family-history') ? fc.constant(undefined) : rare(fc.constantFrom<NonNullable<PatientSpec['familyHistory']>>('hcc', 'chb', 'cirrhosis', 'hypertension', ...(o.has('icd10') ? [] : (['hcc-icd10'] as const)))),
    na: rare(
      fc.record({
        drug: fc.constantFrom(...naDrugs),
        via: o.has('na-request') ? fc.constant<'statement'>('statement') : fc.constantFrom<'statement' | 'request'>('statement', 'statement', 'request'),
        byReference: byReference(o),
        status: medStatus,
        startDays: rare(fc.constantFrom(30, 167, 168, 169, 400, 1800), 3),
      }),
      1,
    ),
    interferon: rare(
      fc.record({
        drug: fc.constantFrom(...ifnDrugs),
        via: fc.constantFrom<'statement' | 'request'>('statement', 'request', 'request'),
        byReference: byReference(o),
        status: medStatus,
        days: fc.constantFrom(20, 70, 200),
      }),
      1,
      6,
    ),
    warfarin: o.has('warfarin') ? fc.constant(false) : fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    otherUnits: o.has('code-variants') ? fc.constant(false) : fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    codeVariant: o.has('code-variants') ? fc.constant(0) : fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 }) }),
    implausible: o.has('implausible')
      ? fc.constant(undefined)
      : rare(fc.record({ input: fc.constantFrom<ImplausibleInput>('alt', 'alt-uln', 'platelets', 'neutrophils', 'inr', 'tbil', 'hbv-dna', 'lsm-high', 'lsm-low'), days: fc.constantFrom(0, 1, 3) }), 1, 10),
    interferonAllergy: o.has('allergy') ? fc.constant(undefined) : rare(fc.record({ status: fc.constantFrom<'active' | 'inactive'>('active', 'inactive'), verification: fc.constantFrom<'confirmed' | 'refuted'>('confirmed', 'refuted'), via: fc.constantFrom<'code' | 'reaction'>('code', 'reaction') }), 1, 12),
 }, { requiredKeys: ['otherUnits', 'codeVariant', 'sex', 'age', 'birthdayOffset', 'scope', 'alt', 'tbil', 'inr', 'platelets', 'neutrophils', 'tsh', 'ast', 'dna', 'hbeag', 'hbsag', 'igm', 'histology', 'conditions', 'warfarin'] }) as fc.Arbitrary<PatientSpec>;
}

// ---- spec → Bundle ------------------------------------------------------------------------------------

const round = (x: number, digits = 6): number => Number(x.toFixed(digits));

/** The ULN in U/L an ALT point is written against, and the reference range that says so. */
function altUln(p: AltPoint, sex: Sex, age: number): { ulnUL: number; ranges?: ObservationReferenceRange[] } {
  switch (p.uln) {
    case 'lab-40':
      return { ulnUL: 40, ranges: [referenceRange({ high: 40, unit: 'U/L' })] };
    case 'lab-35':
      return { ulnUL: 35, ranges: [referenceRange({ high: 35, unit: 'U/L' })] };
    case 'lab-50':
      return { ulnUL: 50, ranges: [referenceRange({ high: 50, unit: 'U/L' })] };
    case 'none':
      return { ulnUL: 40 };
    case 'by-sex': {
      // One range per sex and one for neither (§2 v3): male 50, female 35, others the general 40.
      const ranges = [referenceRange({ high: 50, unit: 'U/L', sex: 'male' }), referenceRange({ high: 35, unit: 'U/L', sex: 'female' }), referenceRange({ high: 40, unit: 'U/L' })];
      return { ulnUL: sex === 'male' ? 50 : sex === 'female' ? 35 : 40, ranges };
    }
    case 'by-sex-and-age': {
      // Most criteria first (§2 v3): adult men 18–120 50, women 35; under 18 (either sex) 30; else the general 40.
      const ranges = [
        referenceRange({ high: 40, unit: 'U/L' }),
        referenceRange({ high: 30, unit: 'U/L', age: { low: 0, high: 17 } }),
        referenceRange({ high: 50, unit: 'U/L', sex: 'male', age: { low: 18, high: 120 } }),
        referenceRange({ high: 35, unit: 'U/L', sex: 'female', age: { low: 18, high: 120 } }),
      ];
      const adult = age >= 18;
      return { ulnUL: adult && sex === 'male' ? 50 : adult && sex === 'female' ? 35 : adult ? 40 : 30, ranges };
    }
  }
}

/** A result dated `days` before the evaluation date at `hour` UTC. */
const dated = (days: number, hour = 8): string => (hour < 0 ? at(days).slice(0, 10) : at(days, hour));

function quantityObservation(b: StoryBuilder, kind: string, coding: Coding, effective: string, value: Partial<Observation>, status: ResultStatus = 'final'): void {
  b.add(observation({ id: `${b.patient.id}-${kind}-${b.resources.length}`, patientId: b.patient.id, coding, effective, lab: true, status }, value));
}

function addAlt(b: StoryBuilder, p: AltPoint, sex: Sex, age: number): void {
  const { ulnUL, ranges } = altUln(p, sex, age);
  const ul = round(p.multiple * ulnUL, 4);
  const coding = { system: LOINC, code: '1742-6', display: 'ALT' };
  const effective = dated(p.days, p.hour);
  const rangeField = ranges ? { referenceRange: ranges } : {};
  const add = (value: Partial<Observation>) => quantityObservation(b, 'alt', coding, effective, value, p.status);
  switch (p.unit) {
    case 'U/L':
    case '[IU]/L':
      return add({ valueQuantity: ucum(ul, p.unit === 'U/L' ? 'U/L' : 'IU/L', p.unit), ...rangeField });
    case 'ukat/L': {
      // µkat/L with the range in µkat/L too (×60 = U/L, §2): both sides of the ratio convert alike.
      const kat = (x: number) => round(x / 60, 6);
      const katRanges = ranges?.map((r) => ({ ...r, high: ucum(kat(r.high!.value!), 'µkat/L', 'ukat/L') }));
      return add({ valueQuantity: ucum(kat(ul), 'µkat/L', 'ukat/L'), ...(katRanges ? { referenceRange: katRanges } : {}) });
    }
    case 'string':
      return add({ valueString: `${ul} U/L`, ...rangeField });
    case 'bad-unit':
      return add({ valueQuantity: ucum(ul, 'mg/dL'), ...rangeField });
  }
}

function addDna(b: StoryBuilder, p: DnaPoint): void {
  const effective = dated(p.days);
  const code = (c: string, display: string) => ({ system: LOINC, code: c, display });
  const iu = code('42595-9', 'HBV DNA');
  switch (p.form) {
    case 'iu':
      return quantityObservation(b, 'dna', iu, effective, { valueQuantity: ucum(p.iu, 'IU/mL', '[IU]/mL') });
    case 'kiu':
      return quantityObservation(b, 'dna', iu, effective, { valueQuantity: ucum(round(p.iu / 1000, 6), 'kIU/mL', 'k[IU]/mL') });
    case 'copies':
      return quantityObservation(b, 'dna', code('29615-2', 'HBV DNA (copies)'), effective, { valueQuantity: ucum(Math.round(p.iu * 5.82), 'copies/mL', '{copies}/mL') });
    case 'log-iu':
      return quantityObservation(b, 'dna', code('48398-2', 'HBV DNA (log IU)'), effective, { valueQuantity: ucum(round(Math.log10(Math.max(p.iu, 1)), 2), 'log IU/mL', '{log_IU}/mL') });
    case 'log-copies':
      return quantityObservation(b, 'dna', code('45161-7', 'HBV DNA (log copies)'), effective, { valueQuantity: ucum(round(Math.log10(Math.max(p.iu, 1) * 5.82), 2), 'log copies/mL', '{log_copies}/mL') });
    case 'iu-string':
      return quantityObservation(b, 'dna', iu, effective, { valueString: `${p.iu} IU/mL` });
    case 'lt-comparator':
      return quantityObservation(b, 'dna', iu, effective, { valueQuantity: ucum(20, 'IU/mL', '[IU]/mL', '<') });
    case 'lt-string':
      return quantityObservation(b, 'dna', iu, effective, { valueString: '<20 IU/mL' });
    case 'not-detected-text':
      return quantityObservation(b, 'dna', iu, effective, { valueString: 'Not detected' });
    case 'presence':
      return quantityObservation(b, 'dna', code('29610-3', 'HBV DNA presence'), effective, posNeg(p.detected));
    case 'bad-unit':
      return quantityObservation(b, 'dna', iu, effective, { valueQuantity: ucum(p.iu, 'mg/L') });
  }
}

function antigenValue(p: AntigenPoint): Partial<Observation> {
  switch (p.encoding) {
    case 'snomed':
      return posNeg(p.positive);
    case 'interpretation':
      return { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: p.positive ? 'POS' : 'NEG' }] }] };
    case 'string':
      return { valueString: p.positive ? 'Positive' : 'Negative' };
    case 'index':
      return { valueQuantity: ucum(p.positive ? 1.0 : 0.99, 'S/CO', '{s_co_ratio}') };
  }
}

function addAntigen(b: StoryBuilder, kind: string, presence: string, quantitative: string | undefined, display: string, p: AntigenPoint): void {
  const code = p.encoding === 'index' && quantitative ? quantitative : presence;
  quantityObservation(b, kind, { system: LOINC, code, display }, dated(p.days), antigenValue(p));
}

function addHbsag(b: StoryBuilder, p: HbsagPoint): void {
  const effective = dated(p.days);
  if (p.kind === 'qualitative') return quantityObservation(b, 'hbsag', { system: LOINC, code: '5196-1', display: 'HBsAg' }, effective, posNeg(p.positive));
  if (p.kind === 'quant-iu') return quantityObservation(b, 'hbsag', { system: LOINC, code: '63557-3', display: 'HBsAg (quantitative)' }, effective, { valueQuantity: ucum(p.iu, 'IU/mL', '[IU]/mL') });
  return quantityObservation(b, 'hbsag', { system: LOINC, code: '99385-7', display: 'HBsAg (log IU/mL)' }, effective, { valueQuantity: ucum(round(Math.log10(p.iu), 3), 'log IU/mL', '{log_IU}/mL') });
}

const GRADE_CODE: Record<GradeScale, (g: number) => string> = {
  scheuer: (g) => `scheuer-G${Math.min(g, 4)}`,
  metavir: (g) => `metavir-A${Math.min(g, 3)}`,
  knodell: (g) => `knodell-HAI-${g}`,
  ishak: (g) => `ishak-HAI-${g}`,
};
const GRADE_TEXT: Record<GradeScale, (g: number) => string> = {
  scheuer: (g) => `G${Math.min(g, 4)}`,
  metavir: (g) => `METAVIR A${Math.min(g, 3)}`,
  knodell: (g) => `Knodell ${g}`,
  ishak: (g) => `Ishak HAI ${g}`,
};
const STAGE_CODE: Record<StageScale, (s: number) => string> = {
  scheuer: (s) => `scheuer-S${Math.min(s, 4)}`,
  metavir: (s) => `metavir-F${Math.min(s, 4)}`,
  ishak: (s) => `ishak-F${s}`,
};

function addHistology(b: StoryBuilder, h: Histology): void {
  if (h.grade) {
    const g = h.grade;
    if (g.as === 'code') b.histology({ code: GRADE_CODE[g.scale](g.grade) }, g.days);
    else b.histology({ text: GRADE_TEXT[g.scale](g.grade) }, g.days);
  }
  if (h.stage) b.fibrosis(STAGE_CODE[h.stage.scale](h.stage.stage), h.stage.days);
  if (h.lsm) b.liverStiffness(h.lsm.kPa, h.lsm.days);
}

const CLINICAL_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

function addCondition(b: StoryBuilder, c: ConditionPick): void {
  const system = c.system === 'snomed' ? SNOMED : c.system === 'icd10' ? ICD10 : ICD10_CM;
  b.add({
    resourceType: 'Condition',
    id: `${b.patient.id}-cond-${b.resources.length}`,
    ...(c.status === 'none' ? {} : { clinicalStatus: { coding: [{ system: CLINICAL_STATUS, code: c.status }] } }),
    verificationStatus: { coding: [{ system: VERIFICATION_STATUS, code: c.verification }] },
    code: { coding: [{ system, code: c.code }], text: c.list },
    subject: { reference: `Patient/${b.patient.id}` },
    onsetDateTime: dated(c.days),
  });
}

const NA_CONCEPT: Record<NaDrugPick, CodeableConcept> = {
  entecavir: { coding: [{ system: ATC, code: 'J05AF10', display: 'entecavir' }], text: 'Entecavir 0.5 mg daily' },
  'tenofovir-df': { coding: [{ system: ATC, code: 'J05AF07', display: 'tenofovir disoproxil' }], text: 'Tenofovir disoproxil 300 mg daily' },
  'tenofovir-af': { coding: [{ system: ATC, code: 'J05AF13', display: 'tenofovir alafenamide' }], text: 'Tenofovir alafenamide 25 mg daily' },
  lamivudine: { coding: [{ system: ATC, code: 'J05AF05', display: 'lamivudine' }], text: 'Lamivudine 100 mg daily' },
  adefovir: { coding: [{ system: ATC, code: 'J05AF08', display: 'adefovir dipivoxil' }], text: 'Adefovir 10 mg daily' },
  telbivudine: { coding: [{ system: ATC, code: 'J05AF11', display: 'telbivudine' }], text: 'Telbivudine 600 mg daily' },
  'tdf-combination': { coding: [{ system: ATC, code: 'J05AR06', display: 'emtricitabine, tenofovir disoproxil and efavirenz' }], text: 'Efavirenz/emtricitabine/tenofovir disoproxil' },
  'text-baraclude': { text: 'Baraclude 0.5 mg daily' },
};

const IFN_CONCEPT: Record<IfnPick['drug'], CodeableConcept> = {
  'peg-2a': { coding: [{ system: RXNORM, code: '120608', display: 'peginterferon alfa-2a' }], text: 'Peginterferon alfa-2a 180 mcg weekly' },
  'peg-2b': { coding: [{ system: RXNORM, code: '253453', display: 'peginterferon alfa-2b' }], text: 'Peginterferon alfa-2b 1.5 mcg/kg weekly' },
  'ifn-2b': { coding: [{ system: RXNORM, code: '5880', display: 'interferon alfa-2b' }], text: 'Interferon alfa-2b 5 MU daily' },
  'atc-peg-2a': { coding: [{ system: ATC, code: 'L03AB11', display: 'peginterferon alfa-2a' }], text: 'Pegasys' },
  text: { text: 'Peginterferon alfa-2a 180 mcg weekly' },
};

function addMedication(
  b: StoryBuilder,
  kind: string,
  concept: CodeableConcept,
  m: { via: 'statement' | 'request'; status: 'active' | 'stopped' | 'completed'; byReference?: boolean },
  startDays: number | undefined,
  authoredDays: number,
): void {
  const id = `${b.patient.id}-${kind}-${b.resources.length}`;
  const subject = { reference: `Patient/${b.patient.id}` };
  const status = m.status;
  // §6: the order may name a bundled Medication instead of carrying the concept.
  if (m.byReference) b.add({ resourceType: 'Medication', id: `${id}-med`, code: structuredClone(concept) });
  const medication = m.byReference ? { medicationReference: { reference: `Medication/${id}-med` } } : { medicationCodeableConcept: structuredClone(concept) };
  if (m.via === 'statement') {
    b.add({ resourceType: 'MedicationStatement', id, status, subject, ...medication, ...(startDays !== undefined ? { effectivePeriod: { start: dated(startDays) } } : {}) });
  } else {
    b.add({ resourceType: 'MedicationRequest', id, status, intent: 'order', subject, ...medication, authoredOn: dated(authoredDays) });
  }
}

/** Values outside the default plausible bounds (src/engine/config/inputs.ts `plausible`). */
function addImplausible(b: StoryBuilder, x: NonNullable<PatientSpec['implausible']>): void {
  const effective = dated(x.days);
  const lab = (code: string, value: number, unit: string, extra: Partial<Observation> = {}) =>
    quantityObservation(b, 'implausible', { system: LOINC, code }, effective, { valueQuantity: ucum(value, unit), ...extra });
  switch (x.input) {
    case 'alt':
      return lab('1742-6', 150000, 'U/L', { referenceRange: [{ high: ucum(40, 'U/L') }] });
    case 'alt-uln':
      return lab('1742-6', 200, 'U/L', { referenceRange: [{ high: ucum(2000, 'U/L') }] });
    case 'platelets':
      return lab('777-3', 6000, '10*9/L');
    case 'neutrophils':
      return lab('751-8', 600, '10*9/L');
    case 'inr':
      return lab('6301-6', 25, '{INR}');
    case 'tbil':
      return lab('14631-6', 2500, 'umol/L');
    case 'hbv-dna':
      return lab('42595-9', 1e12, '[IU]/mL');
    case 'lsm-high':
      b.liverStiffness(80, x.days);
      return;
    case 'lsm-low':
      b.liverStiffness(1.0, x.days);
      return;
  }
}

/** §2's code lists whose members mean the same input (same unit and reading). */
const CODE_VARIANTS: string[][] = [
  ['1742-6', '1743-4', '1744-2'],
  ['1920-8', '30239-8', '88112-8'],
  ['777-3', '26515-7'],
  ['751-8', '26499-4'],
  ['3016-3', '11580-8'],
  ['29615-2', '47216-7', '48650-6'],
  ['13954-3', '31844-4'],
  ['5191-2', '31845-1'],
  ['5196-1', '5195-3'],
  ['63557-3', '58452-4'],
  ['31204-1', '24113-3'],
];

/** Every Observation's LOINC code moved to the `variant`-th code of its list. */
function useCodeVariant(b: StoryBuilder, variant: number): void {
  for (const r of b.resources) {
    if (r.resourceType !== 'Observation') continue;
    for (const c of r.code.coding ?? []) {
      const list = c.system === LOINC ? CODE_VARIANTS.find((l) => l.includes(c.code ?? '')) : undefined;
      if (list) c.code = list[variant % list.length];
    }
  }
}

const FAMILY: Record<Exclude<NonNullable<PatientSpec['familyHistory']>, 'hcc-icd10'>, [string, string]> = {
  hcc: ['109841003', 'Hepatocellular carcinoma'],
  chb: ['61977001', 'Chronic hepatitis B'],
  cirrhosis: ['19943007', 'Cirrhosis of liver'],
  hypertension: ['38341003', 'Hypertension'],
};

/** The spec's patient as a FHIR R4 collection Bundle (ids stable per `id`). */
export function buildPatient(spec: PatientSpec, id: string): Bundle {
  const gender = spec.sex === 'other' || spec.sex === 'unknown' ? 'male' : spec.sex;
  const b = new StoryBuilder({ id, gender, age: spec.age, ageDayOffset: spec.birthdayOffset, name: ['Generated', id] });
  const patient = b.resources[0] as { gender?: string };
  if (spec.sex === 'other' || spec.sex === 'unknown') patient.gender = spec.sex;
  if (spec.scope === 'chb-snomed') b.chb();
  if (spec.scope === 'chb-icd10') b.icd10('B18.1', 'Chronic viral hepatitis B without delta-agent', 1500);
  if (spec.scope === 'hbv-66071002') b.condition('66071002', 'Type B viral hepatitis', 1500);
  if (spec.scope === 'chb-resolved') b.condition('61977001', 'Chronic type B viral hepatitis', 1500, 'resolved');
  // Age on the evaluation date (birthday offset +1: the birthday is tomorrow, one year younger).
  const ageNow = spec.birthdayOffset > 0 ? spec.age - 1 : spec.age;
  for (const p of spec.alt) addAlt(b, p, spec.sex, ageNow);
  const latestAltDays = spec.alt.length ? Math.min(...spec.alt.map((p) => p.days)) : 0;
  for (const t of spec.tbil) {
    const days = Math.max(0, latestAltDays + t.daysFromAlt);
    const coding = t.unit === 'umol/L' ? { system: LOINC, code: '14631-6', display: 'Bilirubin total' } : { system: LOINC, code: '1975-2', display: 'Bilirubin total (mass)' };
    const value = t.unit === 'umol/L' ? ucum(t.umolL, 'umol/L') : ucum(round(t.umolL / 17.1, 3), 'mg/dL');
    const range = t.unit === 'umol/L' ? [{ high: ucum(17.1, 'umol/L') }] : [{ high: ucum(1, 'mg/dL') }];
    quantityObservation(b, 'tbil', coding, dated(days), { valueQuantity: value, referenceRange: range });
  }
  for (const p of spec.inr) b.inr(p.value, p.days);
  if (spec.otherUnits) {
    for (const p of spec.platelets) b.quantity('plt', '777-3', 'Platelets', p.value, 'K/uL', p.days, undefined, undefined, { code: '10*3/uL' });
    for (const p of spec.neutrophils) b.quantity('anc', '751-8', 'Neutrophils', p.value, '10^3/uL', p.days, undefined, undefined, { code: '10*3/uL' });
    for (const p of spec.tsh) b.quantity('tsh', '3016-3', 'TSH', p.value, 'uIU/mL', p.days, 4.2, undefined, { code: 'u[IU]/mL', low: 0.27 });
  } else {
    for (const p of spec.platelets) b.platelets(p.value, p.days);
    for (const p of spec.neutrophils) b.neutrophils(p.value, p.days);
    for (const p of spec.tsh) b.tsh(p.value, p.days);
  }
  for (const p of spec.ast) b.ast(p.value, p.days);
  for (const p of spec.dna) addDna(b, p);
  for (const p of spec.hbeag) addAntigen(b, 'hbeag', '13954-3', '5191-2', 'HBeAg', p);
  for (const p of spec.hbsag) addHbsag(b, p);
  for (const p of spec.igm) addAntigen(b, 'igm', '31204-1', undefined, 'Anti-HBc IgM', p);
  addHistology(b, spec.histology);
  for (const c of spec.conditions) addCondition(b, c);
  if (spec.pregnancyObservation) {
    const v = spec.pregnancyObservation;
    quantityObservation(b, 'preg', { system: LOINC, code: '82810-3', display: 'Pregnancy status' }, dated(v.days), { valueCodeableConcept: { coding: [{ system: SNOMED, code: v.pregnant ? '77386006' : '60001007' }] } });
  }
  if (spec.familyHistory === 'hcc-icd10') {
    // §2 (v3) family history coded in ICD-10 (C22.0, liver cell carcinoma).
    const fmh = b.familyHistory('109841003', 'Hepatocellular carcinoma') as { condition: { code: CodeableConcept }[] };
    fmh.condition[0]!.code = { coding: [{ system: ICD10, code: 'C22.0', display: 'Liver cell carcinoma' }] };
  } else if (spec.familyHistory) b.familyHistory(...FAMILY[spec.familyHistory]);
  if (spec.na) addMedication(b, 'na', NA_CONCEPT[spec.na.drug], spec.na, spec.na.startDays, 30);
  if (spec.interferon) addMedication(b, 'ifn', IFN_CONCEPT[spec.interferon.drug], spec.interferon, spec.interferon.days, spec.interferon.days);
  if (spec.warfarin) addMedication(b, 'vka', { coding: [{ system: ATC, code: 'B01AA03', display: 'warfarin' }], text: 'Warfarin 3 mg daily' }, { via: 'request', status: 'active' }, undefined, 60);
  if (spec.implausible) addImplausible(b, spec.implausible);
  if (spec.interferonAllergy) b.interferonAllergy({ status: spec.interferonAllergy.status, verification: spec.interferonAllergy.verification, via: spec.interferonAllergy.via });
  if (spec.codeVariant > 0) useCodeVariant(b, spec.codeVariant);
  return b.bundle();
}

export interface GeneratedPatient {
  spec: PatientSpec;
  bundle: Bundle;
}

/** Generated patients (spec and Bundle), ids `gen-1`, `gen-2` … in draw order within a run. */
export function generatedPatient(options: GeneratorOptions = {}): fc.Arbitrary<GeneratedPatient> {
  return patientSpec(options).map((spec) => ({ spec, bundle: buildPatient(spec, 'gen') }));
}

// ---- compact printing ---------------------------------------------------------------------------------

const codeOf = (cc: unknown): string => {
  const c = (cc as CodeableConcept | undefined)?.coding?.[0];
  return c ? `${c.code}` : ((cc as CodeableConcept | undefined)?.text ?? '?');
};

/** One line per resource: what the engines read (code, date, value, unit, range, status), for a disagreement report. */
export function describeBundle(bundle: Bundle): string[] {
  const lines: string[] = [];
  for (const e of bundle.entry ?? []) {
    const r = e.resource as unknown as Record<string, any>;
    if (!r) continue;
    const date = String(r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.authoredOn ?? r.onsetDateTime ?? '').replace(':00:00.000Z', 'h');
    switch (r.resourceType) {
      case 'Patient':
        lines.push(`Patient ${r.gender} born ${r.birthDate}`);
        break;
      case 'Observation': {
        const q = r.valueQuantity;
        const value = q ? `${q.comparator ?? ''}${q.value} ${q.code ?? q.unit ?? ''}` : r.valueString !== undefined ? `"${r.valueString}"` : r.valueCodeableConcept ? codeOf(r.valueCodeableConcept) : r.interpretation ? `interp ${codeOf(r.interpretation[0])}` : '';
        const range = (r.referenceRange ?? []).map((x: any) => `${x.appliesTo ? `${x.appliesTo[0].text}:` : ''}${x.high?.value ?? ''}`).join('/');
        lines.push(`Obs ${codeOf(r.code)} ${date} ${value}${range ? ` [ULN ${range}]` : ''}${r.status !== 'final' ? ` (${r.status})` : ''}`);
        break;
      }
      case 'Condition':
        lines.push(`Condition ${r.code?.coding?.[0]?.system?.replace(/^.*\//, '')}|${codeOf(r.code)} (${r.code?.text}) ${codeOf(r.clinicalStatus) === '?' ? 'no status' : codeOf(r.clinicalStatus)}/${codeOf(r.verificationStatus)}`);
        break;
      case 'MedicationStatement':
      case 'MedicationRequest':
        lines.push(`${r.resourceType} ${r.medicationReference ? `${r.medicationReference.reference} →` : codeOf(r.medicationCodeableConcept)} ${r.status} ${date}`);
        break;
      case 'Medication':
        lines.push(`Medication/${r.id} ${codeOf(r.code)}`);
        break;
      case 'AllergyIntolerance':
        lines.push(`AllergyIntolerance ${codeOf(r.code)} ${codeOf(r.clinicalStatus)}/${codeOf(r.verificationStatus)}`);
        break;
      case 'FamilyMemberHistory':
        lines.push(`FamilyMemberHistory ${codeOf(r.condition?.[0]?.code)}`);
        break;
      default:
        lines.push(String(r.resourceType));
    }
  }
  return lines;
}
