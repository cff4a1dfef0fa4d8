/** (v3) §2 liver stiffness (transient elastography): code `liver-stiffness` (config `inputCodes.liverStiffness`), kPa only. */
import type { ClinicalConfig } from '../config.js';
import type { Json } from '../../fhir/json.js';
import { toKPa } from '../units.js';
import type { LsmReading } from '../types.js';
import { readNumbers, type PassedOverList } from './common.js';

/** Every readable LSM, newest first; the 36-month limit is a rule (§3), applied by the facts. */
export function readLiverStiffness(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList): LsmReading[] {
  return readNumbers(observations, config.inputCodes.liverStiffness, 'liver-stiffness', toKPa, config.plausible.lsmKPa, config, now, passed).map(({ source, time, value }) => ({
    source,
    time,
    kPa: value,
  }));
}
