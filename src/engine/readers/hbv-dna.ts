/**
 * §2 HBV DNA: normalised to IU/mL by UCUM (k[IU]/mL = 1,000 IU/mL, [IU]/L = 1/1,000 IU/mL); copies ÷ copiesPerIU;
 * log forms 10^value. "<x", "not detected" or a negative presence result is below detection. The unit decides;
 * a quantity without a unit is read in its code's form; a log code with a plain unit (or the reverse) disagrees
 * with itself and is passed over, never guessed.
 */
import type { ClinicalConfig, CodeRef } from '../config.js';
import { isObject, str, type Json } from '../../fhir/json.js';
import { conceptText, quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import { logInner, toIUPerMl } from '../units.js';
import type { DnaReading } from '../types.js';
import { hasAnyCode, newestFirst, observationsWithCodes, passOver, plausible, readValue, usable, type PassedOverList } from './common.js';
import { qualitative } from './qualitative.js';

type DnaForm = 'iu' | 'copies' | 'log-iu' | 'log-copies';

function formFromCode(obs: Json, c: ClinicalConfig['inputCodes']): DnaForm | undefined {
  if (hasAnyCode(obs, c.hbvDnaIU)) return 'iu';
  if (hasAnyCode(obs, c.hbvDnaCopies)) return 'copies';
  if (hasAnyCode(obs, c.hbvDnaLogIU)) return 'log-iu';
  if (hasAnyCode(obs, c.hbvDnaLogCopies)) return 'log-copies';
  return undefined;
}

const FORM_UNIT: Record<DnaForm, string> = { iu: '[IU]/mL', copies: '{copies}/mL', 'log-iu': 'log [IU]/mL', 'log-copies': 'log {copies}/mL' };

export function toIU(value: number, form: DnaForm, copiesPerIU: number): number {
  switch (form) {
    case 'iu':
      return value;
    case 'copies':
      return value / copiesPerIU;
    case 'log-iu':
      return 10 ** value;
    case 'log-copies':
      return 10 ** value / copiesPerIU;
  }
}

const NOT_DETECTED = /not\s*detected|undetect|below\s*(the\s*)?(detection|lod|limit)|未检出|未检测到|<\s*lod|\bnegative\b|阴性/i;

export function hbvDnaCodes(config: ClinicalConfig): CodeRef[] {
  const c = config.inputCodes;
  return [...c.hbvDnaIU, ...c.hbvDnaCopies, ...c.hbvDnaLogIU, ...c.hbvDnaLogCopies, ...c.hbvDnaPresence];
}

export function readHbvDna(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList): DnaReading[] {
  const tz = config.timeZone;
  const out: DnaReading[] = [];
  for (const obs of observationsWithCodes(observations, hbvDnaCodes(config))) {
    const time = usable(obs, 'hbv-dna', now, passed, tz);
    if (time === undefined) continue;
    const source = ref(obs);
    // Literal objects of one shape (no spreads): V8 keeps them fast.
    const reading = (belowDetection: boolean, reportedIn: DnaReading['reportedIn'], iu?: number): DnaReading =>
      iu === undefined ? { source, time, belowDetection, reportedIn } : { source, time, iu, belowDetection, reportedIn };
    if (hasAnyCode(obs, config.inputCodes.hbvDnaPresence)) {
      const positive = qualitative(obs);
      if (positive === undefined) {
        passOver(passed, obs, 'hbv-dna', 'unreadable', { time, timeZone: tz });
        continue;
      }
      out.push(reading(!positive, 'presence'));
      continue;
    }
    const read = readValue(obs);
    const codeForm = formFromCode(obs, config.inputCodes);
    let value: { value: number; unit: string | undefined; comparator?: string; raw: string } | undefined;
    if (read.ok) value = { value: read.v.value, unit: read.v.unit, raw: read.v.raw, ...(read.v.comparator ? { comparator: read.v.comparator } : {}) };
    else if (read.reason === 'no-unit' && isObject(obs.valueQuantity) && codeForm) {
      // A bare quantity: its code says its form (42595-9 is IU/mL).
      value = { value: obs.valueQuantity.value as number, unit: undefined, raw: read.raw ?? '', ...(str(obs.valueQuantity.comparator) ? { comparator: str(obs.valueQuantity.comparator)! } : {}) };
    }
    if (value) {
      const unit = value.unit ?? (codeForm ? FORM_UNIT[codeForm] : undefined);
      const logUnit = logInner(unit) !== undefined;
      const logCode = codeForm === 'log-iu' || codeForm === 'log-copies';
      const c = logUnit === logCode || codeForm === undefined ? toIUPerMl(value.value, unit, config.copiesPerIU) : undefined;
      if (!c) {
        passOver(passed, obs, 'hbv-dna', 'unknown-unit', { unit: value.unit ?? '', time, raw: value.raw, timeZone: tz });
        continue;
      }
      if (!plausible(c.iu, config.plausible.hbvDnaIU)) {
        passOver(passed, obs, 'hbv-dna', 'implausible-value', { time, raw: value.raw, timeZone: tz });
        continue;
      }
      const below = value.comparator === '<' || value.comparator === '<=' || (value.value <= 0 && !logUnit);
      out.push(reading(below, c.reportedIn, c.iu));
      continue;
    }
    const text = str(obs.valueString) ?? (isObject(obs.valueCodeableConcept) ? conceptText(obs.valueCodeableConcept) : '');
    if (text && NOT_DETECTED.test(text)) {
      out.push(reading(true, 'text'));
      continue;
    }
    const q = isObject(obs.valueQuantity) ? obs.valueQuantity : undefined;
    passOver(passed, obs, 'hbv-dna', read.ok ? 'unreadable' : read.reason === 'no-unit' ? 'no-unit' : read.reason, {
      time,
      timeZone: tz,
      ...(read.ok ? {} : read.raw !== undefined ? { raw: read.raw } : {}),
      ...(q && quantityUnit(q) ? { unit: quantityUnit(q)! } : {}),
    });
  }
  return newestFirst(out);
}
