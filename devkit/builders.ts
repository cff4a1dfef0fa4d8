/**
 * The one FHIR R4 resource builder for tests, fixture stories and benchmarks. Plain functions build each
 * resource from explicit ids, patient and dates; the test helpers (patient `p1`, dated relative to NOW), the
 * fixture StoryBuilder (stable ids per story) and the benchmark generators are thin wrappers over them.
 */
import type {
  AllergyIntolerance,
  Bundle,
  CodeableConcept,
  Coding,
  Condition,
  FamilyMemberHistory,
  FhirResource,
  MedicationRequest,
  MedicationStatement,
  Observation,
  ObservationReferenceRange,
  Patient,
  Quantity,
} from 'fhir/r4';
import { assemble } from '../src/data/resolve.js';
import type { PatientData } from '../src/engine/types.js';
import { DAY_MS } from '../src/fhir/time.js';
import { EVALUATION_DATE } from './dates.js';

/** The pinned evaluation date as a Date / epoch ms (tests run the engine at this instant). */
export const NOW = new Date(EVALUATION_DATE);
export const NOW_MS = NOW.getTime();

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ATC = 'http://www.whocc.no/atc';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const HISTOLOGY = 'https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology';
const LAB_CATEGORY = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }];

/** ISO instant `days` whole days before NOW. */
export function daysAgo(days: number): string {
  return new Date(NOW_MS - days * DAY_MS).toISOString();
}

/** ISO instant `daysBefore` days before the evaluation date, at `hour`:00 UTC (fixture stories). */
export function at(daysBefore: number, hour = 8): string {
  const d = new Date(NOW_MS - daysBefore * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/** Birth date of someone `age` years old at the evaluation date, moved by `dayOffset` days. */
export function birthDateForAge(age: number, dayOffset = 0): string {
  const d = new Date(NOW_MS);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCDate(d.getUTCDate() + dayOffset);
  return d.toISOString().slice(0, 10);
}

// ---- resources from explicit fields -------------------------------------------------------------------

const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });

export function snomedCoding(code: string, display?: string): Coding {
  return { system: SNOMED, code, ...(display !== undefined ? { display } : {}) };
}

/** A UCUM quantity (`code` defaults to the unit). */
export function ucum(value: number, unit: string, code = unit, comparator?: Quantity['comparator']): Quantity {
  return { value, unit, system: UCUM, code, ...(comparator ? { comparator } : {}) };
}

export function patientResource(id: string, gender: Patient['gender'], birthDate: string, name?: Patient['name']): Patient {
  return { resourceType: 'Patient', id, gender, birthDate, ...(name ? { name } : {}) };
}

export interface ObservationFields {
  id: string;
  patientId: string;
  coding: Coding;
  effective: string;
  text?: string;
  status?: Observation['status'];
  /** Adds the `laboratory` category. */
  lab?: boolean;
}

/** An Observation; `value` holds its value[x], referenceRange and any other fields. */
export function observation(f: ObservationFields, value: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: f.id,
    status: f.status ?? 'final',
    ...(f.lab ? { category: structuredClone(LAB_CATEGORY) } : {}),
    code: { coding: [f.coding], ...(f.text !== undefined ? { text: f.text } : {}) },
    subject: patientRef(f.patientId),
    effectiveDateTime: f.effective,
    ...value,
  };
}

/** HBeAg (or any SNOMED positive/negative) result value. */
export function posNeg(positive: boolean, display = true): Pick<Observation, 'valueCodeableConcept'> {
  const coding = snomedCoding(positive ? '10828004' : '260385009', display ? (positive ? 'Positive' : 'Negative') : undefined);
  return { valueCodeableConcept: { coding: [coding] } };
}

export function histologyCode(display?: string): Coding {
  return { system: HISTOLOGY, code: 'liver-inflammation-grade', ...(display !== undefined ? { display } : {}) };
}

export function histologyGrade(code: string): CodeableConcept {
  return { coding: [{ system: HISTOLOGY, code }] };
}

