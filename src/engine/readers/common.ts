/**
 * What every §2 reader shares: which results count at all, the code index, newest-first order, the value and
 * its unit (valueQuantity or (v3) a valueString "150 U/L"), plausible bounds and the lab's reference range by
 * sex and age. Results that cannot be read are passed over with a reason code and their raw text, never guessed.
 */
import type { ClinicalConfig, CodeRef } from '../config.js';
import { arr, isObject, num, str, type Json } from '../../fhir/json.js';
import { codings, normSystem, quantityUnit, someCoding } from '../../fhir/coding.js';
import { effectiveTimeChecked, ref } from '../../fhir/resource.js';
import { DAY_MS, calendarDay } from '../../fhir/time.js';
import type { InputKind, PassedOver, PassReason, Sex } from '../types.js';

/** Collects the results passed over (§7). */
export type PassedOverList = PassedOver[];

export interface PassExtra {
  unit?: string;
  time?: number;
  /** The value as written (v3: shown on the card). */
  raw?: string;
  /** The site time zone the date is printed in. */
  timeZone?: string;
}

export function passOver(list: PassedOverList, obs: Json, input: InputKind, reason: PassReason, extra: PassExtra = {}): void {
  const p: PassedOver = { source: ref(obs), input, reason };
  if (extra.unit !== undefined) p.unit = extra.unit;
  if (extra.time !== undefined) {
    p.date = calendarDay(extra.time, extra.timeZone ?? 'UTC');
    p.time = extra.time;
  }
  if (extra.raw !== undefined) p.raw = extra.raw;
  list.push(p);
}

/**
 * §2: entered-in-error/cancelled are passed over; no effective[x] ⇒ passed over; (v3) an impossible date ⇒
 * passed over as `invalid-date` with its text; later than now ⇒ not yet real. Returns the result's time when
 * it counts. Date-only results are read in the site time zone.
 */
export function usable(obs: Json, input: InputKind, now: number, passed: PassedOverList, timeZone = 'UTC'): number | undefined {
  const status = str(obs.status);
  if (status === 'entered-in-error' || status === 'cancelled') {
    passOver(passed, obs, input, 'entered-in-error');
    return undefined;
  }
  const { time, text } = effectiveTimeChecked(obs, timeZone);
  if (time === 'invalid') {
    passOver(passed, obs, input, 'invalid-date', text !== undefined ? { raw: text } : {});
    return undefined;
  }
  if (time === undefined) {
    passOver(passed, obs, input, 'no-date');
    return undefined;
  }
  // A result dated more than a day after the evaluation date cannot be known "now" (clock or data error).
  if (time > now + DAY_MS) {
    passOver(passed, obs, input, 'after-evaluation-date', { time, timeZone });
    return undefined;
  }
  return time;
}

/** Observations by `system|code`, built once per observation list: every reader looks up, none scans. */
const codeIndex = new WeakMap<Json[], Map<string, Json[]>>();

function indexOf(observations: Json[]): Map<string, Json[]> {
  let index = codeIndex.get(observations);
  if (!index) {
    index = new Map();
    for (const o of observations) {
      const code = o.code;
      if (!isObject(code)) continue;
      for (const c of arr(code.coding)) {
        if (!isObject(c) || typeof c.code !== 'string') continue;
        const key = `${normSystem(str(c.system)) ?? ''}|${c.code}`;
        const list = index.get(key);
        if (!list) index.set(key, [o]);
        else if (list[list.length - 1] !== o) list.push(o); // the same code twice on one result counts once
      }
    }
    codeIndex.set(observations, index);
  }
  return index;
}

/** The Observations carrying any of `codes` (system and code), each once, in record order. */
export function observationsWithCodes(observations: Json[], codes: readonly CodeRef[]): Json[] {
  const index = indexOf(observations);
  if (codes.length === 1) return index.get(lookupKey(codes[0]!)) ?? [];
  const out = new Set<Json>();
  for (const c of codes) for (const o of index.get(lookupKey(c)) ?? []) out.add(o);
  return [...out];
}

/** The index key of a configured code, built once per code object (config codes live as long as the config). */
const lookupKeys = new WeakMap<CodeRef, string>();
function lookupKey(c: CodeRef): string {
  let key = lookupKeys.get(c);
  if (key === undefined) lookupKeys.set(c, (key = `${normSystem(c.system)}|${c.code}`));
  return key;
}

/** Does the Observation carry one of `codes`? */
export function hasAnyCode(obs: Json, codes: readonly CodeRef[]): boolean {
  return someCoding(obs.code, (system, code) => codes.some((c) => code === c.code && system === normSystem(c.system)));
}

