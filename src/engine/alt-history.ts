/**
 * §3 latest ALT (within altLookbackDays), "recurrent mild" (≥2 mild results in 12 months, ≥28 days apart),
 * (v3) steep rise, and (v3, §4 step 3) an unreadable ALT newer than every readable one in the lookback.
 */
import type { ClinicalConfig } from './config.js';
import type { AltReading, PassedOver, PassReason } from './types.js';
import { windowStart } from '../fhir/calendar.js';
import { calendarDaysBetween, datedWithin } from './windows.js';

export interface AltFacts {
  latestAlt?: AltReading;
  altHistory: AltReading[];
  recurrentMild: boolean;
  /** When recurrentMild: the newest and the oldest mild result of the window, the two that make it recurrent. */
  recurrentMildSpan?: { newest: AltReading; oldest: AltReading };
  steepRise: boolean;
  steepRiseFrom?: AltReading;
  unreadableAlt?: PassedOver;
}

/** Reasons that make a result "could not be read" (§4 step 3), as opposed to not counting at all (no date, error). */
const UNREADABLE: readonly PassReason[] = ['unknown-unit', 'no-unit', 'no-value', 'unreadable', 'implausible-value', 'invalid-date'];

/** §3 "ALT before": the latest earlier usable ALT (readers order same-instant ties higher-first as older). */
export function altBefore(allAlt: AltReading[], latest: AltReading): AltReading | undefined {
  return allAlt[allAlt.indexOf(latest) + 1];
}

/**
 * §4 step 3: the newest ALT in the lookback is unreadable. Compared by instant (a date-only result at midnight in the
 * site time zone, as readers place it): an unreadable ALT later the same day as a readable one is the newest; at the
 * same instant the readable one stands (its value is known). An ALT with an impossible date cannot be placed in the
 * lookback: it is named only when no readable ALT is there.
 */
function newestUnreadable(passed: PassedOver[], latest: AltReading | undefined, config: ClinicalConfig, now: number): PassedOver | undefined {
  const candidates = passed.filter((p) => p.input === 'alt' && UNREADABLE.includes(p.reason));
  const dated = candidates
    .filter((p) => p.time !== undefined && p.reason !== 'invalid-date' && datedWithin(p.time, now, config.altLookbackDays, 'days', config) && (latest === undefined || p.time > latest.time))
    .sort((a, b) => b.time! - a.time!);
  if (dated[0]) return dated[0];
  if (latest) return undefined;
  return candidates.find((p) => p.reason === 'invalid-date');
}

export function altFacts(allAlt: AltReading[], config: ClinicalConfig, now: number, passed: PassedOver[] = []): AltFacts {
  const yearStart = windowStart(now, config.recurrentMildMonths, 'months', config.timeZone);
  const lookback = Math.max(config.altLookbackDays, config.flareLookbackDays);
  const altHistory = allAlt.filter((a) => datedWithin(a.time, now, lookback, 'days', config) || a.time >= yearStart);
  const latestAlt = allAlt.find((a) => datedWithin(a.time, now, config.altLookbackDays, 'days', config));
  const mild = allAlt.filter((a) => a.band === 'mild' && a.time >= yearStart);
  const recurrentMild = mild.length >= 2 && calendarDaysBetween(mild[mild.length - 1]!.time, mild[0]!.time, config) >= config.recurrentMildMinDaysApart;
  const facts: AltFacts = { altHistory, recurrentMild, steepRise: false };
  if (latestAlt) {
    facts.latestAlt = latestAlt;
    // §3 (v3) steep rise; §8 22: the ALT before must be dated ≤ altLookbackDays before the latest.
    const before = altBefore(allAlt, latestAlt);
    if (before && latestAlt.multiple > config.steepRiseAboveUln && before.time >= windowStart(latestAlt.time, config.altLookbackDays, 'days', config.timeZone)) {
      facts.steepRiseFrom = before;
      facts.steepRise = latestAlt.multiple >= config.steepRiseFactor * before.multiple - 1e-9;
      if (!facts.steepRise) delete facts.steepRiseFrom;
    }
  }
  if (recurrentMild) facts.recurrentMildSpan = { newest: mild[0]!, oldest: mild[mild.length - 1]! };
  const unreadable = newestUnreadable(passed, latestAlt, config, now);
  if (unreadable) facts.unreadableAlt = unreadable;
  return facts;
}
