/** §2 platelets and neutrophils in 10⁹/L: 10*9/L, 10*3/uL, /nL equal (UCUM, units.ts). */
import type { ClinicalConfig, CodeRef } from '../config.js';
import { DEFAULT_CLINICAL_CONFIG } from '../config.js';
import type { Json } from '../../fhir/json.js';
import { ref } from '../../fhir/resource.js';
import { toCountE9L } from '../units.js';
import type { CountReading, InputKind } from '../types.js';
import { newestFirst, observationsWithCodes, passOver, plausible, readValue, usable, type PassedOverList } from './common.js';

/**
 * One numeric reader: value (quantity or value string) → the input's unit by `convert` → plausible bounds.
 * Shared by the readers whose result is one number in one unit (counts, INR, PT, TSH, liver stiffness).
 */
export function readNumbers(
  observations: Json[],
  codes: readonly CodeRef[],
  input: InputKind,
  convert: (value: number, unit: string | undefined) => number | undefined,
  bounds: readonly number[],
  config: ClinicalConfig,
  now: number,
  passed: PassedOverList,
  unitOptional = false,
): { obs: Json; source: string; time: number; value: number; unit: string | undefined; comparator?: string }[] {
  const tz = config.timeZone;
  const out: { obs: Json; source: string; time: number; value: number; unit: string | undefined; comparator?: string }[] = [];
  for (const obs of observationsWithCodes(observations, codes)) {
    const time = usable(obs, input, now, passed, tz);
    if (time === undefined) continue;
    let read = readValue(obs);
    // A ratio (INR) has no unit: a bare quantity is its value.
    if (!read.ok && read.reason === 'no-unit' && unitOptional && obs.valueQuantity !== undefined) {
      const v = (obs.valueQuantity as Json).value as number;
      read = { ok: true, v: { value: v, raw: String(v) } };
    }
    if (!read.ok) {
      passOver(passed, obs, input, read.reason, { time, timeZone: tz, ...(read.raw !== undefined ? { raw: read.raw } : {}) });
      continue;
    }
    const { unit, raw } = read.v;
    const value = convert(read.v.value, unit);
    if (value === undefined) {
      passOver(passed, obs, input, 'unknown-unit', { unit: unit ?? '', time, raw, timeZone: tz });
      continue;
    }
    if (!plausible(value, bounds)) {
      passOver(passed, obs, input, 'implausible-value', { time, raw, timeZone: tz });
      continue;
    }
    out.push(read.v.comparator ? { obs, source: ref(obs), time, value, unit, comparator: read.v.comparator } : { obs, source: ref(obs), time, value, unit });
  }
  return newestFirst(out);
}

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
