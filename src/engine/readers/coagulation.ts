/** §2 (v2) INR (LOINC 6301-6, unitless) and prothrombin time (5902-2, seconds). */
import { LOINC } from '../codes.js';
import { num, type Json } from '../../fhir/json.js';
import { quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { InrReading, PtReading } from '../types.js';
import { newestFirst, observationsWithLoinc, passOver, quantity, usable, type PassedOverList } from './common.js';

export function readInr(observations: Json[], now: number, passed: PassedOverList): InrReading[] {
  const out: InrReading[] = [];
  for (const obs of observationsWithLoinc(observations, LOINC.inr)) {
    const time = usable(obs, 'inr', now, passed);
    if (time === undefined) continue;
    const q = quantity(obs);
    const v = q ? num(q.value) : undefined;
    const unit = q ? quantityUnit(q) : undefined;
    if (!q || v === undefined || v <= 0) {
      passOver(passed, obs, 'inr', 'no-value', { time });
      continue;
    }
    // INR is a ratio: no unit, "{INR}", "{ratio}", "1" or "INR".
    if (unit && !/^(\{?INR\}?|\{ratio\}|ratio|1)$/i.test(unit.trim())) {
      passOver(passed, obs, 'inr', 'unknown-unit', { unit, time });
      continue;
    }
    out.push({ source: ref(obs), time, value: v });
  }
  return newestFirst(out);
}

export function readPt(observations: Json[], now: number, passed: PassedOverList): PtReading[] {
  const out: PtReading[] = [];
  for (const obs of observationsWithLoinc(observations, LOINC.pt)) {
    const time = usable(obs, 'pt', now, passed);
    if (time === undefined) continue;
    const q = quantity(obs);
    const v = q ? num(q.value) : undefined;
    const unit = q ? quantityUnit(q) : undefined;
    if (!q || v === undefined) {
      passOver(passed, obs, 'pt', 'no-value', { time });
      continue;
    }
    if (!unit || !/^(s|sec|seconds?)$/i.test(unit.trim())) {
      passOver(passed, obs, 'pt', 'unknown-unit', { unit: unit ?? '', time });
      continue;
    }
    out.push({ source: ref(obs), time, seconds: v });
  }
  return newestFirst(out);
}
