/** §2 ALT: LOINC 1742-6/1743-4/1744-2; U/L, [IU]/L, IU/L as-is, µkat/L ×60; ULN from the lab or the site default. */
import type { ClinicalConfig } from '../config.js';
import { LOINC } from '../codes.js';
import { num, str, type Json } from '../../fhir/json.js';
import { quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { AltReading, UlnOrigin } from '../types.js';
import { labUln, observationsWithLoinc, passOver, quantity, ratio, usable, type PassedOverList } from './common.js';

/** U/L per unit. */
function altFactor(unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const u = unit.trim();
  if (/^(U|\[IU\]|IU)\/L$/i.test(u)) return 1;
  if (/^(u|µ|μ)kat\/L$/i.test(u)) return 60;
  return undefined;
}

export function defaultAltUln(config: ClinicalConfig, patient: Json | undefined): number {
  const gender = patient ? str(patient.gender) : undefined;
  if (gender === 'male' && config.altUln.male) return config.altUln.male;
  if (gender === 'female' && config.altUln.female) return config.altUln.female;
  return config.altUln.default;
}

/** §3 ALT band: normal ≤1.0×; mild >1.0 and <2.0×; window 2.0–10.0× inclusive; severe >10.0×. */
export function altBand(multiple: number): AltReading['band'] {
  if (multiple <= 1) return 'normal';
  if (multiple < 2) return 'mild';
  if (multiple <= 10) return 'window';
  return 'severe';
}

export function readAlt(data: { observations: Json[]; patient?: Json }, config: ClinicalConfig, now: number, passed: PassedOverList): AltReading[] {
  const fallbackUln = defaultAltUln(config, data.patient);
  const out: AltReading[] = [];
  for (const obs of observationsWithLoinc(data.observations, LOINC.alt)) {
    const time = usable(obs, 'alt', now, passed);
    if (time === undefined) continue;
    const q = quantity(obs);
    const raw = q ? num(q.value) : undefined;
    if (!q || raw === undefined || raw < 0) {
      passOver(passed, obs, 'alt', 'no-value', { time });
      continue;
    }
    const unit = quantityUnit(q);
    const factor = altFactor(unit);
    if (factor === undefined) {
      passOver(passed, obs, 'alt', 'unknown-unit', { unit: unit ?? '', time });
      continue;
    }
    const value = raw * factor;
    const lab = labUln(obs, unit, altFactor);
    const uln = lab ?? fallbackUln;
    const ulnOrigin: UlnOrigin = lab !== undefined ? 'lab' : 'default';
    const multiple = ratio(value, uln);
    out.push({ source: ref(obs), time, value, uln, ulnOrigin, multiple, band: altBand(multiple) });
  }
  // §3: at the same instant the higher value counts as earlier (so a tie never reads as a fall).
  return out.sort((a, b) => b.time - a.time || a.multiple - b.multiple);
}
