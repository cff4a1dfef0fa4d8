/** Builders for FHIR R4 test data, dated relative to a pinned evaluation date. */
import type { Bundle, Condition, FamilyMemberHistory, FhirResource, MedicationRequest, Observation, Patient } from 'fhir/r4';
import { assemble } from '../src/data/resolve.js';
import type { PatientData } from '../src/engine/types.js';

export const NOW = new Date('2026-06-15T12:00:00Z');
export const NOW_MS = NOW.getTime();
const DAY = 86_400_000;

let seq = 0;
export const nextId = (prefix: string): string => `${prefix}-${++seq}`;

export function daysAgo(days: number): string {
  return new Date(NOW_MS - days * DAY).toISOString();
}

export function birthDateForAge(age: number, dayOffset = 0): string {
  const d = new Date(NOW_MS);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCDate(d.getUTCDate() + dayOffset);
  return d.toISOString().slice(0, 10);
}

export function patient(overrides: Partial<Patient> = {}): Patient {
  return { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: birthDateForAge(35), ...overrides };
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
  const obs: Observation = {
    resourceType: 'Observation',
    id: o.id ?? nextId(`obs-${loinc}`),
    status: o.status ?? 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: daysAgo(days),
    valueQuantity: {
      value,
      ...(o.unit ? { unit: o.unit, system: 'http://unitsofmeasure.org', code: o.code ?? o.unit } : {}),
      ...(o.comparator ? { comparator: o.comparator } : {}),
    },
  };
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
  return {
    resourceType: 'Observation',
    id: nextId(`obs-${loinc}`),
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: daysAgo(days),
    ...value,
  };
}

export const POSITIVE = { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '10828004', display: 'Positive' }] } };
export const NEGATIVE = { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009', display: 'Negative' }] } };

export function hbeag(positive: boolean, days = 30): Observation {
  return codedObs('13954-3', days, positive ? POSITIVE : NEGATIVE);
}

export function histology(grade: string, days = 60): Observation {
  return {
    resourceType: 'Observation',
    id: nextId('biopsy'),
    status: 'final',
    code: { coding: [{ system: 'https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology', code: 'liver-inflammation-grade' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: daysAgo(days),
    valueCodeableConcept: { coding: [{ system: 'https://ifn-timing-cds.org/fhir/CodeSystem/liver-histology', code: grade }] },
  };
}

export function histologyText(text: string, days = 60): Observation {
  const h = histology('x', days);
  delete h.valueCodeableConcept;
  h.valueString = text;
  return h;
}

export function condition(snomed: string, o: { status?: string; id?: string } = {}): Condition {
  return {
    resourceType: 'Condition',
    id: o.id ?? nextId(`cond-${snomed}`),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: o.status ?? 'active' }] },
    code: { coding: [{ system: 'http://snomed.info/sct', code: snomed }] },
    subject: { reference: 'Patient/p1' },
  };
}

export const chb = (): Condition => condition('61977001', { id: 'chb' });

export function familyHistory(snomed: string): FamilyMemberHistory {
  return {
    resourceType: 'FamilyMemberHistory',
    id: nextId('fmh'),
    status: 'completed',
    patient: { reference: 'Patient/p1' },
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH' }] },
    condition: [{ code: { coding: [{ system: 'http://snomed.info/sct', code: snomed }] } }],
  };
}

export function medRequest(concept: MedicationRequest['medicationCodeableConcept'], o: { status?: MedicationRequest['status']; id?: string } = {}): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: o.id ?? nextId('mr'),
    status: o.status ?? 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    ...(concept ? { medicationCodeableConcept: concept } : {}),
  };
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
