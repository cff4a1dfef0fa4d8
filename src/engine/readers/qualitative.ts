/** §2 positive/negative from a coded or textual qualitative result (HBeAg, HBsAg, HBV DNA presence). */
import { SNOMED } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import { isObject, str, type Json } from '../../fhir/json.js';
import { codings, conceptText, hasCode } from '../../fhir/coding.js';

const POSITIVE_WORD = /\bpositive\b|\bdetected\b|\breactive\b|阳性/i;
const NEGATIVE_WORD = /\bnegative\b|\bnon-?reactive\b|\bnot\s*detected\b|阴性/i;

export function qualitative(obs: Json): boolean | undefined {
  const value = obs.valueCodeableConcept;
  if (isObject(value)) {
    if (hasCode(value, SYSTEM.snomed, [SNOMED.positive])) return true;
    if (hasCode(value, SYSTEM.snomed, [SNOMED.negative])) return false;
    const text = conceptText(value);
    if (NEGATIVE_WORD.test(text)) return false;
    if (POSITIVE_WORD.test(text)) return true;
  }
  for (const c of codings(obs.interpretation)) {
    if (c.code === 'POS' || c.code === 'H' || c.code === 'HH') return true;
    if (c.code === 'NEG' || c.code === 'N') return false;
  }
  const s = str(obs.valueString);
  if (s) {
    if (NEGATIVE_WORD.test(s)) return false;
    if (POSITIVE_WORD.test(s)) return true;
  }
  return undefined;
}
