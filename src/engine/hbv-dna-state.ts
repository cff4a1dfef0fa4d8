/** §3 (v2) HBV DNA state from the latest result dated ≤12 months before now; and comparisons that say "unknown" honestly. */
import type { ClinicalConfig } from './config.js';
import { addMonths } from '../fhir/time.js';
import type { DnaReading, Facts, Tri } from './types.js';

export function dnaFacts(readings: DnaReading[], config: ClinicalConfig, now: number): Facts['dna'] {
  const cutoff = addMonths(now, -config.hbvDnaLookbackMonths);
  const latest = readings.find((d) => d.time >= cutoff);
  if (!latest) return { state: 'unknown' };
  return { state: latest.belowDetection ? 'below-detection' : 'detectable', latest };
}

/** Is the HBV DNA at or above `iu`? A "<limit" above `iu`, or a "detected" without a number, cannot tell. */
export function dnaAtLeast(d: DnaReading | undefined, iu: number): Tri {
  if (!d) return 'unknown';
  if (d.belowDetection) return d.iu === undefined || d.iu <= iu ? 'no' : 'unknown';
  if (d.iu === undefined) return 'unknown';
  return d.iu >= iu ? 'yes' : 'no';
}

export function dnaAtMost(d: DnaReading | undefined, iu: number): Tri {
  if (!d) return 'unknown';
  if (d.belowDetection) return d.iu === undefined || d.iu <= iu ? 'yes' : 'unknown';
  if (d.iu === undefined) return 'unknown';
  return d.iu <= iu ? 'yes' : 'no';
}
