/**
 * §2.1 (v3) condition lists: a Condition counts when its clinicalStatus is active, recurrence or relapse (or
 * absent) and its verificationStatus is not refuted/entered-in-error; *history* rows count whatever the
 * clinical status; *inactive* rows (history of depression) only when it is not active. SNOMED CT matches exactly;
 * ICD-10 by category prefix with dots removed ("F32" matches "F32.1" and "F321"), minus exclusions, in the
 * systems of `icd10Systems`. Lookups keyed by record codes are Maps: a code "constructor" or "__proto__" is
 * just a code that matches nothing.
 */
import type { ClinicalConfig } from '../config.js';
import { CONDITION_LIST_NAMES } from '../config/inputs.js';
import { SYSTEM } from '../../fhir/systems.js';
import { arr, isObject, str, type Json } from '../../fhir/json.js';
import { codings, normSystem } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { CodedValue, ConditionFact, ConditionListName } from '../types.js';

type RowStatus = 'active' | 'history' | 'inactive';
interface Row {
  list: ConditionListName;
  status: RowStatus;
  icd10: string[];
  exclude: string[];
}
interface Matcher {
  snomed: Map<string, { list: ConditionListName; status: RowStatus }[]>;
  icdRows: Row[];
  icd10Systems: Set<string>;
}

/** ICD-10 code as compared: upper case, dots and spaces removed. */
export const icd10Key = (code: string): string => code.replace(/[.\s]/g, '').toUpperCase();

const matchers = new WeakMap<ClinicalConfig, Matcher>();

/** Which legacy SNOMED setting adds to which list (v2 names kept; §2 names cirrhosisCodes, imagingLesionCodes). */
function legacySnomed(config: ClinicalConfig, list: ConditionListName): readonly string[] {
  if (list === 'cirrhosis') return config.cirrhosisCodes;
  if (list === 'decompensation') return config.decompensationCodes;
  if (list === 'imaging-lesion') return config.imagingLesionCodes;
  return [];
}

function matcherFor(config: ClinicalConfig): Matcher {
  const cached = matchers.get(config);
  if (cached) return cached;
  const m: Matcher = { snomed: new Map(), icdRows: [], icd10Systems: new Set(config.icd10Systems.map((s) => normSystem(s) ?? s)) };
  const addSnomed = (code: string, list: ConditionListName, status: RowStatus) => {
    const hits = m.snomed.get(code) ?? [];
    hits.push({ list, status });
    m.snomed.set(code, hits);
  };
  for (const list of CONDITION_LIST_NAMES) {
    for (const row of config.conditionLists[list]) {
      const status = row.status ?? 'active';
      for (const code of row.snomed) addSnomed(code, list, status);
      if (row.icd10.length > 0) m.icdRows.push({ list, status, icd10: row.icd10.map(icd10Key), exclude: (row.exclude ?? []).map(icd10Key) });
    }
    for (const code of legacySnomed(config, list)) addSnomed(code, list, 'active');
  }
  matchers.set(config, m);
  return m;
}

/** The clinical status class of a Condition: active (active/recurrence/relapse or no status) or not. */
function clinicalStatusOf(c: Json): { code?: string; active: boolean } {
  const codes = codings(c.clinicalStatus)
    .map((x) => x.code)
    .filter((x): x is string => !!x);
  if (codes.length === 0) return { active: true };
  return { code: codes[0]!, active: codes.some((x) => x === 'active' || x === 'recurrence' || x === 'relapse') };
}

function verificationAllows(c: Json): boolean {
  return !codings(c.verificationStatus).some((x) => x.code === 'refuted' || x.code === 'entered-in-error');
}

const statusAllows = (row: RowStatus, active: boolean): boolean => row === 'history' || (row === 'active' ? active : !active);

export function icd10Matches(code: string, prefixes: readonly string[], exclude: readonly string[]): boolean {
  const k = icd10Key(code);
  return prefixes.some((p) => k.startsWith(p)) && !exclude.some((p) => k.startsWith(p));
}

function conceptTextOf(concept: unknown, display: string | undefined): string | undefined {
  for (const c of arr(concept)) if (isObject(c) && str(c.text)) return str(c.text);
  return display;
}

/**
 * Every §2.1 list with the Conditions that count for it (each Condition once per list), as facts with the code
 * that matched, its date and status. Every list name is present (empty when none). `now` is reserved for
 * date-bounded lists; no list is bounded in v3.
 */
export function readConditionLists(data: { conditions: Json[] }, config: ClinicalConfig, _now: number): Map<ConditionListName, ConditionFact[]> {
  const m = matcherFor(config);
  const out = new Map<ConditionListName, ConditionFact[]>();
  for (const list of CONDITION_LIST_NAMES) out.set(list, []);
  for (const c of data.conditions) {
    if (!verificationAllows(c)) continue;
    const status = clinicalStatusOf(c);
    const counted = new Set<ConditionListName>();
    for (const coding of codings(c.code)) {
      if (!coding.code) continue;
      const hits: { list: ConditionListName; status: RowStatus; system: string }[] = [];
      if (coding.system === SYSTEM.snomed) for (const h of m.snomed.get(coding.code) ?? []) hits.push({ ...h, system: SYSTEM.snomed });
      else if (coding.system !== undefined && m.icd10Systems.has(coding.system)) {
        for (const row of m.icdRows) if (icd10Matches(coding.code, row.icd10, row.exclude)) hits.push({ list: row.list, status: row.status, system: coding.system });
      }
      for (const h of hits) {
        if (counted.has(h.list) || !statusAllows(h.status, status.active)) continue;
        counted.add(h.list);
        const text = conceptTextOf(c.code, coding.display);
        const code: CodedValue = text ? { system: h.system, code: coding.code, recordText: text } : { system: h.system, code: coding.code };
        const fact: ConditionFact = { source: ref(c), code };
        const onset = str(c.onsetDateTime) ?? str(c.recordedDate);
        if (onset) fact.date = onset.slice(0, 10);
        if (status.code) fact.clinicalStatus = status.code;
        if (!status.active) fact.history = true;
        out.get(h.list)!.push(fact);
      }
    }
  }
  return out;
}
