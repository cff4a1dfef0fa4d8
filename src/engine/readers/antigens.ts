/**
 * §1/§2 HBeAg, HBsAg and (v3) anti-HBc IgM: positive/negative from a coded or textual result; quantitative
 * HBeAg (and IgM index) ≥1.0 S/CO positive; HBsAg (v3) with its quantity in IU/mL (63557-3, 58452-4; 99385-7 log;
 * 5196-1/5195-3 with an IU/mL quantity), > 0.05 IU/mL positive.
 */
import type { ClinicalConfig, CodeRef } from '../config.js';
import { DEFAULT_CLINICAL_CONFIG } from '../config.js';
import type { Json } from '../../fhir/json.js';
import { ref } from '../../fhir/resource.js';
import { isIndexUnit, logInner, toIUPerMl } from '../units.js';
import type { AntigenReading, HbsagReading, InputKind } from '../types.js';
import { hasAnyCode, newestFirst, observationsWithCodes, passOver, plausible, readValue, usable, type PassedOverList, type RecordValue } from './common.js';
import { qualitative } from './qualitative.js';

/** §1 the quantitative HBsAg cut-off for "positive" (IU/mL). */
export const HBSAG_POSITIVE_ABOVE_IU = 0.05;

type Verdict = { positive: boolean; iu?: number; belowIu?: boolean } | { reason: 'unknown-unit' | 'implausible-value' | 'unreadable' };

/** S/CO index ≥ 1.0 positive; "<x" with x ≤ 1.0 negative, "<x" above 1.0 says nothing. */
function indexVerdict(v: RecordValue, bounds: readonly number[]): Verdict {
  if (!isIndexUnit(v.unit)) return { reason: 'unknown-unit' };
  if (!plausible(v.value, bounds)) return { reason: 'implausible-value' };
  if (v.comparator === '<' || v.comparator === '<=') return v.value <= 1.0 ? { positive: false } : { reason: 'unreadable' };
  if (v.comparator === '>' || v.comparator === '>=') return v.value >= 1.0 ? { positive: true } : { reason: 'unreadable' };
  return { positive: v.value >= 1.0 };
}

function readQualitativeOrIndex(
  observations: Json[],
  codes: readonly CodeRef[],
  quantitativeCodes: readonly CodeRef[],
  input: InputKind,
  config: ClinicalConfig,
  now: number,
  passed: PassedOverList,
): AntigenReading[] {
  const tz = config.timeZone;
  const out: AntigenReading[] = [];
  for (const obs of observationsWithCodes(observations, [...codes, ...quantitativeCodes])) {
    const time = usable(obs, input, now, passed, tz);
    if (time === undefined) continue;
    let positive = qualitative(obs);
    let raw: string | undefined;
    let reason: 'unknown-unit' | 'implausible-value' | 'unreadable' = 'unreadable';
    if (positive === undefined) {
      const read = readValue(obs);
      const v: RecordValue | undefined = read.ok ? read.v : read.reason === 'no-unit' && typeof (obs.valueQuantity as Json | undefined)?.value === 'number' ? { value: (obs.valueQuantity as Json).value as number, raw: read.raw ?? '' } : undefined;
      raw = read.ok ? read.v.raw : read.raw;
      // A bare number on a quantitative code is an index (S/CO); on a presence code it says nothing.
      if (v && (hasAnyCode(obs, quantitativeCodes) || v.unit !== undefined)) {
        const verdict = indexVerdict(v, config.plausible.hbeagSCO);
        if ('positive' in verdict) positive = verdict.positive;
        else reason = verdict.reason;
      }
    }
    if (positive === undefined) {
      passOver(passed, obs, input, reason, { time, timeZone: tz, ...(raw ? { raw } : {}) });
      continue;
    }
    out.push({ source: ref(obs), time, positive });
  }
  return newestFirst(out);
}

/** §2 HBeAg; quantitative ≥1.0 S/CO (or COI) positive. A unitless value is read as S/CO. (v3) pass `config`. */
export function readHbeag(observations: Json[], now: number, passed: PassedOverList, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): AntigenReading[] {
  return readQualitativeOrIndex(observations, config.inputCodes.hbeag, config.inputCodes.hbeagQuantitative, 'hbeag', config, now, passed);
}

