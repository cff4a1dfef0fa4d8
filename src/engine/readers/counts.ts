/** §2 platelets and neutrophils: 10*9/L or 10*3/uL (equal). */
import { LOINC } from '../codes.js';
import { num, type Json } from '../../fhir/json.js';
import { quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { CountReading } from '../types.js';
import { newestFirst, observationsWithLoinc, passOver, quantity, usable, type PassedOverList } from './common.js';

const COUNT_UNIT = /^(10\*9\/L|10\^9\/L|x?10E9\/L|10\*3\/(u|µ|μ)L|10\^3\/(u|µ|μ)L|x?10E3\/(u|µ|μ)L|K\/(u|µ|μ)L|G\/L|\/nL)$/i;

function readCounts(observations: Json[], codes: readonly string[], now: number, passed: PassedOverList, input: 'platelets' | 'neutrophils'): CountReading[] {
  const out: CountReading[] = [];
  for (const obs of observationsWithLoinc(observations, codes)) {
    const time = usable(obs, input, now, passed);
    if (time === undefined) continue;
    const q = quantity(obs);
    const v = q ? num(q.value) : undefined;
    const unit = q ? quantityUnit(q) : undefined;
    if (!q || v === undefined) {
      passOver(passed, obs, input, 'no-value', { time });
      continue;
    }
    if (!unit || !COUNT_UNIT.test(unit.trim())) {
      passOver(passed, obs, input, 'unknown-unit', { unit: unit ?? '', time });
      continue;
    }
    out.push({ source: ref(obs), time, value: v });
  }
  return newestFirst(out);
}

export const readPlatelets = (observations: Json[], now: number, passed: PassedOverList): CountReading[] =>
  readCounts(observations, LOINC.platelets, now, passed, 'platelets');

export const readNeutrophils = (observations: Json[], now: number, passed: PassedOverList): CountReading[] =>
  readCounts(observations, LOINC.neutrophils, now, passed, 'neutrophils');
