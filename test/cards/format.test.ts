/** Numbers and dates on cards (§7, issue 21): never Infinity, NaN or exponent notation; dates in the site time zone. */
import fc from 'fast-check';
import { dayIn, grouped, iu, multiple, num, scientific } from '../../src/cards/format.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { NOW, alt, chb, data, patient } from '../../devkit/builders.js';

const printable = (s: string) => !/Infinity|NaN|\d[eE][+-]?\d/.test(s);

describe('format guards', () => {
  it('every formatter prints any double without Infinity, NaN or exponent notation', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        for (const f of [num, grouped, multiple, iu, scientific]) expect(printable(f(x))).toBe(true);
      }),
      { numRuns: 500 },
    );
    for (const x of [Infinity, -Infinity, NaN, 1e21, 1.7e308, 5e-324]) for (const f of [num, grouped, multiple, iu, scientific]) expect(printable(f(x))).toBe(true);
  });
  it('keeps the values of everyday numbers', () => {
    expect(num(17.1)).toBe('17.1');
    expect(num(40)).toBe('40');
    expect(multiple(10.03)).toBe('10.03×ULN');
    expect(multiple(9.96)).toBe('9.96×ULN');
    expect(multiple(4.2)).toBe('4.2×ULN');
    expect(iu(170000000)).toBe('1.7×10⁸ IU/mL');
    expect(iu(150000)).toBe('1.5×10⁵ IU/mL');
    expect(iu(196000)).toBe('1.96×10⁵ IU/mL');
    expect(iu(200000)).toBe('2.0×10⁵ IU/mL');
    expect(scientific(1_000_000)).toBe('1×10⁶');
    expect(grouped(171821)).toBe('171,821');
    expect(iu(1999.6)).toBe('1,999 IU/mL');
    expect(iu(1500)).toBe('1,500 IU/mL');
  });
  it('prints a calendar day in the site time zone', () => {
    const beijing0730 = Date.parse('2026-06-12T07:30:00+08:00');
    expect(dayIn(beijing0730, 'Asia/Shanghai')).toBe('2026-06-12');
    expect(dayIn(beijing0730, 'UTC')).toBe('2026-06-11');
  });
});

describe('cards print dates in config timeZone (§2)', () => {
  it('an ALT at 07:30 Beijing time is printed on its own day at a Chinese site, the day before at a UTC site', () => {
    const resources = [patient(), chb(), alt(168, 0, { effective: '2026-06-12T07:30:00+08:00' })];
    const detail = (timeZone: string) => createCardEngine({ ...DEFAULT_CLINICAL_CONFIG, timeZone }, 'en').evaluate('patient-view', { userId: 'u', patientId: 'p1' }, data(resources), NOW, 'en').cards[0]!.detail!;
    expect(detail('Asia/Shanghai')).toMatch(/\| ALT \| 168 U\/L \(4\.2×ULN, ULN 40\) \| 2026-06-12 \|/);
    expect(detail('UTC')).toMatch(/\| ALT \| 168 U\/L \(4\.2×ULN, ULN 40\) \| 2026-06-11 \|/);
  });
});
