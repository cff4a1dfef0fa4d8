/** §3 HBV DNA state from the latest result dated ≤12 months before now; and comparisons that say "unknown" honestly. */
import type { ClinicalConfig } from './config.js';
import type { DnaReading, Facts, Tri } from './types.js';
import { datedWithin } from './windows.js';

export function dnaFacts(readings: DnaReading[], config: ClinicalConfig, now: number): Facts['dna'] {
  const recent = readings.filter((d) => datedWithin(d.time, now, config.hbvDnaLookbackMonths, 'months', config));
  const latest = recent[0];
  if (!latest) return { state: 'unknown' };
  return { state: latest.belowDetection ? 'below-detection' : 'detectable', latest, recent };
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

/** Strictly above `iu` ("other guidelines would treat": HBV DNA >2,000 IU/mL). */
export function dnaAbove(d: DnaReading | undefined, iu: number): Tri {
  if (!d) return 'unknown';
  if (d.belowDetection) return d.iu === undefined || d.iu <= iu ? 'no' : 'unknown';
  if (d.iu === undefined) return 'unknown';
  return d.iu > iu ? 'yes' : 'no';
}

/** §3 (v3) HBeAg-negative low DNA: HBeAg negative, HBV DNA detectable but below hbeagNegativeDnaIU. */
export function hbeagNegativeLowDna(f: Pick<Facts, 'dna' | 'hbeag'>, config: ClinicalConfig): boolean {
  const d = f.dna.latest;
  return f.hbeag.latest?.positive === false && f.dna.state === 'detectable' && d?.iu !== undefined && d.iu < config.hbeagNegativeDnaIU;
}