export interface ConditionFields {
  id: string;
  patientId: string;
  /** The code: SNOMED CT unless `system` says otherwise (e.g. ICD10, ICD10_CM). */
  snomed: string;
  system?: string;
  /** Sets coding.display and code.text. */
  display?: string;
  /** clinicalStatus code (default `active`); `null` leaves clinicalStatus out. */
  status?: string | null;
  confirmed?: boolean;
  /** verificationStatus code (`refuted`, `entered-in-error`, `unconfirmed` …); overrides `confirmed`. */
  verification?: string;
  onset?: string;
}

const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

export function conditionResource(f: ConditionFields): Condition {
  const verification = f.verification ?? (f.confirmed ? 'confirmed' : undefined);
  const coding: Coding = { system: f.system ?? SNOMED, code: f.snomed, ...(f.display !== undefined ? { display: f.display } : {}) };
  return {
    resourceType: 'Condition',
    id: f.id,
    ...(f.status === null ? {} : { clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: f.status ?? 'active' }] } }),
    ...(verification ? { verificationStatus: { coding: [{ system: CONDITION_VERIFICATION, code: verification }] } } : {}),
    code: { coding: [coding], ...(f.display !== undefined ? { text: f.display } : {}) },
    subject: patientRef(f.patientId),
    ...(f.onset ? { onsetDateTime: f.onset } : {}),
  };
}

/** An interferon-alfa hypersensitivity; `via: 'reaction'` codes the drug in reaction.substance instead of code. */
export interface AllergyFields {
  id: string;
  patientId: string;
  substance?: CodeableConcept;
  via?: 'code' | 'reaction';
  /** clinicalStatus code (default `active`). */
  status?: string;
  /** verificationStatus code (default `confirmed`). */
  verification?: string;
  recorded?: string;
}

export function allergyResource(f: AllergyFields): AllergyIntolerance {
  const substance = f.substance ?? IFN_ALFA_2B;
  return {
    resourceType: 'AllergyIntolerance',
    id: f.id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: f.status ?? 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: f.verification ?? 'confirmed' }] },
    type: 'allergy',
    category: ['medication'],
    ...(f.via === 'reaction' ? { code: { text: 'Drug allergy' } } : { code: structuredClone(substance) }),
    patient: patientRef(f.patientId),
    ...(f.recorded ? { recordedDate: f.recorded } : {}),
    ...(f.via === 'reaction' ? { reaction: [{ substance: structuredClone(substance), manifestation: [{ text: 'urticaria' }] }] } : {}),
  };
}

/** A reference range entry, optionally for one sex (`appliesTo`) and an age Range in years. */
export function referenceRange(r: { low?: number; high?: number; unit: string; sex?: 'male' | 'female'; age?: { low?: number; high?: number }; text?: string }): ObservationReferenceRange {
  const years = (value: number) => ({ value, unit: 'a', system: UCUM, code: 'a' });
  return {
    ...(r.low !== undefined ? { low: ucum(r.low, r.unit) } : {}),
    ...(r.high !== undefined ? { high: ucum(r.high, r.unit) } : {}),
    ...(r.sex ? { appliesTo: [{ coding: [{ system: 'http://hl7.org/fhir/administrative-gender', code: r.sex }], text: r.sex }] } : {}),
    ...(r.age ? { age: { ...(r.age.low !== undefined ? { low: years(r.age.low) } : {}), ...(r.age.high !== undefined ? { high: years(r.age.high) } : {}) } } : {}),
    ...(r.text ? { text: r.text } : {}),
  };
}

/** A MedicationStatement; `start` sets effectivePeriod.start (the documented NA start, §3), `dateTime` effectiveDateTime. */
export function medicationStatementResource(
  id: string,
  patientId: string,
  concept: CodeableConcept,
  o: { status?: MedicationStatement['status']; start?: string; dateTime?: string } = {},
): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id,
    status: o.status ?? 'active',
    subject: patientRef(patientId),
    medicationCodeableConcept: structuredClone(concept),
    ...(o.start ? { effectivePeriod: { start: o.start } } : {}),
    ...(o.dateTime ? { effectiveDateTime: o.dateTime } : {}),
  };
}

