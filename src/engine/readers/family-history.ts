/** §2 family history: FamilyMemberHistory.condition.code SNOMED (HBV, HCC, cirrhosis); any relative counts. */
import { arr, isObject, str, type Json } from '../../fhir/json.js';
import { codings } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { CodedValue, FamilyHistoryFact } from '../types.js';
import { codedValue } from './conditions.js';

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

function relationship(fmh: Json): CodedValue | undefined {
  const r = fmh.relationship;
  const coded = codings(r).find((c) => c.code);
  const text = (isObject(r) ? str(r.text) : undefined) ?? coded?.display;
  if (coded?.code) return { system: coded.system ?? ROLE_CODE, code: coded.code, ...(text ? { recordText: text } : {}) };
  return text ? { system: '', code: '', recordText: text } : undefined;
}

export function familyHistoryWith(familyHistory: Json[], codes: readonly string[]): FamilyHistoryFact[] {
  const out: FamilyHistoryFact[] = [];
  for (const fmh of familyHistory) {
    if (str(fmh.status) === 'entered-in-error') continue;
    for (const cond of arr(fmh.condition)) {
      if (!isObject(cond)) continue;
      const condition = codedValue(cond.code, codes);
      if (!condition) continue;
      const rel = relationship(fmh);
      out.push(rel ? { source: ref(fmh), relationship: rel, condition } : { source: ref(fmh), condition });
    }
  }
  return out;
}
