/** D8 pregnancy-status Observation (LOINC 82810-3, config `inputCodes.pregnancyStatus`) valued SNOMED 77386006. */
import type { ClinicalConfig } from '../config.js';
import { DEFAULT_CLINICAL_CONFIG } from '../config.js';
import { SNOMED } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import type { Json } from '../../fhir/json.js';
import { hasCode } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import { newestFirst, observationsWithCodes, usable, type PassedOverList } from './common.js';

/** (v3) pass `config` (4th argument). */
export function readPregnancyStatus(
  observations: Json[],
  now: number,
  passed: PassedOverList,
  config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG,
): { source: string; time: number; pregnant: boolean }[] {
  const out: { source: string; time: number; pregnant: boolean }[] = [];
  for (const obs of observationsWithCodes(observations, config.inputCodes.pregnancyStatus)) {
    const time = usable(obs, 'pregnancy-status', now, passed, config.timeZone);
    if (time === undefined) continue;
    out.push({ source: ref(obs), time, pregnant: hasCode(obs.valueCodeableConcept, SYSTEM.snomed, [SNOMED.pregnancy]) });
  }
  return newestFirst(out);
}