/** An interferon (or any) medication order as a draft, for order-select / order-sign contexts. */
export function draftOrder(id: string, patientId: string, concept: CodeableConcept, dose?: string): MedicationRequest {
  return {
    ...medicationRequestResource(id, patientId, structuredClone(concept), 'draft'),
    ...(dose ? { dosageInstruction: [{ text: dose }] } : {}),
  };
}

export function familyHistoryResource(id: string, patientId: string, snomed: string, relation = 'MTH', display?: string): FamilyMemberHistory {
  return {
    resourceType: 'FamilyMemberHistory',
    id,
    status: 'completed',
    patient: patientRef(patientId),
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: relation }] },
    condition: [{ code: { coding: [snomedCoding(snomed, display)] } }],
  };
}

export function medicationRequestResource(
  id: string,
  patientId: string,
  concept: MedicationRequest['medicationCodeableConcept'],
  status: MedicationRequest['status'] = 'active',
  authoredOn?: string,
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    subject: patientRef(patientId),
    ...(authoredOn ? { authoredOn } : {}),
    ...(concept ? { medicationCodeableConcept: concept } : {}),
  };
}

// ---- test helpers: patient p1, dates as days before NOW -------------------------------------------------

let seq = 0;
export const nextId = (prefix: string): string => `${prefix}-${++seq}`;

export function patient(overrides: Partial<Patient> = {}): Patient {
  return { ...patientResource('p1', 'male', birthDateForAge(35)), ...overrides };
}

interface QtyOptions {
  unit?: string;
  /** UCUM code when it differs from the unit text (e.g. unit 'kIU/mL', code 'k[IU]/mL'). */
  code?: string;
  comparator?: '<' | '<=' | '>=' | '>';
  low?: number;
  high?: number;
  highUnit?: string;
  /** Reference ranges (replace low/high): e.g. one per sex, or with an age Range. */
  ranges?: ObservationReferenceRange[];
  status?: Observation['status'];
  id?: string;
  /** effectiveDateTime as written (overrides `days`): an impossible date such as '2026-02-30T08:00:00Z'. */
  effective?: string;
}

export function quantityObs(loinc: string, value: number, days: number, o: QtyOptions = {}): Observation {
  const obs = observation(
    { id: o.id ?? nextId(`obs-${loinc}`), patientId: 'p1', coding: { system: LOINC, code: loinc }, effective: o.effective ?? daysAgo(days), status: o.status ?? 'final' },
    { valueQuantity: o.unit ? ucum(value, o.unit, o.code ?? o.unit, o.comparator) : { value, ...(o.comparator ? { comparator: o.comparator } : {}) } },
  );
  const unitOf = (u: string | undefined) => (u ? { unit: u, code: u } : {});
  if (o.ranges) obs.referenceRange = o.ranges;
  else if (o.high !== undefined || o.low !== undefined) {
    obs.referenceRange = [{
      ...(o.low !== undefined ? { low: { value: o.low, ...unitOf(o.highUnit) } } : {}),
      ...(o.high !== undefined ? { high: { value: o.high, ...unitOf(o.highUnit) } } : {}),
    }];
  }
  return obs;
}

/** A numeric input reported as text (§2 v3: "150 U/L", "<20 IU/mL"; a bare "180" is unreadable). */
export function stringObs(loinc: string, text: string, days: number, o: Pick<QtyOptions, 'id' | 'effective' | 'status'> = {}): Observation {
  return observation({ id: o.id ?? nextId(`obs-${loinc}`), patientId: 'p1', coding: { system: LOINC, code: loinc }, effective: o.effective ?? daysAgo(days), status: o.status ?? 'final' }, { valueString: text });
}

/** ALT in U/L; `uln` sets the lab reference range. */
export function alt(value: number, days: number, o: QtyOptions & { uln?: number } = {}): Observation {
  return quantityObs('1742-6', value, days, { unit: 'U/L', ...o, ...(o.uln !== undefined ? { high: o.uln, highUnit: 'U/L' } : {}) });
}

