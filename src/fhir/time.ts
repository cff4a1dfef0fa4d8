/** FHIR dates and instants as epoch ms, and the calendar arithmetic the rules use. */
import { startOfLocalDay } from './calendar.js';

export { calendarDay, isTimeZone, windowStart, startOfLocalDay, zoneOffset } from './calendar.js';

/** One day in ms: every "N days" of the clinical rules is N × DAY_MS. */
export const DAY_MS = 86_400_000;


export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's civil-calendar algorithms):
 * plain integer arithmetic, several times faster than a Date per call on the per-result paths below.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const num2 = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** Days in a month of the proleptic Gregorian calendar. */
function monthDays(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** An impossible date or time: never shifted into a possible one (v3 §2). */
export const INVALID = 'invalid' as const;
export type ParsedTime = number | typeof INVALID | undefined;

/** §2 (v3): a calendar date and time of day that exist; offsets within ±14:00. Leap second 60 as FHIR allows. */
function validParts(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return (
    Number.isFinite(year) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= monthDays(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 60
  );
}

/** Offset minutes of `±HH:MM` at s[i..i+6), or undefined when beyond ±14:00 or malformed. */
function offsetMinutes(s: string, i: number): number | undefined {
  const sign = s.charCodeAt(i);
  if ((sign !== 43 && sign !== 45) || s.charCodeAt(i + 3) !== 58) return undefined;
  const h = num2(s, i + 1);
  const m = num2(s, i + 4);
  if (!(h >= 0 && m >= 0 && m <= 59) || h * 60 + m > 14 * 60) return undefined;
  return (sign === 45 ? -1 : 1) * (h * 60 + m);
}

/**
 * Fast path for the common instant forms `YYYY-MM-DDTHH:MM:SS[.fff]Z` and `…±HH:MM` (every result of every
 * request goes through here; Date.parse was the engine's costliest line). Another form: undefined.
 */
function parseInstantFast(s: string): ParsedTime {
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const year = num2(s, 0) * 100 + num2(s, 2);
  const month = num2(s, 5);
  const day = num2(s, 8);
  const hour = num2(s, 11);
  const minute = num2(s, 14);
  const second = num2(s, 17);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let scale = 100;
    const from = i + 1;
    for (i++; i < s.length && digit(s, i) >= 0; i++) {
      ms += digit(s, i) * scale;
      scale /= 10;
    }
    if (i === from) return INVALID;
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 && i === s.length - 1) offset = 0;
  else if ((z === 43 || z === 45) && i === s.length - 6) {
    const o = offsetMinutes(s, i);
    if (o === undefined) return INVALID;
    offset = o;
  } else return undefined;
  if (!validParts(year, month, day, hour, minute, second)) return INVALID;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(ms) - offset * 60_000;
}

const FHIR_DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A FHIR date/dateTime/instant read exactly: epoch ms, `'invalid'` for a date that does not exist or text that
 * is no date (passed over as "invalid date", never shifted: 2026-02-30, hour 24, minute 60, offset +14:01), or
 * undefined when absent. A partial date (year, year-month, date) or a time without offset is read in
 * `timeZone` (the site's, §2), at the first instant it allows.
 */
export function parseFhirTime(x: unknown, timeZone = 'UTC'): ParsedTime {
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'string') return INVALID;
  if (x.length === 0) return undefined;
  const fast = parseInstantFast(x);
  if (fast !== undefined) return fast;
  if (x.length > 40) return INVALID;
  const m = FHIR_DATE_TIME.exec(x);
  if (!m) return INVALID;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  const hour = m[4] ? Number(m[4]) : 0;
  const minute = m[5] ? Number(m[5]) : 0;
  const second = m[6] ? Number(m[6]) : 0;
  if (!validParts(year, month, day, hour, minute, second)) return INVALID;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const wall = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  const zone = m[8];
  if (zone === 'Z') return wall;
  if (zone) {
    const o = offsetMinutes(zone, 0);
    return o === undefined ? INVALID : wall - o * 60_000;
  }
  if (timeZone === 'UTC') return wall;
  // Local wall time in the site zone: midnight of that day there, plus the time of day.
  return startOfLocalDay(year, month, day, timeZone) + (wall - daysFromCivil(year, month, day) * DAY_MS);
}

/** Parses a FHIR date/dateTime/instant to epoch ms (partial dates to their first instant); impossible ⇒ undefined. */
export function parseTime(x: unknown, timeZone = 'UTC'): number | undefined {
  const t = parseFhirTime(x, timeZone);
  return typeof t === 'number' ? t : undefined;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** YYYY-MM-DD (UTC) of an epoch-ms instant, as `new Date(ms).toISOString().slice(0, 10)` for years 0–9999. */
export function isoDate(ms: number): string {
  const [y, m, d] = civilFromDays(Math.floor(ms / DAY_MS));
  if (y < 0 || y > 9999) return new Date(ms).toISOString().slice(0, 10);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}
