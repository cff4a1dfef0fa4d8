/** §3 (v2) coagulopathy: the latest INR dated ≤7 days before now is > inrHigh. No INR then ⇒ no clause. */
import type { ClinicalConfig } from './config.js';
import type { Facts, InrReading } from './types.js';
import { within } from './readers/common.js';

export function inrFacts(inr: InrReading[], config: ClinicalConfig, now: number): Facts['inr'] {
  const latest = inr.find((r) => within(r.time, now, config.inrLookbackDays));
  const lastOnRecord = inr[0];
  const out: Facts['inr'] = { coagulopathy: latest !== undefined && latest.value > config.inrHigh };
  if (latest) out.latest = latest;
  if (lastOnRecord) out.lastOnRecord = lastOnRecord;
  return out;
}