/** AST in U/L (LOINC 1920-8); `uln` sets the lab reference range. */
export function ast(value: number, days: number, o: QtyOptions & { uln?: number } = {}): Observation {
  return quantityObs('1920-8', value, days, { unit: 'U/L', ...o, ...(o.uln !== undefined ? { high: o.uln, highUnit: 'U/L' } : {}) });
}

/** TSH in mIU/L (LOINC 3016-3); `low`/`high` set the lab reference range. */
export function tsh(value: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('3016-3', value, days, { unit: 'mIU/L', code: 'm[IU]/L', ...o, ...(o.high !== undefined || o.low !== undefined ? { highUnit: 'mIU/L' } : {}) });
}

export function tbil(umolL: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('14631-6', umolL, days, { unit: 'umol/L', ...o });
}

export function dnaIU(iu: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('42595-9', iu, days, { unit: '[IU]/mL', ...o });
}

/** HBV DNA in kIU/mL with UCUM code k[IU]/mL (1 kIU/mL = 1,000 IU/mL, §2 v3). */
export function dnaKIU(kiu: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('42595-9', kiu, days, { unit: 'kIU/mL', code: 'k[IU]/mL', ...o });
}

export function platelets(value: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('777-3', value, days, { unit: '10*9/L', ...o });
}

export function neutrophils(value: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('751-8', value, days, { unit: '10*9/L', ...o });
}

export function inr(value: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('6301-6', value, days, { unit: '{INR}', ...o });
}

/** Quantitative HBsAg in IU/mL (LOINC 63557-3). */
export function hbsagQuant(iu: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('63557-3', iu, days, { unit: 'IU/mL', code: '[IU]/mL', ...o });
}

/** Quantitative HBsAg as log10 IU/mL (LOINC 99385-7): 3.2 ⇒ 10^3.2 ≈ 1,585 IU/mL. */
export function hbsagLog(log10: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('99385-7', log10, days, { unit: 'log IU/mL', code: '{Log_IU}/mL', ...o });
}

/** Liver stiffness (transient elastography) in kPa: code `liver-stiffness` of the liver-histology CodeSystem. */
export function liverStiffness(kPa: number, days: number, o: Pick<QtyOptions, 'id' | 'effective' | 'unit' | 'code'> = {}): Observation {
  return observation(
    { id: o.id ?? nextId('lsm'), patientId: 'p1', coding: { system: HISTOLOGY, code: 'liver-stiffness' }, effective: o.effective ?? daysAgo(days) },
    { valueQuantity: ucum(kPa, o.unit ?? 'kPa', o.code ?? o.unit ?? 'kPa') },
  );
}

export function codedObs(loinc: string, days: number, value: Partial<Observation>, o: Pick<QtyOptions, 'id' | 'effective'> = {}): Observation {
  return observation({ id: o.id ?? nextId(`obs-${loinc}`), patientId: 'p1', coding: { system: LOINC, code: loinc }, effective: o.effective ?? daysAgo(days) }, value);
}

export const POSITIVE = posNeg(true);
export const NEGATIVE = posNeg(false);

export function hbeag(positive: boolean, days = 30): Observation {
  return codedObs('13954-3', days, positive ? POSITIVE : NEGATIVE);
}

/** Qualitative HBsAg (LOINC 5196-1). */
export function hbsag(positive: boolean, days = 30): Observation {
  return codedObs('5196-1', days, positive ? POSITIVE : NEGATIVE);
}

/** Anti-HBc IgM (LOINC 31204-1). */
export function antiHbcIgm(positive: boolean, days = 10): Observation {
  return codedObs('31204-1', days, positive ? POSITIVE : NEGATIVE);
}

export function histology(grade: string, days = 60): Observation {
  return observation({ id: nextId('biopsy'), patientId: 'p1', coding: histologyCode(), effective: daysAgo(days) }, { valueCodeableConcept: histologyGrade(grade) });
}

