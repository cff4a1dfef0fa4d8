/**
 * FHIR resources → the engine's PatientData. Pure and browser-safe (no I/O, no Node modules): the service's
 * data layer and the SMART app (app/) assemble the same record from the same reads.
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import { arr, isObject, type Json } from '../fhir/json.js';
import type { PatientData } from '../engine/types.js';

/** Which PatientData list each resource type goes to (Patient is single; other types are not read). */
/** A Map: resourceType is record text ("constructor" must not find Object.prototype's). */
const LIST_OF: ReadonlyMap<string, Exclude<keyof PatientData, 'patient'>> = new Map(Object.entries({
  Observation: 'observations',
  Condition: 'conditions',
  FamilyMemberHistory: 'familyHistory',
  MedicationRequest: 'medicationRequests',
  MedicationStatement: 'medicationStatements',
  Medication: 'medications',
  AllergyIntolerance: 'allergies',
} as const));

/** Flattens resolved values into PatientData, one copy of each resource. */
export function assemble(values: (FhirResource | null)[]): PatientData {
  const data: PatientData = {
    observations: [],
    conditions: [],
    familyHistory: [],
    medicationRequests: [],
    medicationStatements: [],
    medications: [],
    allergies: [],
  };
  const seen = new Set<string>();
  const add = (r: unknown) => {
    if (typeof r !== 'object' || r === null) return;
    const res = r as Json;
    const type = res.resourceType;
    if (typeof type !== 'string') return;
    if (typeof res.id === 'string') {
      const key = `${type}/${res.id}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    const list = LIST_OF.get(type);
    if (type === 'Patient') data.patient ??= res;
    else if (list) data[list].push(res);
  };
  for (const v of values) {
    if (!v) continue;
    if (v.resourceType === 'Bundle') for (const e of arr((v as Bundle).entry)) add(isObject(e) ? e.resource : undefined);
    else add(v);
  }
  return data;
}
