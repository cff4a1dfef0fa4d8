/** §2 (v3) the patient: sex from Patient.gender; age in whole years (readers/age.ts) for reference ranges. */
import { str, type Json } from '../../fhir/json.js';
import type { Sex } from '../types.js';
import { ageRange } from './age.js';
import type { RangeSubject } from './common.js';

/** Patient.gender: male, female; other ⇒ 'other'; absent or unknown ⇒ 'unknown'. */
export function readPatientSex(data: { patient?: Json }): Sex {
  const g = data.patient ? str(data.patient.gender) : undefined;
  if (g === 'male' || g === 'female' || g === 'other') return g;
  return 'unknown';
}

/** Sex and exact age (in whole years, when the birth date allows one value) for referenceRange criteria. */
export function rangeSubject(data: { patient?: Json }, now: number, timeZone: string): RangeSubject {
  const sex = readPatientSex(data);
  const age = ageRange(data.patient ? str(data.patient.birthDate) : undefined, now, timeZone);
  return age && age.min === age.max ? { sex, ageYears: age.min } : { sex };
}