/** A fibrosis stage result (`liver-fibrosis-stage`, e.g. `scheuer-S4`). */
export function fibrosis(stage: string, days = 60): Observation {
  return observation({ id: nextId('fibrosis'), patientId: 'p1', coding: { system: HISTOLOGY, code: 'liver-fibrosis-stage' }, effective: daysAgo(days) }, { valueCodeableConcept: histologyGrade(stage) });
}

export function histologyText(text: string, days = 60): Observation {
  const h = histology('x', days);
  delete h.valueCodeableConcept;
  h.valueString = text;
  return h;
}

export interface ConditionOptions {
  id?: string;
  /** clinicalStatus (default active; `null`: absent). */
  status?: string | null;
  verification?: string;
  display?: string;
  onsetDays?: number;
}

export function condition(code: string, o: ConditionOptions & { system?: string } = {}): Condition {
  return conditionResource({
    id: o.id ?? nextId(`cond-${code}`),
    patientId: 'p1',
    snomed: code,
    ...(o.system ? { system: o.system } : {}),
    status: o.status === undefined ? 'active' : o.status,
    ...(o.verification ? { verification: o.verification } : {}),
    ...(o.display !== undefined ? { display: o.display } : {}),
    ...(o.onsetDays !== undefined ? { onset: daysAgo(o.onsetDays) } : {}),
  });
}

/** A Condition coded in ICD-10 (WHO; `cm: true` for ICD-10-CM), e.g. icd10('F32.1'). */
export function icd10(code: string, o: ConditionOptions & { cm?: boolean } = {}): Condition {
  const { cm, ...rest } = o;
  return condition(code, { ...rest, system: cm ? ICD10_CM : ICD10 });
}

export const chb = (): Condition => condition('61977001', { id: 'chb' });
/** HIV infection (SNOMED 86406008): the carried HIV line, no entecavir (§2.1 v3). */
export const hiv = (): Condition => condition('86406008', { id: 'hiv' });

export function familyHistory(snomed: string): FamilyMemberHistory {
  return familyHistoryResource(nextId('fmh'), 'p1', snomed);
}

export function medRequest(concept: MedicationRequest['medicationCodeableConcept'], o: { status?: MedicationRequest['status']; id?: string; authoredDays?: number } = {}): MedicationRequest {
  return medicationRequestResource(o.id ?? nextId('mr'), 'p1', concept, o.status ?? 'active', o.authoredDays !== undefined ? daysAgo(o.authoredDays) : undefined);
}

/** A MedicationStatement; `startDays` documents the start (effectivePeriod.start), the NA start of §3. */
export function medStatement(concept: CodeableConcept, o: { status?: MedicationStatement['status']; id?: string; startDays?: number; dateTimeDays?: number } = {}): MedicationStatement {
  return medicationStatementResource(o.id ?? nextId('ms'), 'p1', concept, {
    ...(o.status ? { status: o.status } : {}),
    ...(o.startDays !== undefined ? { start: daysAgo(o.startDays) } : {}),
    ...(o.dateTimeDays !== undefined ? { dateTime: daysAgo(o.dateTimeDays) } : {}),
  });
}

/** An interferon hypersensitivity of p1 (default: interferon alfa-2b in AllergyIntolerance.code). */
export function interferonAllergy(o: Omit<AllergyFields, 'id' | 'patientId'> & { id?: string } = {}): AllergyIntolerance {
  return allergyResource({ ...o, id: o.id ?? nextId('allergy'), patientId: 'p1' });
}

/** An interferon draft of p1 for order hooks (two with different ids make a duplicate order, §5 v3). */
export function ifnDraft(concept: CodeableConcept = PEG_IFN, o: { id?: string; dose?: string } = {}): MedicationRequest {
  return draftOrder(o.id ?? nextId('draft'), 'p1', concept, o.dose);
}

