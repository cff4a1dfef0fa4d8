/** Number and date formatting for card text: every number a message prints passes through here. */
import { calendarDay } from '../fhir/calendar.js';

/** What a card prints for a number that is not finite (never "Infinity", "NaN"). */
export const UNPRINTABLE = '?';

/** A number with at most `digits` decimals, trailing zeros trimmed: 17.1, 40, 0.25. */
export function num(n: number, digits = 1): string {
  // A card never prints Infinity, NaN or exponent notation (§7): a non-finite number is "unknown" to the reader.
  if (!Number.isFinite(n)) return UNPRINTABLE;
  if (Math.abs(n) >= 1e15) return scientific(n);
  // Integers print as they are (the common case: 168 U/L, 40); toFixed then trimming gives the same string.
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A measurement with at least `min` and at most `max` decimals: INR 1.0 (not "1"), LSM 9.0 kPa (the 9.0 boundary
 * reads as 9.0), APRI 2.30.
 */
export function fixed(n: number, min: number, max = min): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return num(n);
  const s = n.toFixed(max);
  const [whole, frac = ''] = s.split('.');
  const trimmed = frac.replace(/0+$/, '').padEnd(min, '0');
  return trimmed ? `${whole}.${trimmed}` : whole!;
}

/** Thousands separated integer: 171,821. */
export function grouped(n: number): string {
  if (!Number.isFinite(n)) return UNPRINTABLE;
  if (Math.abs(n) >= 1e15) return scientific(n);
  // Not toLocaleString: Intl is slow on this hot path, and the separator is fixed by the rules' own texts.
  return String(Math.floor(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "4.2×ULN"; one decimal, or two where one would round onto a band edge it is not on (1.0, 2.0, 10.0). */
export function multiple(m: number): string {
  if (!Number.isFinite(m) || Math.abs(m) >= 1e15) return `${num(m)}×ULN`;
  const one = m.toFixed(1);
  if (['1.0', '2.0', '10.0'].includes(one) && Number(one) !== m) return `${m.toFixed(2)}×ULN`;
  return `${one}×ULN`;
}

/** IU/mL in scientific notation for large values: "3.1×10⁵ IU/mL". */
export function iu(value: number): string {
  if (!Number.isFinite(value)) return `${UNPRINTABLE} IU/mL`;
  if (value < 10_000) return `${value >= 1000 ? grouped(value) : num(value, value < 10 ? 2 : 0)} IU/mL`;
  let exp = Math.floor(Math.log10(value));
  const exact = value / 10 ** exp;
  // One decimal ("1.5×10⁵"), or two where one would round the value onto another (1.96×10⁵ is not 2.0×10⁵, the
  // pregnancy threshold): the card never shows a value on the other side of a threshold.
  let digits = Math.abs(Number(exact.toFixed(1)) - exact) < 1e-9 * exact ? 1 : 2;
  let mantissa = Number(exact.toFixed(digits));
  if (mantissa >= 10) [mantissa, exp, digits] = [mantissa / 10, exp + 1, 1];
  return `${digits === 1 ? mantissa.toFixed(1) : num(mantissa, 2)}×10${superscript(exp)} IU/mL`;
}

/** A large count in scientific notation: 1000000 → "1×10⁶", 2500000 → "2.5×10⁶"; small ones grouped. */
export function scientific(value: number): string {
  if (!Number.isFinite(value)) return UNPRINTABLE;
  if (Math.abs(value) < 10_000) return grouped(value);
  const sign = value < 0 ? '-' : '';
  let exp = Math.floor(Math.log10(Math.abs(value)));
  let mantissa = Number((Math.abs(value) / 10 ** exp).toFixed(2));
  if (mantissa >= 10) [mantissa, exp] = [mantissa / 10, exp + 1];
  return `${sign}${num(mantissa, 2)}×10${superscript(exp)}`;
}

export function superscript(n: number): string {
  return String(n).replace('-', '⁻').replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
}

/** YYYY-MM-DD of an instant in the site time zone (§2: dates on cards use the site time zone, config `timeZone`). */
export function dayIn(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return UNPRINTABLE;
  return calendarDay(ms, timeZone);
}

/** A percentage from a fraction: 0.8 → "80 %"-style number "80". */
export function percent(fraction: number): string {
  return num(fraction * 100, 0);
}
