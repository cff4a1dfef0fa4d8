/** fhir/time: the arithmetic calendar agrees with Date on every form the engine reads and every day it prints. */
import { parseFhirTime, DAY_MS, isoDate, parseTime } from '../../src/fhir/time.js';

/** A deterministic spread of instants, 1600–2400, with odd milliseconds (no Math.random: reproducible). */
const instants = Array.from({ length: 5000 }, (_, i) => Math.round(Date.UTC(1600, 0, 1) + ((i * 2_654_435_761) % 800) * 365.2425 * DAY_MS + ((i * 40_503) % DAY_MS)));

describe('isoDate', () => {
  it('is Date#toISOString().slice(0, 10) for 5,000 instants over 800 years, leap days included', () => {
    for (const ms of [...instants, Date.UTC(2000, 1, 29), Date.UTC(1900, 1, 28, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 0, 0, 0, 0) - 1, 0, -1]) {
      expect(isoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });
});

describe('parseTime fast path', () => {
  it('is Date.parse for Z, offset and fractional forms', () => {
    for (const ms of instants) {
      const iso = new Date(ms).toISOString();
      expect(parseTime(iso)).toBe(ms);
      expect(parseTime(iso.replace('Z', '+08:00'))).toBe(Date.parse(iso.replace('Z', '+08:00')));
      expect(parseTime(iso.replace(/\.\d{3}Z$/, '-05:30'))).toBe(Date.parse(iso.replace(/\.\d{3}Z$/, '-05:30')));
    }
  });
  it('(v3) never rolls an impossible time over (hour 24 is invalid); a leap second 60 is FHIR-valid; refuses impossible months', () => {
    expect(parseTime('2026-03-01T24:00:00Z')).toBeUndefined();
    expect(parseFhirTime('2026-03-01T24:00:00Z')).toBe('invalid');
    expect(parseTime('2026-03-01T23:59:60Z')).toBe(Date.UTC(2026, 2, 2));
    expect(parseTime('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(parseTime('2026-00-01T00:00:00Z')).toBeUndefined();
    expect(parseTime('20x6-03-01T00:00:00Z')).toBeUndefined();
  });
  it('reads partial dates through the slow path', () => {
    expect(parseTime('2026-03')).toBe(Date.UTC(2026, 2, 1));
    expect(parseTime('2026')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTime('2026-03-04')).toBe(Date.UTC(2026, 2, 4));
  });
});