export const PEG_IFN = { coding: [{ system: RXNORM, code: '120608', display: 'peginterferon alfa-2a' }] };
export const PEG_IFN_2B = { coding: [{ system: RXNORM, code: '253453', display: 'peginterferon alfa-2b' }] };
export const IFN_ALFA_2B = { coding: [{ system: RXNORM, code: '5880', display: 'interferon alfa-2b' }] };
export const ENTECAVIR = { coding: [{ system: ATC, code: 'J05AF10', display: 'entecavir' }] };
export const TENOFOVIR_DF = { coding: [{ system: ATC, code: 'J05AF07', display: 'tenofovir disoproxil' }] };
export const TENOFOVIR_AF = { coding: [{ system: ATC, code: 'J05AF13', display: 'tenofovir alafenamide' }] };
export const LAMIVUDINE = { coding: [{ system: ATC, code: 'J05AF05', display: 'lamivudine' }] };
export const ADEFOVIR = { coding: [{ system: ATC, code: 'J05AF08', display: 'adefovir dipivoxil' }] };
/** An antiretroviral combination containing tenofovir (ATC J05AR): counts as tenofovir (§6 v3). */
export const TDF_FTC_EFV = { coding: [{ system: ATC, code: 'J05AR06', display: 'emtricitabine, tenofovir disoproxil and efavirenz' }], text: 'Efavirenz/emtricitabine/tenofovir disoproxil' };
/** Warfarin, a vitamin K antagonist (ATC B01AA): its INR is not coagulopathy (§3 v3). */
export const WARFARIN = { coding: [{ system: ATC, code: 'B01AA03', display: 'warfarin' }] };

/** PatientData exactly as the data layer assembles it. */
export function data(resources: FhirResource[]): PatientData {
  return assemble(resources);
}

export function searchset(resources: FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) };
}

// ---- fixture stories: stable ids per story, dates as days before the evaluation date -------------------

export interface StoryPatient {
  id: string;
  gender: 'male' | 'female';
  age: number;
  ageDayOffset?: number;
  name: [string, string];
}

/** Collects one story's resources; each builder returns the resource for further tweaks. */
export class StoryBuilder {
  readonly resources: FhirResource[] = [];
  private n = 0;
  constructor(readonly patient: StoryPatient) {
    this.resources.push(patientResource(patient.id, patient.gender, birthDateForAge(patient.age, patient.ageDayOffset ?? 0), [{ family: patient.name[0], given: [patient.name[1]] }]));
  }

  private id(kind: string): string {
    return `${this.patient.id}-${kind}-${++this.n}`;
  }

  add<T extends FhirResource>(r: T): T {
    this.resources.push(r);
    return r;
  }

  private obs(kind: string, coding: Coding, daysBefore: number, value: Partial<Observation>, extra: Partial<ObservationFields> = {}): Observation {
    return this.add(observation({ id: this.id(kind), patientId: this.patient.id, coding, effective: at(daysBefore), ...extra }, value));
  }

  /**
   * A lab result in a UCUM unit; `high` (and `low`) set the lab's reference range in the same unit, `ranges`
   * replaces it (per sex / age); `code` is the UCUM code when the unit text differs (kIU/mL → k[IU]/mL).
   */
  quantity(
    kind: string,
    loinc: string,
    display: string,
    value: number,
    unit: string,
    daysBefore: number,
    high?: number,
    comparator?: '<',
    o: { code?: string; low?: number; ranges?: ObservationReferenceRange[]; effective?: string } = {},
  ): Observation {
    const range = o.ranges ?? (high !== undefined || o.low !== undefined ? [{ ...(o.low !== undefined ? { low: ucum(o.low, unit, o.code ?? unit) } : {}), ...(high !== undefined ? { high: ucum(high, unit, o.code ?? unit) } : {}) }] : undefined);
    return this.obs(
      kind,
      { system: LOINC, code: loinc, display },
      daysBefore,
      { valueQuantity: ucum(value, unit, o.code ?? unit, comparator), ...(range ? { referenceRange: range } : {}) },
      { text: display, lab: true, ...(o.effective ? { effective: o.effective } : {}) },
    );
  }

  /** A numeric result written as text: "150 U/L", "<20 IU/mL" (readable), "180" (no unit: passed over). */
  stringResult(kind: string, loinc: string, display: string, text: string, daysBefore: number): Observation {
    return this.obs(kind, { system: LOINC, code: loinc, display }, daysBefore, { valueString: text }, { text: display, lab: true });
  }