export function newestFirst<T extends { time: number }>(xs: T[]): T[] {
  return xs.sort((a, b) => b.time - a.time);
}

export function quantity(obs: Json): Json | undefined {
  return isObject(obs.valueQuantity) ? obs.valueQuantity : undefined;
}

/** A number as read from the record, with its comparator and unit (UCUM code, else unit text). */
export interface RecordValue {
  value: number;
  comparator?: '<' | '<=' | '>' | '>=';
  unit?: string;
  /** As written: "<20 IU/mL", "150 U/L". */
  raw: string;
}

export type ValueRead = { ok: true; v: RecordValue } | { ok: false; reason: PassReason; raw?: string };

const VALUE_STRING = /^\s*(<=|>=|<|>|≤|≥|＜|＞)?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/;
/** Maps, not objects: keys come from the record ("__proto__" is just text that matches nothing). */
const COMPARATOR = new Map<string, NonNullable<RecordValue['comparator']>>([
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['≤', '<='],
  ['≥', '>='],
  // Full-width forms, as Chinese lab systems write them.
  ['＜', '<'],
  ['＞', '>'],
]);

/** Bounded record text for a card. */
export function rawOf(text: string): string {
  return text.length > 64 ? `${text.slice(0, 63)}…` : text;
}

/**
 * The numeric value of a result: `valueQuantity` (value, comparator, unit), or (v3 §2) a `valueString` of
 * comparator + value + unit ("150 U/L", "<20 IU/mL"); a bare number has no unit (`no-unit`), other text is
 * `unreadable`; no value at all is `no-value`. A quantity without a unit: `no-unit`. Non-finite: implausible.
 */
export function readValue(obs: Json): ValueRead {
  const q = quantity(obs);
  if (q) {
    const v = q.value;
    const unit = quantityUnit(q);
    const comparator = COMPARATOR.get(str(q.comparator) ?? '');
    const raw = rawOf(`${comparator ?? ''}${typeof v === 'number' || typeof v === 'string' ? String(v) : ''}${unit ? ` ${unit}` : ''}`);
    if (typeof v !== 'number') return { ok: false, reason: v === undefined ? 'no-value' : 'unreadable', raw };
    if (!Number.isFinite(v) || v < 0) return { ok: false, reason: 'implausible-value', raw };
    if (!unit) return { ok: false, reason: 'no-unit', raw };
    return { ok: true, v: comparator ? { value: v, comparator, unit, raw } : { value: v, unit, raw } };
  }
  const s = str(obs.valueString);
  if (s !== undefined) {
    const raw = rawOf(s.trim());
    const m = s.length <= 80 ? VALUE_STRING.exec(s) : null;
    if (!m) return { ok: false, reason: 'unreadable', raw };
    const value = Number(m[2]);
    if (!Number.isFinite(value) || value < 0) return { ok: false, reason: 'implausible-value', raw };
    const unit = m[3] ?? '';
    if (unit === '') return { ok: false, reason: 'no-unit', raw };
    const comparator = m[1] ? COMPARATOR.get(m[1]) : undefined;
    return { ok: true, v: comparator ? { value, comparator, unit, raw } : { value, unit, raw } };
  }
  return { ok: false, reason: 'no-value' };
}

/** Within the site's plausible bounds [min, max]? NaN and infinities never are. */
export function plausible(value: number, bounds: readonly number[]): boolean {
  return Number.isFinite(value) && value >= (bounds[0] ?? 0) && value <= (bounds[1] ?? Infinity);
}

/** Who the patient is, for reference ranges: sex and whole years of age (undefined when not known exactly). */
export interface RangeSubject {
  sex: Sex;
  ageYears?: number;
}

const GENDER_CODES = new Map<string, 'male' | 'female'>([
  ['male', 'male'],
  ['female', 'female'],
  ['248153007', 'male'],
  ['248152002', 'female'],
]);

