/**
 * The one FHIR R4 resource builder for tests, fixture stories and benchmarks. Plain functions build each
 * resource from explicit ids, patient and dates; the test helpers (patient `p1`, dated relative to NOW), the
 * fixture StoryBuilder (stable ids per story) and the benchmark generators are thin wrappers over them.
 */
import type { Bundle, CodeableConcept, Coding, Condition, FamilyMemberHistory, FhirResource, MedicationRequest, Observation, Patient, Quantity } from 'fhir/r4';
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
  snomed: string;
  /** Sets coding.display and code.text. */
  display?: string;
  status?: string;
  confirmed?: boolean;
  onset?: string;
}

export function conditionResource(f: ConditionFields): Condition {
  return {
    resourceType: 'Condition',
    id: f.id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: f.status ?? 'active' }] },
    ...(f.confirmed ? { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] } } : {}),
    code: { coding: [snomedCoding(f.snomed, f.display)], ...(f.display !== undefined ? { text: f.display } : {}) },
    subject: patientRef(f.patientId),
    ...(f.onset ? { onsetDateTime: f.onset } : {}),
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
  code?: string;
  comparator?: '<' | '<=' | '>=' | '>';
  high?: number;
  highUnit?: string;
  status?: Observation['status'];
  id?: string;
}

export function quantityObs(loinc: string, value: number, days: number, o: QtyOptions = {}): Observation {
  const obs = observation(
    { id: o.id ?? nextId(`obs-${loinc}`), patientId: 'p1', coding: { system: LOINC, code: loinc }, effective: daysAgo(days), status: o.status ?? 'final' },
    { valueQuantity: o.unit ? ucum(value, o.unit, o.code ?? o.unit, o.comparator) : { value, ...(o.comparator ? { comparator: o.comparator } : {}) } },
  );
  if (o.high !== undefined) obs.referenceRange = [{ high: { value: o.high, ...(o.highUnit ? { unit: o.highUnit, code: o.highUnit } : {}) } }];
  return obs;
}

/** ALT in U/L; `uln` sets the lab reference range. */
export function alt(value: number, days: number, o: QtyOptions & { uln?: number } = {}): Observation {
  return quantityObs('1742-6', value, days, { unit: 'U/L', ...o, ...(o.uln !== undefined ? { high: o.uln, highUnit: 'U/L' } : {}) });
}

export function tbil(umolL: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('14631-6', umolL, days, { unit: 'umol/L', ...o });
}

export function dnaIU(iu: number, days: number, o: QtyOptions = {}): Observation {
  return quantityObs('42595-9', iu, days, { unit: '[IU]/mL', ...o });
}

export function codedObs(loinc: string, days: number, value: Partial<Observation>): Observation {
  return observation({ id: nextId(`obs-${loinc}`), patientId: 'p1', coding: { system: LOINC, code: loinc }, effective: daysAgo(days) }, value);
}

export const POSITIVE = posNeg(true);
export const NEGATIVE = posNeg(false);

export function hbeag(positive: boolean, days = 30): Observation {
  return codedObs('13954-3', days, positive ? POSITIVE : NEGATIVE);
}

export function histology(grade: string, days = 60): Observation {
  return observation({ id: nextId('biopsy'), patientId: 'p1', coding: histologyCode(), effective: daysAgo(days) }, { valueCodeableConcept: histologyGrade(grade) });
}

export function histologyText(text: string, days = 60): Observation {
  const h = histology('x', days);
  delete h.valueCodeableConcept;
  h.valueString = text;
  return h;
}

export function condition(snomed: string, o: { status?: string; id?: string } = {}): Condition {
  return conditionResource({ id: o.id ?? nextId(`cond-${snomed}`), patientId: 'p1', snomed, status: o.status ?? 'active' });
}

export const chb = (): Condition => condition('61977001', { id: 'chb' });

export function familyHistory(snomed: string): FamilyMemberHistory {
  return familyHistoryResource(nextId('fmh'), 'p1', snomed);
}

export function medRequest(concept: MedicationRequest['medicationCodeableConcept'], o: { status?: MedicationRequest['status']; id?: string } = {}): MedicationRequest {
  return medicationRequestResource(o.id ?? nextId('mr'), 'p1', concept, o.status ?? 'active');
}

export const PEG_IFN = { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '120608', display: 'peginterferon alfa-2a' }] };
export const ENTECAVIR = { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF10', display: 'entecavir' }] };

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

  quantity(kind: string, loinc: string, display: string, value: number, unit: string, daysBefore: number, high?: number, comparator?: '<'): Observation {
    return this.obs(
      kind,
      { system: LOINC, code: loinc, display },
      daysBefore,
      { valueQuantity: ucum(value, unit, unit, comparator), ...(high !== undefined ? { referenceRange: [{ high: ucum(high, unit) }] } : {}) },
      { text: display, lab: true },
    );
  }

  /** ALT in U/L at each [daysBefore, value]; `uln` sets the lab's reference range (omit for none). */
  altSeries(points: [number, number][], uln?: number, unit = 'U/L'): void {
    for (const [daysBefore, value] of points) this.quantity('alt', '1742-6', 'ALT', value, unit, daysBefore, uln);
  }

  tbil(umolL: number, daysBefore: number): Observation {
    return this.quantity('tbil', '14631-6', 'Bilirubin total', umolL, 'umol/L', daysBefore, 17.1);
  }

  dnaIU(iu: number, daysBefore: number, comparator?: '<'): Observation {
    return this.quantity('dna', '42595-9', 'HBV DNA', iu, '[IU]/mL', daysBefore, undefined, comparator);
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

  hbeag(positive: boolean, daysBefore: number): Observation {
    return this.obs('hbeag', { system: LOINC, code: '13954-3', display: 'HBeAg' }, daysBefore, posNeg(positive));
  }

  /** Liver biopsy grade: a project CodeSystem code (`scheuer-G2`) or free text (`A2F1`). */
  histology(grade: { code: string } | { text: string }, daysBefore: number): Observation {
    return this.obs('biopsy', histologyCode('Liver inflammation grade'), daysBefore, 'code' in grade ? { valueCodeableConcept: histologyGrade(grade.code) } : { valueString: grade.text });
  }

  condition(snomed: string, display: string, daysBefore = 900, status = 'active'): FhirResource {
    return this.add(conditionResource({ id: this.id('cond'), patientId: this.patient.id, snomed, display, status, confirmed: true, onset: at(daysBefore) }));
  }

  chb(): FhirResource {
    return this.condition('61977001', 'Chronic type B viral hepatitis', 1500);
  }

  familyHistory(snomed: string, display: string, relation = 'MTH'): FhirResource {
    return this.add(familyHistoryResource(this.id('fmh'), this.patient.id, snomed, relation, display));
  }

  medication(text: string, coding: { system: string; code: string; display: string }, status: 'active' | 'stopped' = 'active', daysBefore = 200): FhirResource {
    return this.add(medicationRequestResource(this.id('mr'), this.patient.id, { coding: [coding], text }, status, at(daysBefore)));
  }

  bundle(): Bundle {
    return {
      resourceType: 'Bundle',
      type: 'collection',
      entry: this.resources.map((resource) => ({ fullUrl: `urn:ifn-timing-cds:${resource.resourceType}/${resource.id}`, resource })),
    };
  }
}
