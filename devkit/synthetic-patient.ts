/** A realistic long-history CHB patient for benchmarks: monthly labs for `months` months before `now`. */
import type { FhirResource } from 'fhir/r4';

const DAY = 86_400_000;

export function syntheticPatient(now: Date, months: number): FhirResource[] {
  const out: FhirResource[] = [
    { resourceType: 'Patient', id: 'bench', gender: 'female', birthDate: '1979-04-12' },
    {
      resourceType: 'Condition',
      id: 'bench-chb',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '61977001' }] },
      subject: { reference: 'Patient/bench' },
    },
    {
      resourceType: 'FamilyMemberHistory',
      id: 'bench-fmh',
      status: 'completed',
      patient: { reference: 'Patient/bench' },
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'FTH' }] },
      condition: [{ code: { coding: [{ system: 'http://snomed.info/sct', code: '109841003' }] } }],
    },
  ];
  const q = (id: string, loinc: string, value: number, unit: string, t: number, high?: number): FhirResource => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: 'Patient/bench' },
    effectiveDateTime: new Date(t).toISOString(),
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...(high ? { referenceRange: [{ high: { value: high, unit, system: 'http://unitsofmeasure.org', code: unit } }] } : {}),
  });
  for (let m = 0; m < months; m++) {
    const t = now.getTime() - (m * 30 + 2) * DAY;
    const alt = 60 + ((m * 37) % 140); // fluctuates 60–200 U/L
    out.push(q(`alt-${m}`, '1742-6', alt, 'U/L', t, 40));
    out.push(q(`dna-${m}`, '42595-9', 20000 + m * 1500, '[IU]/mL', t));
    out.push(q(`tbil-${m}`, '14631-6', 10 + (m % 7), 'umol/L', t, 17.1));
    out.push(q(`plt-${m}`, '777-3', 150 + (m % 30), '10*9/L', t));
    out.push({
      resourceType: 'Observation',
      id: `hbeag-${m}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '13954-3' }] },
      subject: { reference: 'Patient/bench' },
      effectiveDateTime: new Date(t).toISOString(),
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: m % 12 === 0 ? '10828004' : '260385009' }] },
    });
  }
  return out;
}

/**
 * The benchmark's realistic patient: 3 years of follow-up, ~80 Observations (monthly ALT, quarterly HBV DNA,
 * HBeAg, TBil, platelets and neutrophils), CHB, family history, an NA. ALT ends in the window (D1).
 */
export function threeYearPatient(now: Date, id = 'bench-3y'): FhirResource[] {
  const DAYS = 86_400_000;
  const subject = { reference: `Patient/${id}` };
  const out: FhirResource[] = [
    { resourceType: 'Patient', id, gender: 'male', birthDate: '1990-02-14' },
    {
      resourceType: 'Condition',
      id: `${id}-chb`,
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '61977001' }] },
      subject,
    },
    {
      resourceType: 'FamilyMemberHistory',
      id: `${id}-fmh`,
      status: 'completed',
      patient: subject,
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'FTH' }] },
      condition: [{ code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] } }],
    },
    {
      resourceType: 'MedicationStatement',
      id: `${id}-etv`,
      status: 'completed',
      subject,
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J05AF10', display: 'entecavir' }] },
    },
  ];
  const q = (n: string, loinc: string, value: number, unit: string, t: number, high?: number): FhirResource => ({
    resourceType: 'Observation',
    id: `${id}-${n}`,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject,
    effectiveDateTime: new Date(t).toISOString(),
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...(high ? { referenceRange: [{ high: { value: high, unit, system: 'http://unitsofmeasure.org', code: unit } }] } : {}),
  });
  for (let m = 0; m < 36; m++) {
    const t = now.getTime() - (m * 30 + 3) * DAYS;
    out.push(q(`alt-${m}`, '1742-6', m === 0 ? 168 : 50 + ((m * 29) % 110), 'U/L', t, 40));
    if (m % 3 === 0) {
      out.push(q(`dna-${m}`, '42595-9', 150000 + m * 1000, '[IU]/mL', t));
      out.push(q(`tbil-${m}`, '14631-6', 11 + (m % 5), 'umol/L', t, 17.1));
      out.push(q(`plt-${m}`, '777-3', 180 + m, '10*9/L', t));
      out.push(q(`anc-${m}`, '751-8', 3 + (m % 4) / 10, '10*9/L', t));
      out.push({
        resourceType: 'Observation',
        id: `${id}-hbeag-${m}`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '13954-3' }] },
        subject,
        effectiveDateTime: new Date(t).toISOString(),
        valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '10828004' }] },
      });
    }
  }
  return out;
}
