import { calendarDay } from '../../fhir/calendar.js';

/**
 * §2 age: whole years on the evaluation date (v3: the calendar day of now in the site time zone); a partial
 * birthDate gives the range it allows.
 */
export function ageRange(birthDate: string | undefined, now: number, timeZone: string): { min: number; max: number } | undefined {
  if (!birthDate) return undefined;
  // Every reader with reference ranges asks this of the same patient and `now`: the last answers are kept (pure),
  // and each caller gets its own object.
  for (const r of recentAges) if (r.birthDate === birthDate && r.now === now && r.timeZone === timeZone) return r.range && { ...r.range };
  const range = computeAgeRange(birthDate, now, timeZone);
  recentAges[nextAgeSlot] = { birthDate, now, timeZone, range: range && { ...range } };
  nextAgeSlot = (nextAgeSlot + 1) % 4;
  return range;
}

const recentAges: { birthDate: string; now: number; timeZone: string; range: { min: number; max: number } | undefined }[] = [];
let nextAgeSlot = 0;

function computeAgeRange(birthDate: string, now: number, timeZone: string): { min: number; max: number } | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate);
  if (!m) return undefined;
  const [ny, nm, nd] = calendarDay(now, timeZone).split('-').map(Number) as [number, number, number];
  const age = (y: number, mo: number, da: number): number => ny - y - (nm < mo || (nm === mo && nd < da) ? 1 : 0);
  const y = Number(m[1]);
  if (m[3]) {
    const a = age(y, Number(m[2]), Number(m[3]));
    return a >= 0 ? { min: a, max: a } : undefined;
  }
  if (m[2]) {
    const mo = Number(m[2]);
    const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return { min: age(y, mo, lastDay), max: age(y, mo, 1) };
  }
  return { min: age(y, 12, 31), max: age(y, 1, 1) };
}
