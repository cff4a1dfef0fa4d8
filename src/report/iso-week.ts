/** ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday), in UTC, from a YYYY-MM-DD day. */
import { DAY_MS, isoDate } from '../fhir/time.js';

export interface IsoWeek {
  /** e.g. `2026-W24` */
  week: string;
  /** The week's Monday, YYYY-MM-DD. */
  start: string;
}

export function isoWeek(day: string): IsoWeek {
  const t = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = t - weekday * DAY_MS;
  const thursday = monday + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { week: `${year}-W${String(week).padStart(2, '0')}`, start: isoDate(monday) };
}
