/** §2 (v2) INR (unitless ratio) and prothrombin time (seconds), units by UCUM. */
import type { ClinicalConfig } from '../config.js';
import { DEFAULT_CLINICAL_CONFIG } from '../config.js';
import type { Json } from '../../fhir/json.js';
import { toRatio, toSeconds } from '../units.js';
import type { InrReading, PtReading } from '../types.js';
import { readNumbers, type PassedOverList } from './common.js';

/** (v3) pass `config` (4th argument). */
export function readInr(observations: Json[], now: number, passed: PassedOverList, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): InrReading[] {
  return readNumbers(observations, config.inputCodes.inr, 'inr', toRatio, config.plausible.inr, config, now, passed, true).map(({ source, time, value }) => ({ source, time, value }));
}

/** (v3) pass `config` (4th argument). */
export function readPt(observations: Json[], now: number, passed: PassedOverList, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): PtReading[] {
  return readNumbers(observations, config.inputCodes.pt, 'pt', toSeconds, config.plausible.ptSeconds, config, now, passed).map(({ source, time, value }) => ({ source, time, seconds: value }));
}