/** (v3) §2 anti-HBc IgM, read as HBeAg. */
export function readAntiHbcIgm(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList): AntigenReading[] {
  return readQualitativeOrIndex(observations, config.inputCodes.antiHbcIgm, [], 'anti-hbc-igm', config, now, passed);
}

/** A quantity in IU/mL (log forms by unit or by a log code; a log code with a plain unit disagrees: passed over). */
function hbsagQuantity(v: RecordValue, logCode: boolean, config: ClinicalConfig): Verdict {
  const logUnit = logInner(v.unit) !== undefined;
  if (logCode && !logUnit) return { reason: 'unknown-unit' };
  const c = toIUPerMl(v.value, v.unit);
  if (!c) return { reason: 'unknown-unit' };
  if (!plausible(c.iu, config.plausible.hbsagIU)) return { reason: 'implausible-value' };
  if (v.comparator === '<' || v.comparator === '<=') return c.iu <= HBSAG_POSITIVE_ABOVE_IU ? { positive: false, iu: c.iu, belowIu: true } : { reason: 'unreadable' };
  return { positive: c.iu > HBSAG_POSITIVE_ABOVE_IU, iu: c.iu };
}

/**
 * §1/§2 HBsAg, with (v3) the quantity in IU/mL when the result has one. (v3) pass `config` (4th argument).
 * A qualitative reading with a quantity that disagrees is decided by the quantity (the cut-off is the rule's).
 */
export function readHbsag(observations: Json[], now: number, passed: PassedOverList, config: ClinicalConfig = DEFAULT_CLINICAL_CONFIG): HbsagReading[] {
  const tz = config.timeZone;
  const { hbsag, hbsagQuantitative, hbsagLogIU } = config.inputCodes;
  const out: HbsagReading[] = [];
  for (const obs of observationsWithCodes(observations, [...hbsag, ...hbsagQuantitative, ...hbsagLogIU])) {
    const time = usable(obs, 'hbsag', now, passed, tz);
    if (time === undefined) continue;
    const read = readValue(obs);
    const quantitativeCode = hasAnyCode(obs, hbsagQuantitative) || hasAnyCode(obs, hbsagLogIU);
    if (read.ok || quantitativeCode) {
      if (!read.ok) {
        // A quantitative code read qualitatively ("negative") still counts; otherwise passed over.
        const positive = qualitative(obs);
        if (positive !== undefined) out.push({ source: ref(obs), time, positive });
        else passOver(passed, obs, 'hbsag', read.reason, { time, timeZone: tz, ...(read.raw !== undefined ? { raw: read.raw } : {}) });
        continue;
      }
      // "as HBeAg" (§2): an index (S/CO, COI) on a presence code, ≥1.0 positive.
      const verdict = !quantitativeCode && read.v.unit !== undefined && isIndexUnit(read.v.unit) ? indexVerdict(read.v, config.plausible.hbeagSCO) : hbsagQuantity(read.v, hasAnyCode(obs, hbsagLogIU), config);
      if (!('positive' in verdict)) {
        // A presence code with a non-IU quantity (an index) may still say positive/negative in words or codes.
        const positive = quantitativeCode ? undefined : qualitative(obs);
        if (positive !== undefined) out.push({ source: ref(obs), time, positive });
        else passOver(passed, obs, 'hbsag', verdict.reason, { time, raw: read.v.raw, timeZone: tz, ...(verdict.reason === 'unknown-unit' ? { unit: read.v.unit ?? '' } : {}) });
        continue;
      }
      const r: HbsagReading = { source: ref(obs), time, positive: verdict.positive };
      if (verdict.iu !== undefined) r.iu = verdict.iu;
      if (verdict.belowIu) r.belowIu = true;
      out.push(r);
      continue;
    }
    const positive = qualitative(obs);
    if (positive === undefined) {
      passOver(passed, obs, 'hbsag', read.reason === 'no-value' ? 'unreadable' : read.reason, { time, timeZone: tz, ...(read.raw !== undefined ? { raw: read.raw } : {}) });
      continue;
    }
    out.push({ source: ref(obs), time, positive });
  }
  return newestFirst(out);
}