/** Does one referenceRange criterion set match the subject? Returns the number of criteria, or -1 when not. */
function criteriaMatched(range: Json, subject: RangeSubject): number {
  let n = 0;
  const appliesTo = arr(range.appliesTo).filter(isObject);
  if (appliesTo.length > 0) {
    for (const concept of appliesTo) {
      const sexes = codings(concept)
        .map((c) => (c.code !== undefined ? GENDER_CODES.get(c.code) : undefined))
        .filter((x): x is 'male' | 'female' => x !== undefined);
      // A criterion the rules cannot read (not a sex) cannot be shown to match.
      if (sexes.length === 0 || !sexes.includes(subject.sex as 'male' | 'female')) return -1;
      n++;
    }
  }
  if (isObject(range.age)) {
    if (subject.ageYears === undefined) return -1;
    const low = isObject(range.age.low) ? range.age.low : undefined;
    const high = isObject(range.age.high) ? range.age.high : undefined;
    for (const bound of [low, high]) {
      if (!bound) continue;
      const unit = str(bound.code) ?? str(bound.unit);
      if (unit !== undefined && !/^(a|yr|yrs|years?)$/i.test(unit)) return -1;
    }
    const lo = low ? num(low.value) : undefined;
    const hi = high ? num(high.value) : undefined;
    if (lo === undefined && hi === undefined) return -1;
    if ((lo !== undefined && subject.ageYears < lo) || (hi !== undefined && subject.ageYears > hi)) return -1;
    n++;
  }
  return n;
}

/**
 * §2 (v3) the referenceRange entry that applies: among entries `usableEntry` accepts, those whose criteria all
 * match the patient (appliesTo sex, age in years), most criteria first, then list order; else the first entry
 * with neither criterion.
 */
export function applicableRange(obs: Json, subject: RangeSubject, usableEntry: (range: Json) => boolean): Json | undefined {
  let best: Json | undefined;
  let bestCount = -1;
  for (const range of arr(obs.referenceRange)) {
    if (!isObject(range) || !usableEntry(range)) continue;
    const count = criteriaMatched(range, subject);
    if (count > bestCount) {
      best = range;
      bestCount = count;
    }
  }
  return best;
}

/** The unit text of a referenceRange bound: its own, else the result's. */
export function boundUnit(bound: Json, resultUnit: string | undefined): string | undefined {
  return quantityUnit(bound) ?? resultUnit;
}

/** §2 site default by sex: male/female values; other or unknown ⇒ the lower. */
export function defaultBySex(values: { male: number; female: number }, sex: Sex): number {
  if (sex === 'male') return values.male;
  if (sex === 'female') return values.female;
  return Math.min(values.male, values.female);
}

/** Round away float noise so that 80/40 is exactly 2 and boundaries compare as written. */
export const ratio = (a: number, b: number): number => Math.round((a / b) * 1e9) / 1e9;

export function within(time: number, now: number, days: number): boolean {
  return now - time <= days * DAY_MS;
}

/** A numeric result as `readNumbers` reads it: converted to the input's unit, plausible. */
export interface NumberRead {
  obs: Json;
  source: string;
  time: number;
  value: number;
  unit: string | undefined;
  raw: string;
  comparator?: string;
}

/**
 * One numeric reader: value (quantity or value string) → the input's unit by `convert` → plausible bounds.
 * Shared by the readers whose result is one number in one unit (counts, INR, PT, TSH, liver stiffness).
 */
export function readNumbers(
  observations: Json[],
  codes: readonly CodeRef[],
  input: InputKind,
  convert: (value: number, unit: string | undefined) => number | undefined,
  bounds: readonly number[],
  config: ClinicalConfig,
  now: number,
  passed: PassedOverList,
  unitOptional = false,
): NumberRead[] {
  const tz = config.timeZone;
  const out: NumberRead[] = [];
  for (const obs of observationsWithCodes(observations, codes)) {
    const time = usable(obs, input, now, passed, tz);
    if (time === undefined) continue;
    let read = readValue(obs);
    // A ratio (INR) has no unit: a bare quantity is its value.
    if (!read.ok && read.reason === 'no-unit' && unitOptional && obs.valueQuantity !== undefined) {
      const v = (obs.valueQuantity as Json).value as number;
      read = { ok: true, v: { value: v, raw: String(v) } };
    }
    if (!read.ok) {
      passOver(passed, obs, input, read.reason, { time, timeZone: tz, ...(read.raw !== undefined ? { raw: read.raw } : {}) });
      continue;
    }
    const { unit, raw } = read.v;
    const value = convert(read.v.value, unit);
    if (value === undefined) {
      passOver(passed, obs, input, 'unknown-unit', { unit: unit ?? '', time, raw, timeZone: tz });
      continue;
    }
    if (!plausible(value, bounds)) {
      passOver(passed, obs, input, 'implausible-value', { time, raw, timeZone: tz });
      continue;
    }
    out.push(read.v.comparator ? { obs, source: ref(obs), time, value, unit, raw, comparator: read.v.comparator } : { obs, source: ref(obs), time, value, unit, raw });
  }
  return newestFirst(out);
}


export type { ClinicalConfig };
