/** FHIR dates and instants as epoch ms, and the calendar arithmetic the rules use. */
import { str } from './json.js';

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

/**
 * Fast path for the common instant forms `YYYY-MM-DDTHH:MM:SS[.fff]Z` and `…±HH:MM` (every result of every
 * request goes through here; Date.parse was the engine's costliest line). Anything else: undefined.
 */
function parseInstantFast(s: string): number | undefined {
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
    for (i++; i < s.length && digit(s, i) >= 0; i++) {
      ms += digit(s, i) * scale;
      scale /= 10;
    }
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 && i === s.length - 1) offset = 0;
  else if ((z === 43 || z === 45) && i === s.length - 6 && s.charCodeAt(i + 3) === 58) offset = (z === 45 ? -1 : 1) * (num2(s, i + 1) * 60 + num2(s, i + 4));
  else return undefined;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60)) return undefined;
  if (!Number.isFinite(year)) return undefined;
  // Date.UTC rolls an impossible day over (02-30 → 03-02); so does daysFromCivil.
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(ms) - offset * 60_000;
}

/** Parses a FHIR date/dateTime/instant to epoch ms (partial dates to their first instant). */
export function parseTime(x: unknown): number | undefined {
  const s = str(x);
  if (s !== undefined) {
    const fast = parseInstantFast(s);
    if (fast !== undefined) return fast;
  }
  if (!s || !/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}.*)?)?)?$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** YYYY-MM-DD (UTC) of an epoch-ms instant, as `new Date(ms).toISOString().slice(0, 10)` for years 0–9999. */
export function isoDate(ms: number): string {
  const [y, m, d] = civilFromDays(Math.floor(ms / DAY_MS));
  if (y < 0 || y > 9999) return new Date(ms).toISOString().slice(0, 10);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}
