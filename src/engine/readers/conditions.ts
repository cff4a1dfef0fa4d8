/** Coded values as the cards show them; (v3) the Condition lists of §2.1 are read in condition-lists.ts. */
import { SYSTEM } from '../../fhir/systems.js';
import { isObject, str } from '../../fhir/json.js';
import { codings } from '../../fhir/coding.js';
import type { CodedValue } from '../types.js';

/** The SNOMED code (of `codes`) a concept carries, with the record's own text for it. */
export function codedValue(concept: unknown, codes: readonly string[]): CodedValue | undefined {
  const hit = codings(concept).find((c) => c.system === SYSTEM.snomed && c.code !== undefined && codes.includes(c.code));
  if (!hit?.code) return undefined;
  const text = (isObject(concept) ? str(concept.text) : undefined) ?? hit.display;
  return text ? { system: SYSTEM.snomed, code: hit.code, recordText: text } : { system: SYSTEM.snomed, code: hit.code };
}

/** (v3) §2.1 condition lists: see condition-lists.ts. */
export { readConditionLists } from './condition-lists.js';
