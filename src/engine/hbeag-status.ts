/** §3 (v3) HBeAg status: the latest result with its date; trend +→−: a positive ≤12 months before the latest negative. */
import type { ClinicalConfig } from './config.js';
import type { AntigenReading, HbeagFacts } from './types.js';
import { windowStart } from '../fhir/calendar.js';

export function hbeagFacts(readings: AntigenReading[], config: ClinicalConfig): HbeagFacts {
  const latest = readings[0];
  if (!latest) return { seroconverted: false };
  if (latest.positive) return { latest, seroconverted: false };
  const from = windowStart(latest.time, config.hbvDnaLookbackMonths, 'months', config.timeZone);
  const previousPositive = readings.find((r) => r.positive && r.time < latest.time && r.time >= from);
  return previousPositive ? { latest, seroconverted: true, previousPositive } : { latest, seroconverted: false };
}
