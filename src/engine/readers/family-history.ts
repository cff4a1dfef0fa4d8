/**
 * §2 family history: FamilyMemberHistory.condition.code SNOMED (HBV, HCC, cirrhosis) or (v3) ICD-10 (B18.0, B18.1,
 * C22.0, K74.6, prefix match as §2.1); any relative counts. Codes: config `familyHistoryCodes`.
 */
import type { ClinicalConfig } from '../config.js';
import { arr, isObject, str, type Json } from '../../fhir/json.js';
import { codings, normSystem } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { CodedValue, FamilyHistoryFact } from '../types.js';
import { codedValue } from './conditions.js';
import { icd10Key, icd10Matches } from './condition-lists.js';

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

function relationship(fmh: Json): CodedValue | undefined {
  const r = fmh.relationship;
  const coded = codings(r).find((c) => c.code);
  const text = (isObject(r) ? str(r.text) : undefined) ?? coded?.display;
  if (coded?.code) return { system: coded.system ?? ROLE_CODE, code: coded.code, ...(text ? { recordText: text } : {}) };
  return text ? { system: '', code: '', recordText: text } : undefined;
}

function familyHistoryMatching(familyHistory: Json[], match: (concept: unknown) => CodedValue | undefined): FamilyHistoryFact[] {
  const out: FamilyHistoryFact[] = [];
  for (const fmh of familyHistory) {
    if (str(fmh.status) === 'entered-in-error') continue;
    for (const cond of arr(fmh.condition)) {
      if (!isObject(cond)) continue;
      const condition = match(cond.code);
      if (!condition) continue;
      const rel = relationship(fmh);
      out.push(rel ? { source: ref(fmh), relationship: rel, condition } : { source: ref(fmh), condition });
    }
  }
  return out;
}

/** (v3) §2 family history by SNOMED (exact) or ICD-10 (prefix) from `familyHistoryCodes`. */
export function readFamilyHistory(data: { familyHistory: Json[] }, config: ClinicalConfig): FamilyHistoryFact[] {
  const { snomed, icd10, exclude = [] } = config.familyHistoryCodes;
  const icdSystems = new Set(config.icd10Systems.map((s) => normSystem(s) ?? s));
  const prefixes = icd10.map(icd10Key);
  const excluded = exclude.map(icd10Key);
  return familyHistoryMatching(data.familyHistory, (concept) => {
    const bySnomed = codedValue(concept, snomed);
    if (bySnomed) return bySnomed;
    const hit = codings(concept).find((c) => c.code !== undefined && c.system !== undefined && icdSystems.has(c.system) && icd10Matches(c.code, prefixes, excluded));
    if (!hit?.code) return undefined;
    const text = (isObject(concept) ? str(concept.text) : undefined) ?? hit.display;
    return text ? { system: hit.system!, code: hit.code, recordText: text } : { system: hit.system!, code: hit.code };
  });
}
