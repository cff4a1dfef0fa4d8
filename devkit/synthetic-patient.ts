/** Benchmark patients: long, realistic CHB histories generated with the shared builders, dated before `now`. */
import type { FhirResource, Observation } from 'fhir/r4';
import { DAY_MS } from '../src/fhir/time.js';
import { LOINC, conditionResource, familyHistoryResource, observation, patientResource, posNeg, ucum } from './builders.js';

/** One lab value of patient `patientId` at epoch ms `t`; `high` sets the reference range. */
function lab(id: string, patientId: string, loinc: string, value: number, unit: string, t: number, high?: number): Observation {
  return observation(
    { id, patientId, coding: { system: LOINC, code: loinc }, effective: new Date(t).toISOString() },
    { valueQuantity: ucum(value, unit), ...(high ? { referenceRange: [{ high: ucum(high, unit) }] } : {}) },
  );
}

function hbeagAt(id: string, patientId: string, positive: boolean, t: number): Observation {
  return observation({ id, patientId, coding: { system: LOINC, code: '13954-3' }, effective: new Date(t).toISOString() }, posNeg(positive, false));
}

/** A long-history CHB patient: monthly labs for `months` months before `now`. */
export function syntheticPatient(now: Date, months: number): FhirResource[] {
  const id = 'bench';
  const out: FhirResource[] = [
    patientResource(id, 'female', '1979-04-12'),
    conditionResource({ id: `${id}-chb`, patientId: id, snomed: '61977001' }),
    familyHistoryResource(`${id}-fmh`, id, '109841003', 'FTH'),
  ];
  for (let m = 0; m < months; m++) {
    const t = now.getTime() - (m * 30 + 2) * DAY_MS;
    const alt = 60 + ((m * 37) % 140); // fluctuates 60–200 U/L
    out.push(lab(`alt-${m}`, id, '1742-6', alt, 'U/L', t, 40));
    out.push(lab(`dna-${m}`, id, '42595-9', 20000 + m * 1500, '[IU]/mL', t));
    out.push(lab(`tbil-${m}`, id, '14631-6', 10 + (m % 7), 'umol/L', t, 17.1));
    out.push(lab(`plt-${m}`, id, '777-3', 150 + (m % 30), '10*9/L', t));
    out.push(hbeagAt(`hbeag-${m}`, id, m % 12 === 0, t));
  }
  return out;
}

/**
 * The benchmark's realistic patient: 3 years of follow-up, ~80 Observations (monthly ALT, quarterly HBV DNA,
 * HBeAg, TBil, platelets and neutrophils), CHB, family history, an NA. ALT ends in the window (D1).
 */
export function threeYearPatient(now: Date, id = 'bench-3y'): FhirResource[] {
  const out: FhirResource[] = [
    patientResource(id, 'male', '1990-02-14'),
    conditionResource({ id: `${id}-chb`, patientId: id, snomed: '61977001' }),
    familyHistoryResource(`${id}-fmh`, id, '38341003', 'FTH'),
    {
      resourceType: 'MedicationStatement',
      id: `${id}-etv`,
      status: 'completed',
      subject: { reference: `Patient/${id}` },
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF10', display: 'entecavir' }] },
    },
  ];
  for (let m = 0; m < 36; m++) {
    const t = now.getTime() - (m * 30 + 3) * DAY_MS;
    out.push(lab(`${id}-alt-${m}`, id, '1742-6', m === 0 ? 168 : 50 + ((m * 29) % 110), 'U/L', t, 40));
    if (m % 3 === 0) {
      out.push(lab(`${id}-dna-${m}`, id, '42595-9', 150000 + m * 1000, '[IU]/mL', t));
      out.push(lab(`${id}-tbil-${m}`, id, '14631-6', 11 + (m % 5), 'umol/L', t, 17.1));
      out.push(lab(`${id}-plt-${m}`, id, '777-3', 180 + m, '10*9/L', t));
      out.push(lab(`${id}-anc-${m}`, id, '751-8', 3 + (m % 4) / 10, '10*9/L', t));
      out.push(hbeagAt(`${id}-hbeag-${m}`, id, true, t));
    }
  }
  return out;
}
