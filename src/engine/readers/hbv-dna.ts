/** §2 HBV DNA: normalised to IU/mL; "<x", "not detected" or a negative presence result is below detection. */
import type { ClinicalConfig } from '../config.js';
import { HBV_DNA_CODES, LOINC } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import { isObject, num, str, type Json } from '../../fhir/json.js';
import { conceptText, hasCode, quantityUnit } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { DnaReading } from '../types.js';
import { newestFirst, observationsWithLoinc, passOver, quantity, usable, type PassedOverList } from './common.js';
import { qualitative } from './qualitative.js';

type DnaForm = 'iu' | 'copies' | 'log-iu' | 'log-copies';

function dnaFormFromUnit(unit: string | undefined): DnaForm | undefined {
  if (!unit) return undefined;
  const u = unit.toLowerCase();
  const isLog = u.includes('log');
  if (u.includes('cop')) return isLog ? 'log-copies' : 'copies';
  if (u.includes('iu')) return isLog ? 'log-iu' : 'iu';
  return undefined;
}

function dnaFormFromCode(obs: Json): DnaForm | undefined {
  if (hasCode(obs.code, SYSTEM.loinc, LOINC.hbvDnaIU)) return 'iu';
  if (hasCode(obs.code, SYSTEM.loinc, LOINC.hbvDnaCopies)) return 'copies';
  if (hasCode(obs.code, SYSTEM.loinc, LOINC.hbvDnaLogIU)) return 'log-iu';
  if (hasCode(obs.code, SYSTEM.loinc, LOINC.hbvDnaLogCopies)) return 'log-copies';
  return undefined;
}

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

export function readHbvDna(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList): DnaReading[] {
  const out: DnaReading[] = [];
  for (const obs of observationsWithLoinc(observations, HBV_DNA_CODES)) {
    const time = usable(obs, 'hbv-dna', now, passed);
    if (time === undefined) continue;
    const source = ref(obs);
    // Literal objects of one shape (no spreads): V8 keeps them fast.
    const reading = (belowDetection: boolean, reportedIn: DnaReading['reportedIn'], iu?: number): DnaReading =>
      iu === undefined ? { source, time, belowDetection, reportedIn } : { source, time, iu, belowDetection, reportedIn };
    if (hasCode(obs.code, SYSTEM.loinc, LOINC.hbvDnaPresence)) {
      const positive = qualitative(obs);
      if (positive === undefined) {
        passOver(passed, obs, 'hbv-dna', 'unreadable', { time });
        continue;
      }
      out.push(reading(!positive, 'presence'));
      continue;
    }
    const q = quantity(obs);
    const value = q ? num(q.value) : undefined;
    if (q && value !== undefined) {
      const unit = quantityUnit(q);
      const form = dnaFormFromUnit(unit) ?? dnaFormFromCode(obs);
      if (!form) {
        passOver(passed, obs, 'hbv-dna', 'unknown-unit', { unit: unit ?? '', time });
        continue;
      }
      const iu = toIU(value, form, config.copiesPerIU);
      const comparator = str(q.comparator);
      const below = comparator === '<' || comparator === '<=' || (value <= 0 && !form.startsWith('log'));
      out.push(reading(below, form, iu));
      continue;
    }
    const text = str(obs.valueString) ?? (isObject(obs.valueCodeableConcept) ? conceptText(obs.valueCodeableConcept) : '');
    if (text && NOT_DETECTED.test(text)) {
      out.push(reading(true, 'text'));
      continue;
    }
    passOver(passed, obs, 'hbv-dna', 'no-value', { time });
  }
  return newestFirst(out);
}
