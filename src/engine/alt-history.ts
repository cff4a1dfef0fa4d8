/** §3 latest ALT (within altLookbackDays) and "recurrent mild" (≥2 mild results in 12 months, ≥28 days apart). */
import type { ClinicalConfig } from './config.js';
import { addMonths, DAY_MS } from '../fhir/time.js';
import type { AltReading } from './types.js';
import { within } from './readers/common.js';

export interface AltFacts {
  latestAlt?: AltReading;
  altHistory: AltReading[];
  recurrentMild: boolean;
  /** When recurrentMild: the newest and the oldest mild result of the window, the two that make it recurrent. */
  recurrentMildSpan?: { newest: AltReading; oldest: AltReading };
}

export function altFacts(allAlt: AltReading[], config: ClinicalConfig, now: number): AltFacts {
  const yearAgo = addMonths(now, -config.recurrentMildMonths);
  const altHistory = allAlt.filter((a) => within(a.time, now, Math.max(config.altLookbackDays, config.flareLookbackDays)) || a.time >= yearAgo);
  const latestAlt = allAlt.find((a) => within(a.time, now, config.altLookbackDays));
  const mild = allAlt.filter((a) => a.band === 'mild' && a.time >= yearAgo);
  const recurrentMild = mild.length >= 2 && mild[0]!.time - mild[mild.length - 1]!.time >= config.recurrentMildMinDaysApart * DAY_MS;
  const facts: AltFacts = { altHistory, recurrentMild };
  if (latestAlt) facts.latestAlt = latestAlt;
  if (recurrentMild) facts.recurrentMildSpan = { newest: mild[0]!, oldest: mild[mild.length - 1]! };
  return facts;
}
