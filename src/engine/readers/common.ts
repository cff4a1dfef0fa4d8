/**
 * What every §2 reader shares: which results count at all, the LOINC index, newest-first order and the
 * lab's ULN. Results that cannot be read are passed over with a reason code, never guessed.
 */
import type { ClinicalConfig } from '../config.js';
import { SYSTEM } from '../../fhir/systems.js';
import { arr, isObject, num, str, type Json } from '../../fhir/json.js';
import { normSystem, quantityUnit } from '../../fhir/coding.js';
import { effectiveTime, ref } from '../../fhir/resource.js';
import { DAY_MS, isoDate } from '../../fhir/time.js';
import type { InputKind, PassedOver, PassReason } from '../types.js';

/** Collects the results passed over (§7). */
export type PassedOverList = PassedOver[];

export function passOver(list: PassedOverList, obs: Json, input: InputKind, reason: PassReason, extra: { unit?: string; time?: number } = {}): void {
  const p: PassedOver = { source: ref(obs), input, reason };
  if (extra.unit !== undefined) p.unit = extra.unit;
  if (extra.time !== undefined) p.date = isoDate(extra.time);
  list.push(p);
}

/**
 * §2: entered-in-error/cancelled are passed over; no effective[x] ⇒ passed over; later than now ⇒ not yet real.
 * Returns the result's time when it counts.
 */
export function usable(obs: Json, input: InputKind, now: number, passed: PassedOverList): number | undefined {
  const status = str(obs.status);
  if (status === 'entered-in-error' || status === 'cancelled') {
    passOver(passed, obs, input, 'entered-in-error');
    return undefined;
  }
  const t = effectiveTime(obs);
  if (t === undefined) {
    passOver(passed, obs, input, 'no-date');
    return undefined;
  }
  // A result dated more than a day after the evaluation date cannot be known "now" (clock or data error).
  if (t > now + DAY_MS) {
    passOver(passed, obs, input, 'after-evaluation-date', { time: t });
    return undefined;
  }
  return t;
}

/** Observations by LOINC code, built once per observation list: every reader looks up, none scans. */
const loincIndex = new WeakMap<Json[], Map<string, Json[]>>();

export function observationsWithLoinc(observations: Json[], codes: readonly string[]): Json[] {
  let index = loincIndex.get(observations);
  if (!index) {
    index = new Map();
    for (const o of observations) {
      const code = o.code;
      if (!isObject(code)) continue;
      for (const c of arr(code.coding)) {
        if (!isObject(c) || typeof c.code !== 'string' || normSystem(str(c.system)) !== SYSTEM.loinc) continue;
        const list = index.get(c.code);
        if (!list) index.set(c.code, [o]);
        else if (list[list.length - 1] !== o) list.push(o); // the same code twice on one result counts once
      }
    }
    loincIndex.set(observations, index);
  }
  if (codes.length === 1) return index.get(codes[0]!) ?? [];
  const out = new Set<Json>();
  for (const code of codes) for (const o of index.get(code) ?? []) out.add(o);
  return [...out];
}

export function newestFirst<T extends { time: number }>(xs: T[]): T[] {
  return xs.sort((a, b) => b.time - a.time);
}

export function quantity(obs: Json): Json | undefined {
  return isObject(obs.valueQuantity) ? obs.valueQuantity : undefined;
}

/** The lab's ULN from referenceRange.high; a high without its own unit is read in the result's unit. */
export function labUln(obs: Json, resultUnit: string | undefined, factorOf: (u: string | undefined) => number | undefined): number | undefined {
  for (const range of arr(obs.referenceRange)) {
    if (!isObject(range) || !isObject(range.high)) continue;
    const high = num(range.high.value);
    if (high === undefined || high <= 0) continue;
    const factor = factorOf(quantityUnit(range.high) ?? resultUnit);
    if (factor !== undefined) return high * factor;
  }
  return undefined;
}

/** Round away float noise so that 80/40 is exactly 2 and boundaries compare as written. */
export const ratio = (a: number, b: number): number => Math.round((a / b) * 1e9) / 1e9;

export function within(time: number, now: number, days: number): boolean {
  return now - time <= days * DAY_MS;
}

export type { ClinicalConfig };
