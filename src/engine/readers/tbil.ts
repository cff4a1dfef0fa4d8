/** §2 total bilirubin: mg/dL ×17.1 ⇒ µmol/L; ULN from referenceRange.high, else the site default. */
import type { ClinicalConfig } from '../config.js';
import { LOINC } from '../codes.js';
import { num, type Json } from '../../fhir/json.js';
import { quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { TbilReading } from '../types.js';
import { labUln, newestFirst, observationsWithLoinc, passOver, quantity, usable, type PassedOverList } from './common.js';

function tbilFactor(unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const u = unit.trim();
  if (/^mg\/dL$/i.test(u)) return 17.1;
  if (/^(u|µ|μ)mol\/L$/i.test(u)) return 1;
  return undefined;
}

export function readTbil(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList): TbilReading[] {
  const out: TbilReading[] = [];
  for (const obs of observationsWithLoinc(observations, [...LOINC.tbilMass, ...LOINC.tbilMolar])) {
    const time = usable(obs, 'tbil', now, passed);
    if (time === undefined) continue;
    const q = quantity(obs);
    const v = q ? num(q.value) : undefined;
    const unit = q ? quantityUnit(q) : undefined;
    if (!q || v === undefined) {
      passOver(passed, obs, 'tbil', 'no-value', { time });
      continue;
    }
    const factor = tbilFactor(unit);
    if (factor === undefined) {
      passOver(passed, obs, 'tbil', 'unknown-unit', { unit: unit ?? '', time });
      continue;
    }
    const lab = labUln(obs, unit, tbilFactor);
    out.push({ source: ref(obs), time, umolL: v * factor, ulnUmolL: lab ?? config.tbil.ulnUmolL, ulnOrigin: lab !== undefined ? 'lab' : 'default' });
  }
  return newestFirst(out);
}
