/**
 * (v3) Calendar days in the site time zone (clinical-rules.md §2 "Units, codes, time zone"): dates on cards and
 * the anchors of "within N days" / "N months before now" are calendar dates there, not UTC instants. Uses `Intl`
 * (the IANA database of the runtime), so it runs the same in Node and in the SMART app.
 */

const DAY_MS = 86_400_000;

/** One formatter per zone: building an Intl.DateTimeFormat is costly, formatting is not. Zones are config, few. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    if (formatters.size < 64) formatters.set(timeZone, f);
  }
  return f;
}

/** Is `timeZone` an IANA zone name the runtime knows? (Config validation at load.) */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** Local wall-clock ms since local midnight. */
  msOfDay: number;
}

function localParts(instant: number, timeZone: string): LocalParts {
  if (timeZone === 'UTC') {
    const d = new Date(instant);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), msOfDay: instant - Math.floor(instant / DAY_MS) * DAY_MS };
  }
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'second') second = Number(p.value);
    else if (p.type === 'era') bc = p.value === 'BC' || p.value === 'B';
  }
  if (bc) year = 1 - year;
  const ms = ((instant % 1000) + 1000) % 1000;
  return { year, month, day, msOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + ms };
}

/** The zone's offset from UTC at `instant`, in ms (local = UTC + offset). */
export function zoneOffset(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const p = localParts(instant, timeZone);
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  return d.getTime() + p.msOfDay - instant;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function ymd(year: number, month: number, day: number): string {
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month)}-${pad(day)}`;
}

/** `YYYY-MM-DD` of `instant` in `timeZone`: a result at 07:30 Beijing time is printed on its own day. */
export function calendarDay(instant: number, timeZone: string): string {
  if (timeZone === 'UTC') {
    // The same fields localParts reads for UTC, without its object: this runs several times per result.
    const d = new Date(instant);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const p = localParts(instant, timeZone);
  return ymd(p.year, p.month, p.day);
}

/** Days in a (proleptic Gregorian) month. */
export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/**
 * The instant local midnight starts the calendar day year-month-day in `timeZone` (where a DST change skips
 * midnight, the first instant of that day).
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  if (timeZone === 'UTC') return utcMidnightOf(year, month, day);
  // Date-only results repeat their days: Intl is ~40 µs a call, a Map lookup far less. Bounded (record data).
  const key = `${timeZone}|${year}|${month}|${day}`;
  const hit = dayStarts.get(key);
  if (hit !== undefined) return hit;
  const start = computeStartOfLocalDay(year, month, day, timeZone);
  if (dayStarts.size >= 4096) dayStarts.delete(dayStarts.keys().next().value as string);
  dayStarts.set(key, start);
  return start;
}

const dayStarts = new Map<string, number>();

function utcMidnightOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function computeStartOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  const utcMidnight = d.getTime();
  if (timeZone === 'UTC') return utcMidnight;
  // Two passes settle the offset (it may differ between the guess and the answer across a DST change).
  let guess = utcMidnight - zoneOffset(utcMidnight, timeZone);
  guess = utcMidnight - zoneOffset(guess, timeZone);
  // A skipped midnight lands on the previous day's evening: step to the first instant of the wanted day.
  const target = ymd(year, month, day);
  if (calendarDay(guess, timeZone) < target) {
    const off = zoneOffset(guess + 3 * 3_600_000, timeZone);
    guess = utcMidnight - off;
  }
  return guess;
}

/**
 * The instant of local midnight starting the calendar day `today − amount` in `timeZone`, where today is the
 * calendar day of `now` there (§2: "≤N days before now" = on or after today − N; weeks of 7 days; calendar
 * months, the day clamped to the month's end: Mar 31 − 1 month = Feb 28/29). A result dated at or after it
 * is "≤ amount before now".
 */
export function windowStart(now: number, amount: number, unit: 'days' | 'weeks' | 'months', timeZone: string): number {
  // Rules ask the same few windows of the same `now` once per result (filters over a history): the last few
  // answers are kept, compared field by field (no key built). Pure, so a hit is the computed value.
  for (let i = 0; i < recentWindows.length; i++) {
    const w = recentWindows[i]!;
    if (w.now === now && w.amount === amount && w.unit === unit && w.timeZone === timeZone) return w.start;
  }
  const start = computeWindowStart(now, amount, unit, timeZone);
  recentWindows[nextWindowSlot] = { now, amount, unit, timeZone, start };
  nextWindowSlot = (nextWindowSlot + 1) % RECENT_WINDOWS;
  return start;
}

const RECENT_WINDOWS = 16;
const recentWindows: { now: number; amount: number; unit: string; timeZone: string; start: number }[] = [];
let nextWindowSlot = 0;

function computeWindowStart(now: number, amount: number, unit: 'days' | 'weeks' | 'months', timeZone: string): number {
  const p = localParts(now, timeZone);
  let { year, month, day } = p;
  if (unit === 'months') {
    const total = year * 12 + (month - 1) - amount;
    year = Math.floor(total / 12);
    month = total - year * 12 + 1;
    day = Math.min(day, daysInMonth(year, month));
  } else {
    const days = unit === 'weeks' ? amount * 7 : amount;
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day - days);
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  return startOfLocalDay(year, month, day, timeZone);
}
