/**
 * §3 coagulopathy: the latest INR dated ≤7 days before now (calendar days, site zone) is > inrHigh. No INR then ⇒
 * no coagulopathy clause. (v3, §8 30) On a vitamin K antagonist the INR is not read as coagulopathy: the card shows
 * it as not interpretable.
 */
import type { ClinicalConfig } from './config.js';
import type { Facts, InrReading } from './types.js';
import { datedWithin } from './windows.js';

export function inrFacts(inr: InrReading[], onVitaminKAntagonist: boolean, config: ClinicalConfig, now: number): Facts['inr'] {
  const latest = inr.find((r) => datedWithin(r.time, now, config.inrLookbackDays, 'days', config));
  const lastOnRecord = inr[0];
  const high = latest !== undefined && latest.value > config.inrHigh;
  const out: Facts['inr'] = { coagulopathy: high && !onVitaminKAntagonist, notInterpretable: latest !== undefined && onVitaminKAntagonist };
  if (latest) out.latest = latest;
  if (lastOnRecord) out.lastOnRecord = lastOnRecord;
  return out;
}