  /** ALT in U/L at each [daysBefore, value]; `uln` sets the lab's reference range (omit for none). */
  altSeries(points: [number, number][], uln?: number, unit = 'U/L'): void {
    for (const [daysBefore, value] of points) this.quantity('alt', '1742-6', 'ALT', value, unit, daysBefore, uln);
  }

  /** ALT in U/L with explicit reference ranges (per sex and age, §2 v3). */
  altWithRanges(points: [number, number][], ranges: ObservationReferenceRange[]): void {
    for (const [daysBefore, value] of points) this.quantity('alt', '1742-6', 'ALT', value, 'U/L', daysBefore, undefined, undefined, { ranges });
  }

  /** An ALT dated as written (e.g. the impossible '2026-06-31T08:00:00Z'): passed over as an invalid date. */
  altAt(effective: string, value: number, uln = 40): Observation {
    return this.quantity('alt', '1742-6', 'ALT', value, 'U/L', 0, uln, undefined, { effective });
  }

  ast(value: number, daysBefore: number, uln = 40): Observation {
    return this.quantity('ast', '1920-8', 'AST', value, 'U/L', daysBefore, uln);
  }

  /** TSH in mIU/L; the lab range 0.27–4.2 unless given. */
  tsh(value: number, daysBefore: number, low = 0.27, high = 4.2): Observation {
    return this.quantity('tsh', '3016-3', 'TSH', value, 'mIU/L', daysBefore, high, undefined, { code: 'm[IU]/L', low });
  }

  tbil(umolL: number, daysBefore: number): Observation {
    return this.quantity('tbil', '14631-6', 'Bilirubin total', umolL, 'umol/L', daysBefore, 17.1);
  }

  inr(value: number, daysBefore: number): Observation {
    return this.quantity('inr', '6301-6', 'INR', value, '{INR}', daysBefore);
  }

  dnaIU(iu: number, daysBefore: number, comparator?: '<'): Observation {
    return this.quantity('dna', '42595-9', 'HBV DNA', iu, '[IU]/mL', daysBefore, undefined, comparator);
  }

  /** HBV DNA in kIU/mL (UCUM k[IU]/mL): 1,000 IU/mL each. */
  dnaKIU(kiu: number, daysBefore: number): Observation {
    return this.quantity('dna', '42595-9', 'HBV DNA', kiu, 'kIU/mL', daysBefore, undefined, undefined, { code: 'k[IU]/mL' });
  }

  dnaCopies(copies: number, daysBefore: number): Observation {
    return this.quantity('dna', '29615-2', 'HBV DNA (copies)', copies, '{copies}/mL', daysBefore);
  }

  platelets(value: number, daysBefore: number): Observation {
    return this.quantity('plt', '777-3', 'Platelets', value, '10*9/L', daysBefore);
  }

  neutrophils(value: number, daysBefore: number): Observation {
    return this.quantity('anc', '751-8', 'Neutrophils', value, '10*9/L', daysBefore);
  }

  hbsagQuant(iu: number, daysBefore: number): Observation {
    return this.quantity('hbsag', '63557-3', 'HBsAg (quantitative)', iu, '[IU]/mL', daysBefore);
  }

  /** Quantitative HBsAg in log10 IU/mL (LOINC 99385-7). */
  hbsagLog(log10: number, daysBefore: number): Observation {
    return this.quantity('hbsag', '99385-7', 'HBsAg (log IU/mL)', log10, '{Log_IU}/mL', daysBefore);
  }

  /** Qualitative HBsAg (LOINC 5196-1). */
  hbsag(positive: boolean, daysBefore: number): Observation {
    return this.obs('hbsag', { system: LOINC, code: '5196-1', display: 'HBsAg' }, daysBefore, posNeg(positive));
  }

  hbeag(positive: boolean, daysBefore: number): Observation {
    return this.obs('hbeag', { system: LOINC, code: '13954-3', display: 'HBeAg' }, daysBefore, posNeg(positive));
  }

