/**
 * Fixture dates are written relative to a pinned evaluation date (EVALUATION_DATE). Tools that run against
 * today's clock shift every date of a resource by whole days, so a fixture tells the same story on any day.
 */
import { DAY_MS } from '../src/fhir/time.js';

export const EVALUATION_DATE = '2026-06-15T12:00:00.000Z';

const DATE_KEYS = /(DateTime|Instant|Date|^date|^start|^end|^issued|^recordedDate|^authoredOn|^lastUpdated)$/;

/** A calendar date that exists (Date.parse would roll 2026-04-31 over to May 1). */
function realDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function shiftValue(value: string, days: number): string {
  // An impossible date stays as written: a fixture may carry one on purpose, to be passed over (rules v3 §2).
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !realDate(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const t = Date.parse(value);
    return Number.isFinite(t) ? new Date(t + days * DAY_MS).toISOString() : value;
  }
  return value;
}

/** A deep copy of `x` with every date/dateTime/instant moved by `days` whole days. */
export function shiftDates<T>(x: T, days: number): T {
  if (days === 0) return structuredClone(x);
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return DATE_KEYS.test(key) ? shiftValue(v, days) : v;
    if (Array.isArray(v)) return v.map((e) => walk(e, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, walk(e, k)]));
    return v;
  };
  return walk(x, '') as T;
}

/** Whole days from the pinned evaluation date to `now` (UTC). */
export function daysSinceEvaluationDate(now: Date): number {
  return Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - Date.parse(EVALUATION_DATE.slice(0, 10))) / DAY_MS);
}
