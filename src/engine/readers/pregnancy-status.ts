/** D8 pregnancy-status Observation (LOINC 82810-3) valued SNOMED 77386006. */
import { LOINC, SNOMED } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import type { Json } from '../../fhir/json.js';
import { hasCode } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import { newestFirst, observationsWithLoinc, usable, type PassedOverList } from './common.js';

export function readPregnancyStatus(observations: Json[], now: number, passed: PassedOverList): { source: string; time: number; pregnant: boolean }[] {
  const out: { source: string; time: number; pregnant: boolean }[] = [];
  for (const obs of observationsWithLoinc(observations, LOINC.pregnancyStatus)) {
    const time = usable(obs, 'pregnancy-status', now, passed);
    if (time === undefined) continue;
    out.push({ source: ref(obs), time, pregnant: hasCode(obs.valueCodeableConcept, SYSTEM.snomed, [SNOMED.pregnancy]) });
  }
  return newestFirst(out);
}