  /** Anti-HBc IgM (LOINC 31204-1). */
  antiHbcIgm(positive: boolean, daysBefore: number): Observation {
    return this.obs('igm', { system: LOINC, code: '31204-1', display: 'Anti-HBc IgM' }, daysBefore, posNeg(positive));
  }

  /** Liver biopsy grade: a project CodeSystem code (`scheuer-G2`) or free text (`A2F1`). */
  histology(grade: { code: string } | { text: string }, daysBefore: number): Observation {
    return this.obs('biopsy', histologyCode('Liver inflammation grade'), daysBefore, 'code' in grade ? { valueCodeableConcept: histologyGrade(grade.code) } : { valueString: grade.text });
  }

  /** Liver biopsy fibrosis stage (`liver-fibrosis-stage`, e.g. `scheuer-S4`). */
  fibrosis(stage: string, daysBefore: number): Observation {
    return this.obs('stage', { system: HISTOLOGY, code: 'liver-fibrosis-stage', display: 'Liver fibrosis stage' }, daysBefore, { valueCodeableConcept: histologyGrade(stage) });
  }

  /** Liver stiffness by transient elastography, kPa (`liver-stiffness` of the liver-histology CodeSystem). */
  liverStiffness(kPa: number, daysBefore: number): Observation {
    return this.obs('lsm', { system: HISTOLOGY, code: 'liver-stiffness', display: 'Liver stiffness' }, daysBefore, { valueQuantity: ucum(kPa, 'kPa') });
  }

  /** A Condition (SNOMED unless `system`); `status` null leaves clinicalStatus out; `verification` overrides confirmed. */
  condition(code: string, display: string, daysBefore = 900, status: string | null = 'active', o: { system?: string; verification?: string } = {}): FhirResource {
    return this.add(
      conditionResource({ id: this.id('cond'), patientId: this.patient.id, snomed: code, display, status, confirmed: true, onset: at(daysBefore), ...o }),
    );
  }

  /** A Condition coded in ICD-10 (`cm`: ICD-10-CM). */
  icd10(code: string, display: string, daysBefore = 900, status: string | null = 'active', cm = false): FhirResource {
    return this.condition(code, display, daysBefore, status, { system: cm ? ICD10_CM : ICD10 });
  }

  chb(): FhirResource {
    return this.condition('61977001', 'Chronic type B viral hepatitis', 1500);
  }

  familyHistory(snomed: string, display: string, relation = 'MTH'): FhirResource {
    return this.add(familyHistoryResource(this.id('fmh'), this.patient.id, snomed, relation, display));
  }

  /** A MedicationRequest (status active by default; `authoredOn` daysBefore: never an NA start, §3 v3). */
  medication(text: string, coding: { system: string; code: string; display: string }, status: 'active' | 'stopped' = 'active', daysBefore = 200): FhirResource {
    return this.add(medicationRequestResource(this.id('mr'), this.patient.id, { coding: [coding], text }, status, at(daysBefore)));
  }

  /** A MedicationStatement whose effectivePeriod.start is `startDaysBefore` days before the evaluation date (the NA start). */
  medicationStatement(text: string, coding: { system: string; code: string; display: string }, startDaysBefore?: number, status: MedicationStatement['status'] = 'active'): FhirResource {
    return this.add(
      medicationStatementResource(this.id('ms'), this.patient.id, { coding: [coding], text }, { status, ...(startDaysBefore !== undefined ? { start: at(startDaysBefore) } : {}) }),
    );
  }

  /** An interferon-alfa hypersensitivity (AllergyIntolerance). */
  interferonAllergy(o: Omit<AllergyFields, 'id' | 'patientId' | 'recorded'> & { daysBefore?: number } = {}): FhirResource {
    const { daysBefore, ...rest } = o;
    return this.add(allergyResource({ ...rest, id: this.id('allergy'), patientId: this.patient.id, recorded: at(daysBefore ?? 400) }));
  }

  bundle(): Bundle {
    return {
      resourceType: 'Bundle',
      type: 'collection',
      entry: this.resources.map((resource) => ({ fullUrl: `urn:ifn-timing-cds:${resource.resourceType}/${resource.id}`, resource })),
    };
  }
}
