/** (v3) clinical-rules.md §2: dates in the site time zone, calendar windows, impossible dates never shifted. */
import { calendarDay, isTimeZone, windowStart } from '../../src/fhir/calendar.js';
import { parseFhirTime, parseTime } from '../../src/fhir/time.js';

describe('impossible dates are invalid, never shifted', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-02-30T08:00:00Z', false],
    ['2026-04-31', false],
    ['2026-03-01T23:59:59Z', true],
    ['2026-03-01T24:00:00Z', false],
    ['2026-03-01T10:60:00Z', false],
    ['2026-03-01T10:00:00+14:00', true],
    ['2026-03-01T10:00:00-14:00', true],
    ['2026-03-01T10:00:00+14:01', false],
    ['2026-03-01T10:00:00-15:00', false],
    ['2026-03-01T10:00:00+05:60', false],
    ['2026-03-01T10:00:00.123+08:00', true],
    ['yesterday', false],
  ])('%s valid: %s', (text, valid) => {
    const t = parseFhirTime(text);
    if (valid) expect(typeof t).toBe('number');
    else {
      expect(t).toBe('invalid');
      expect(parseTime(text)).toBeUndefined();
    }
  });
  it('absent is not invalid', () => expect(parseFhirTime(undefined)).toBeUndefined());
  it('a date-only result is local midnight in the site zone', () => {
    expect(parseFhirTime('2026-03-05', 'Asia/Shanghai')).toBe(Date.UTC(2026, 2, 4, 16));
    expect(parseFhirTime('2026-03-05', 'UTC')).toBe(Date.UTC(2026, 2, 5));
    expect(parseFhirTime('2026-03-05T10:00:00', 'Asia/Shanghai')).toBe(Date.UTC(2026, 2, 5, 2));
  });
});

describe('calendarDay', () => {
  it('a result at 07:30 Beijing time is printed on its own day', () => {
    const t = Date.parse('2026-06-12T07:30:00+08:00');
    expect(calendarDay(t, 'Asia/Shanghai')).toBe('2026-06-12');
    expect(calendarDay(t, 'UTC')).toBe('2026-06-11');
  });
  it('New York evening is still that day there', () => {
    expect(calendarDay(Date.parse('2026-01-10T03:00:00Z'), 'America/New_York')).toBe('2026-01-09');
  });
});

describe('windowStart', () => {
  const shanghai = 'Asia/Shanghai';
  it('days: local midnight of today − N in the zone', () => {
    const now = Date.parse('2026-06-12T07:30:00+08:00');
    expect(windowStart(now, 7, 'days', shanghai)).toBe(Date.parse('2026-06-05T00:00:00+08:00'));
    expect(windowStart(now, 7, 'days', 'UTC')).toBe(Date.parse('2026-06-04T00:00:00Z'));
  });
  it('weeks of 7 days', () => {
    const now = Date.parse('2026-06-12T12:00:00Z');
    expect(windowStart(now, 2, 'weeks', 'UTC')).toBe(Date.parse('2026-05-29T00:00:00Z'));
  });
  it('calendar months, clamped to the month end: Mar 31 − 1 month = Feb 28 (Feb 29 in a leap year)', () => {
    expect(windowStart(Date.parse('2026-03-31T12:00:00Z'), 1, 'months', 'UTC')).toBe(Date.parse('2026-02-28T00:00:00Z'));
    expect(windowStart(Date.parse('2024-03-31T12:00:00Z'), 1, 'months', 'UTC')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(windowStart(Date.parse('2026-03-15T12:00:00Z'), 12, 'months', 'UTC')).toBe(Date.parse('2025-03-15T00:00:00Z'));
    expect(windowStart(Date.parse('2026-01-31T12:00:00Z'), 3, 'months', shanghai)).toBe(Date.parse('2025-10-31T00:00:00+08:00'));
  });
  it('a result on the boundary day counts, the day before does not', () => {
    const now = Date.parse('2026-06-12T07:30:00+08:00');
    const start = windowStart(now, 7, 'days', shanghai);
    expect(Date.parse('2026-06-05T00:00:00+08:00') >= start).toBe(true);
    expect(Date.parse('2026-06-04T23:59:59+08:00') >= start).toBe(false);
  });
  it('across a DST change the start is still local midnight', () => {
    const now = Date.parse('2026-03-10T12:00:00-04:00');
    expect(windowStart(now, 3, 'days', 'America/New_York')).toBe(Date.parse('2026-03-07T00:00:00-05:00'));
  });
});

describe('isTimeZone', () => {
  it('knows IANA names, refuses others', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
