/** FHIR dates and instants as epoch ms, and the calendar arithmetic the rules use. */
import { str } from './json.js';

/** One day in ms: every "N days" of the clinical rules is N × DAY_MS. */
export const DAY_MS = 86_400_000;


export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
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
  const t = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(ms)) - offset * 60_000;
  return Number.isFinite(t) ? t : undefined;
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

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
