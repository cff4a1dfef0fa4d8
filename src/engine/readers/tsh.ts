/**
 * (v3) §2 TSH in mIU/L (uIU/mL equal; UCUM [IU] forms): range from the reference range that applies to the
 * patient (sex, age), else `tshRange` (0.27–4.2 mIU/L).
 */
import type { ClinicalConfig } from '../config.js';
import { isObject, num, type Json } from '../../fhir/json.js';
import { toTshMIUL } from '../units.js';
import type { TshReading } from '../types.js';
import { applicableRange, boundUnit, passOver, plausible, readNumbers, type PassedOverList } from './common.js';
import { rangeSubject } from './patient.js';

export function readTsh(data: { observations: Json[]; patient?: Json }, config: ClinicalConfig, now: number, passed: PassedOverList): TshReading[] {
  const subject = rangeSubject(data, now, config.timeZone);
  const out: TshReading[] = [];
  for (const r of readNumbers(data.observations, config.inputCodes.tsh, 'tsh', toTshMIUL, config.plausible.tshMIUL, config, now, passed)) {
    // A lab range needs both ends to judge low and high; one end alone keeps the site's other end.
    const range = applicableRange(r.obs, subject, (x) => (isObject(x.low) && num(x.low.value) !== undefined) || (isObject(x.high) && num(x.high.value) !== undefined));
    const lowQ = range && isObject(range.low) && num(range.low.value) !== undefined ? toTshMIUL(num(range.low.value)!, boundUnit(range.low, r.unit)) : undefined;
    const highQ = range && isObject(range.high) && num(range.high.value) !== undefined ? toTshMIUL(num(range.high.value)!, boundUnit(range.high, r.unit)) : undefined;
    if ((lowQ !== undefined && !plausible(lowQ, config.plausible.tshMIUL)) || (highQ !== undefined && !plausible(highQ, config.plausible.tshMIUL)) || (lowQ !== undefined && highQ !== undefined && lowQ > highQ)) {
      passOver(passed, r.obs, 'tsh', 'implausible-value', { time: r.time, raw: `${r.value} mIU/L (range)`, timeZone: config.timeZone });
      continue;
    }
    const low = lowQ ?? config.tshRange.low;
    const high = highQ ?? config.tshRange.high;
    const state: TshReading['state'] = r.value < low ? 'low' : r.value > high ? 'high' : 'normal';
    out.push({ source: r.source, time: r.time, value: r.value, low, high, rangeOrigin: lowQ !== undefined || highQ !== undefined ? 'lab' : 'default', state });
  }
  return out;
}
