/**
 * §2 ALT (and (v3) AST): U/L, [IU]/L, IU/L as-is, ukat/L ×60 (UCUM, units.ts); ULN from the lab's reference range
 * that applies to the patient's sex and age, else the site default by sex (other/unknown ⇒ the lower).
 */
import type { ClinicalConfig, CodeRef } from '../config.js';
import { isObject, num, type Json } from '../../fhir/json.js';
import { toEnzymeUL } from '../units.js';
import type { AltReading, AstReading, InputKind } from '../types.js';
import { applicableRange, boundUnit, defaultBySex, passOver, plausible, ratio, readNumbers, type PassedOverList, type RangeSubject } from './common.js';
import { rangeSubject } from './patient.js';

/** §3 ALT band: normal ≤1.0×; mild >1.0 and <2.0×; window 2.0–10.0× inclusive; severe >10.0×. */
export function altBand(multiple: number): AltReading['band'] {
  if (multiple <= 1) return 'normal';
  if (multiple < 2) return 'mild';
  if (multiple <= 10) return 'window';
  return 'severe';
}

/** The lab's ULN in U/L from the applicable range's high; 'implausible' when outside the site's ULN bounds. */
function labUlnUL(obs: Json, subject: RangeSubject, resultUnit: string | undefined, bounds: readonly number[]): number | 'implausible' | undefined {
  const range = applicableRange(obs, subject, (r) => isObject(r.high) && num(r.high.value) !== undefined);
  if (!range || !isObject(range.high)) return undefined;
  const high = num(range.high.value)!;
  const uln = toEnzymeUL(high, boundUnit(range.high, resultUnit));
  if (uln === undefined) return undefined;
  return plausible(uln, bounds) && uln > 0 ? uln : 'implausible';
}

function readEnzyme(
  data: { observations: Json[]; patient?: Json },
  input: InputKind,
  codes: readonly CodeRef[],
  siteUln: { male: number; female: number },
  valueBounds: readonly number[],
  config: ClinicalConfig,
  now: number,
  passed: PassedOverList,
): AstReading[] {
  const subject = rangeSubject(data, now, config.timeZone);
  const fallbackUln = defaultBySex(siteUln, subject.sex);
  const out: AstReading[] = [];
  for (const r of readNumbers(data.observations, codes, input, toEnzymeUL, valueBounds, config, now, passed)) {
    const lab = labUlnUL(r.obs, subject, r.unit, config.plausible.ulnUL);
    if (lab === 'implausible') {
      passOver(passed, r.obs, input, 'implausible-value', { time: r.time, raw: `${r.raw} (ULN)`, timeZone: config.timeZone });
      continue;
    }
    const uln = lab ?? fallbackUln;
    out.push({ source: r.source, time: r.time, value: r.value, uln, ulnOrigin: lab !== undefined ? 'lab' : 'default', multiple: ratio(r.value, uln) });
  }
  // §3: at the same instant the higher value counts as earlier (so a tie never reads as a fall).
  return out.sort((a, b) => b.time - a.time || a.multiple - b.multiple);
}

export function readAlt(data: { observations: Json[]; patient?: Json }, config: ClinicalConfig, now: number, passed: PassedOverList): AltReading[] {
  return readEnzyme(data, 'alt', config.inputCodes.alt, config.altUln, config.plausible.altUL, config, now, passed).map(
    // Written out (same keys, same order): an object spread per result cost more than the reading itself.
    (r) => ({ source: r.source, time: r.time, value: r.value, uln: r.uln, ulnOrigin: r.ulnOrigin, multiple: r.multiple, band: altBand(r.multiple) }),
  );
}

/** (v3) §2 AST: units and ULN as ALT; default `astUln` by sex. */
export function readAst(data: { observations: Json[]; patient?: Json }, config: ClinicalConfig, now: number, passed: PassedOverList): AstReading[] {
  return readEnzyme(data, 'ast', config.inputCodes.ast, config.astUln, config.plausible.astUL, config, now, passed);
}
