/**
 * D12 `na-suppressed` (§4 step 9): on an NA with HBV DNA below detection. ALT timing does not apply. Add-on or
 * switch to PegIFN may be considered when **favourable**: HBeAg negative, qHBsAg < addOnHbsagBelowIU, no cirrhosis
 * (any source), screen clear, latest ALT ≤ ULN, no flare (§8 8). ALT > ULN or a flare ⇒ look for another cause.
 * qHBsAg (§3): the latest quantitative HBsAg dated ≤ hbvDnaLookbackMonths before now.
 */
import type { ClinicalConfig } from './config.js';
import type { D12Obstacle, Decision, Facts, HbsagReading } from './types.js';
import { datedWithin } from './windows.js';

export function latestQhbsag(hbsag: HbsagReading[], config: ClinicalConfig, now: number): HbsagReading | undefined {
  return hbsag.find((r) => r.iu !== undefined && datedWithin(r.time, now, config.hbvDnaLookbackMonths, 'months', config));
}

export function d12(f: Facts, config: ClinicalConfig): NonNullable<Decision['d12']> {
  const obstacles: D12Obstacle[] = [];
  const hbeag = f.hbeag.latest;
  if (!hbeag) obstacles.push('hbeag-unknown');
  else if (hbeag.positive) obstacles.push('hbeag-positive');
  const q = f.qhbsag;
  if (!q) obstacles.push('qhbsag-unknown');
  // "<1,000 IU/mL" is below 1,500; "<2,000" cannot tell.
  else if (q.belowIu ? q.iu! > config.addOnHbsagBelowIU : q.iu! >= config.addOnHbsagBelowIU) obstacles.push(q.belowIu ? 'qhbsag-unknown' : 'qhbsag-high');
  const cirrhosis = f.fibrosis.cirrhosisAnySource;
  if (cirrhosis) obstacles.push('cirrhosis');
  if (!f.safetyScreen.clear) obstacles.push('screen-not-clear');
  const altAbove = f.latestAlt !== undefined && f.latestAlt.multiple > 1;
  if (altAbove) obstacles.push('alt-above-uln');
  if (f.flare) obstacles.push('flare');
  return { favourable: obstacles.length === 0, obstacles, anotherCause: altAbove || f.flare !== undefined, cirrhosis };
}
