/**
 * §2 total bilirubin in µmol/L: molar units by UCUM, mass units ×17.1 from mg/dL; ULN from the reference range
 * that applies to the patient (v3: by sex and age, as ALT), else the site default.
 */
import type { ClinicalConfig } from '../config.js';
import { isObject, num, type Json } from '../../fhir/json.js';
import { ref } from '../../fhir/resource.js';
import { toBilirubinUmolL } from '../units.js';
import type { TbilReading } from '../types.js';
import { applicableRange, boundUnit, observationsWithCodes, passOver, plausible, readValue, usable, type PassedOverList } from './common.js';
import { rangeSubject } from './patient.js';

/**
 * E2's call `readTbil(observations, config, now, passed)` still works; (v3) pass the patient (5th argument)
 * so a lab range by sex or age can apply.
 */
export function readTbil(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList, patient?: Json): TbilReading[] {
  const subject = rangeSubject(patient ? { patient } : {}, now, config.timeZone);
  const tz = config.timeZone;
  const out: TbilReading[] = [];
  for (const obs of observationsWithCodes(observations, config.inputCodes.tbil)) {
    const time = usable(obs, 'tbil', now, passed, tz);
    if (time === undefined) continue;
    const read = readValue(obs);
    if (!read.ok) {
      passOver(passed, obs, 'tbil', read.reason, { time, timeZone: tz, ...(read.raw !== undefined ? { raw: read.raw } : {}) });
      continue;
    }
    const { unit, raw } = read.v;
    const umolL = toBilirubinUmolL(read.v.value, unit);
    if (umolL === undefined) {
      passOver(passed, obs, 'tbil', 'unknown-unit', { unit: unit ?? '', time, raw, timeZone: tz });
      continue;
    }
    if (!plausible(umolL, config.plausible.tbilUmolL)) {
      passOver(passed, obs, 'tbil', 'implausible-value', { time, raw, timeZone: tz });
      continue;
    }
    const range = applicableRange(obs, subject, (r) => isObject(r.high) && num(r.high.value) !== undefined);
    const high = range && isObject(range.high) ? toBilirubinUmolL(num(range.high.value)!, boundUnit(range.high, unit)) : undefined;
    if (high !== undefined && !plausible(high, config.plausible.tbilUlnUmolL)) {
      passOver(passed, obs, 'tbil', 'implausible-value', { time, raw: `${raw} (ULN)`, timeZone: tz });
      continue;
    }
    out.push({ source: ref(obs), time, umolL, ulnUmolL: high ?? config.tbil.ulnUmolL, ulnOrigin: high !== undefined ? 'lab' : 'default' });
  }
  // Same instant (one sample in mg/dL and µmol/L, or two labs): the higher is the latest, so neither the code order
  // nor the record's order can hide an elevation (§3 names no TBil tie; choice of the issue-22 cross-check).
  return out.sort((a, b) => b.time - a.time || b.umolL - a.umolL);
}
