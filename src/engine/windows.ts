/**
 * §2 (v3) calendar windows in the site time zone: "≤N before now" is on or after today − N there; "≥N before now"
 * is on or before that day. Every rule file asks these two questions, never subtracts milliseconds.
 */
import type { ClinicalConfig } from './config.js';
import { calendarDay, windowStart } from '../fhir/calendar.js';
import { DAY_MS } from '../fhir/time.js';

export type WindowUnit = 'days' | 'weeks' | 'months';

/** Dated at most `amount` `unit` before `now` (on or after the calendar day today − amount). */
export function datedWithin(time: number, now: number, amount: number, unit: WindowUnit, config: Pick<ClinicalConfig, 'timeZone'>): boolean {
  return time >= windowStart(now, amount, unit, config.timeZone);
}

/** Dated at least `amount` `unit` before `now` (on or before the calendar day today − amount). */
export function datedAtLeast(time: number, now: number, amount: number, unit: WindowUnit, config: Pick<ClinicalConfig, 'timeZone'>): boolean {
  return calendarDay(time, config.timeZone) <= calendarDay(windowStart(now, amount, unit, config.timeZone), config.timeZone);
}

/** Whole calendar days from `a` to `b` in the site zone (b later ⇒ positive). */
export function calendarDaysBetween(a: number, b: number, config: Pick<ClinicalConfig, 'timeZone'>): number {
  const utc = config.timeZone === 'UTC';
  const day = (t: number) => (utc && t >= YEAR_0 && t < YEAR_10000 ? Math.floor(t / DAY_MS) * DAY_MS : Date.parse(`${calendarDay(t, config.timeZone)}T00:00:00Z`));
  return Math.round((day(b) - day(a)) / DAY_MS);
}

/**
 * In UTC, the midnight the printed day parses to is the instant floored to its day: the same number without a
 * string per call (rules compare results pairwise). Only for years 0000–9999, the days `calendarDay` prints as
 * ISO dates; outside them the printed text decides, as before.
 */
const YEAR_0 = Date.parse('0000-01-01T00:00:00Z');
const YEAR_10000 = Date.parse('9999-12-31T00:00:00Z') + DAY_MS;
