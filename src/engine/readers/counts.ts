/** §2 platelets and neutrophils in 10⁹/L: 10*9/L, 10*3/uL, /nL equal (UCUM, units.ts). */
import type { ClinicalConfig } from '../config.js';
import { DEFAULT_CLINICAL_CONFIG } from '../config.js';
import type { Json } from '../../fhir/json.js';
import { toCountE9L } from '../units.js';
import type { CountReading } from '../types.js';
import { readNumbers, type PassedOverList } from './common.js';

function readCounts(observations: Json[], input: 'platelets' | 'neutrophils', config: ClinicalConfig, now: number, passed: PassedOverList): CountReading[] {
  const codes = input === 'platelets' ? config.inputCodes.platelets : config.inputCodes.neutrophils;
  const bounds = input === 'platelets' ? config.plausible.plateletsE9L : config.plausible.neutrophilsE9L;
  return readNumbers(observations, codes, input, toCountE9L, bounds, config, now, passed).map(({ source, time, value }) => ({ source, time, value }));
}

/** (v3) pass `config` (4th argument): codes, plausible bounds and time zone come from it; default: the defaults. */
export const readPlatelets = (observations: Json[], now: number, passed: PassedOverList, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): CountReading[] =>
  readCounts(observations, 'platelets', config, now, passed);

export const readNeutrophils = (observations: Json[], now: number, passed: PassedOverList, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): CountReading[] =>
  readCounts(observations, 'neutrophils', config, now, passed);
