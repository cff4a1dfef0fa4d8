/** §1/§2 Conditions: active (or recurrence/relapse; or no status and no abatement), not refuted. */
import { SYSTEM } from '../../fhir/systems.js';
import { isObject, str, type Json } from '../../fhir/json.js';
import { codings, hasCode } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { CodedValue, ConditionFact } from '../types.js';

export function isActiveCondition(c: Json): boolean {
  const verification = codings(c.verificationStatus).map((x) => x.code);
  if (verification.includes('refuted') || verification.includes('entered-in-error')) return false;
  const clinical = codings(c.clinicalStatus).map((x) => x.code).filter((x): x is string => !!x);
  if (clinical.length === 0) return c.abatementDateTime === undefined && c.abatementPeriod === undefined && c.abatementAge === undefined && c.abatementString === undefined;
  return clinical.some((x) => x === 'active' || x === 'recurrence' || x === 'relapse');
}

export function activeConditionsWith(conditions: Json[], codes: readonly string[]): Json[] {
  return conditions.filter((c) => hasCode(c.code, SYSTEM.snomed, codes) && isActiveCondition(c));
}

/** The SNOMED code (of `codes`) a concept carries, with the record's own text for it. */
export function codedValue(concept: unknown, codes: readonly string[]): CodedValue | undefined {
  const hit = codings(concept).find((c) => c.system === SYSTEM.snomed && c.code !== undefined && codes.includes(c.code));
  if (!hit?.code) return undefined;
  const text = (isObject(concept) ? str(concept.text) : undefined) ?? hit.display;
  return text ? { system: SYSTEM.snomed, code: hit.code, recordText: text } : { system: SYSTEM.snomed, code: hit.code };
}

/** The active Conditions carrying one of `codes`, as facts. */
export function conditionFacts(conditions: Json[], codes: readonly string[]): ConditionFact[] {
  return activeConditionsWith(conditions, codes).map((c) => {
    const fact: ConditionFact = { source: ref(c), code: codedValue(c.code, codes)! };
    const onset = str(c.onsetDateTime) ?? str(c.recordedDate);
    if (onset) fact.date = onset.slice(0, 10);
    return fact;
  });
}

/** (v3) §2.1 condition lists: see condition-lists.ts. */
export { readConditionLists } from './condition-lists.js';
