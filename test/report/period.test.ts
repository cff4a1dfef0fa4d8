/** ISO weeks at the year's edges, and the period parser on both sides of each rule. */
import { isoWeek } from '../../src/report/iso-week.js';
import { parseInstant, parsePeriod, PeriodError } from '../../src/report/period.js';

describe('isoWeek', () => {
  it.each([
    ['2026-06-15', '2026-W25', '2026-06-15'], // a Monday
    ['2026-06-21', '2026-W25', '2026-06-15'], // its Sunday
    ['2026-06-22', '2026-W26', '2026-06-22'],
    ['2027-01-01', '2026-W53', '2026-12-28'], // a Friday: still the last week of 2026 (2026 has 53 weeks)
    ['2026-01-01', '2026-W01', '2025-12-29'], // a Thursday: week 1 of its own year
    ['2024-12-30', '2025-W01', '2024-12-30'], // a Monday in December that starts week 1 of the next year
    ['2021-01-03', '2020-W53', '2020-12-28'],
  ])('%s is in %s (from %s)', (day, week, start) => {
    expect(isoWeek(day)).toEqual({ week, start });
  });
});

describe('report period', () => {
  it('a date is midnight UTC; a date-time needs a zone', () => {
    expect(parseInstant('since', '2026-06-01')?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(parseInstant('since', '2026-06-01T08:00:00+08:00')?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(parseInstant('since', undefined)).toBeUndefined();
    for (const bad of ['2026-06-01T08:00:00', '2026-6-1', '2026-02-29', '2026-13-01', 'yesterday', '1717200000']) {
      expect(() => parseInstant('since', bad)).toThrow(PeriodError);
    }
    expect(parseInstant('until', '2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('since must be before until', () => {
    expect(parsePeriod('2026-06-01', '2026-06-02')).toEqual({ since: new Date('2026-06-01T00:00:00Z'), until: new Date('2026-06-02T00:00:00Z') });
    expect(() => parsePeriod('2026-06-02', '2026-06-02')).toThrow(/must be before until/);
  });
});
