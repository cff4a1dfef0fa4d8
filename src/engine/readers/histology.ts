/**
 * §2 liver histology (biopsy): the inflammation grade (≥G2 per scale) and, (v2), the fibrosis stage —
 * from a dedicated fibrosis result or the stage part of a combined text on the grade result ("G1S4", "A1F3").
 */
import type { ClinicalConfig, CodeRef } from '../config.js';
import { HISTOLOGY_FIBROSIS_CODE, HISTOLOGY_GRADE_CODE } from '../codes.js';
import { SYSTEM } from '../../fhir/systems.js';
import { isObject, str, type Json } from '../../fhir/json.js';
import { codings, someCoding } from '../../fhir/coding.js';
import { ref } from '../../fhir/resource.js';
import type { FibrosisReading, FibrosisScale, HistologyReading, HistologyScale } from '../types.js';
import { newestFirst, passOver, rawOf, usable, type PassedOverList } from './common.js';

/** ≥G2 in each scale (§2): Scheuer G≥2, METAVIR A≥2, Knodell HAI ≥4, Ishak HAI ≥4. */
export function histologyAtLeastG2(scale: HistologyScale, grade: number): boolean {
  return scale === 'scheuer' || scale === 'metavir' ? grade >= 2 : grade >= 4;
}

/** §2 (v2) significant fibrosis: Scheuer S≥2, METAVIR F≥2, Ishak F≥3. */
export function fibrosisSignificant(scale: FibrosisScale, stage: number): boolean {
  return scale === 'ishak' ? stage >= 3 : stage >= 2;
}

/** §2 (v2) cirrhosis: Scheuer S4, METAVIR F4, Ishak F≥5. */
export function fibrosisCirrhosis(scale: FibrosisScale, stage: number): boolean {
  return scale === 'ishak' ? stage >= 5 : stage >= 4;
}

const GRADE_MAX: Record<HistologyScale, number> = { scheuer: 4, metavir: 3, knodell: 18, ishak: 18, hai: 18 };
const STAGE_MAX: Record<FibrosisScale, number> = { scheuer: 4, metavir: 4, ishak: 6 };

/** Grade from the project CodeSystem code, e.g. `scheuer-G2`, `knodell-HAI-6`. */
function gradeFromCode(code: string): { scale: HistologyScale; grade: number } | undefined {
  const m =
    /^(scheuer)-G([0-4])$/.exec(code) ?? /^(metavir)-A([0-3])$/.exec(code) ?? /^(knodell)-HAI-(\d{1,2})$/.exec(code) ?? /^(ishak)-HAI-(\d{1,2})$/.exec(code);
  if (!m) return undefined;
  const scale = m[1] as HistologyScale;
  const grade = Number(m[2]);
  return grade <= GRADE_MAX[scale] ? { scale, grade } : undefined;
}

/** Grade parsed from text: "G2", "G2S1", "A2F1", "HAI 5", "Knodell 6", "Ishak HAI 4", "Scheuer G3". */
export function gradeFromText(text: string): { scale: HistologyScale; grade: number } | undefined {
  const t = text.trim();
  const named = /\b(knodell|ishak)\b(?:\s*HAI)?\s*[:=]?\s*(\d{1,2})\b/i.exec(t);
  const found = named
    ? { scale: named[1]!.toLowerCase() as HistologyScale, grade: Number(named[2]) }
    : (() => {
        const hai = /\bHAI\s*[:=]?\s*(\d{1,2})\b/i.exec(t);
        if (hai) return { scale: 'hai' as const, grade: Number(hai[1]) };
        const metavir = /(?:^|[^A-Za-z])A([0-3])(?:\s*F[0-4])?(?![0-9])/.exec(t);
        if (metavir && /metavir|F[0-4]|^A[0-3]$/i.test(t)) return { scale: 'metavir' as const, grade: Number(metavir[1]) };
        const scheuer = /(?:^|[^A-Za-z])G([0-4])(?:\s*S[0-4])?(?![0-9])/.exec(t);
        if (scheuer) return { scale: 'scheuer' as const, grade: Number(scheuer[1]) };
        return undefined;
      })();
  if (!found || found.grade > GRADE_MAX[found.scale]) return undefined;
  return found;
}

/** Stage from the project CodeSystem code: `scheuer-S3`, `metavir-F2`, `ishak-F5`. */
function stageFromCode(code: string): { scale: FibrosisScale; stage: number } | undefined {
  const m = /^(scheuer)-S(\d)$/.exec(code) ?? /^(metavir)-F(\d)$/.exec(code) ?? /^(ishak)-F(\d)$/.exec(code);
  if (!m) return undefined;
  const scale = m[1] as FibrosisScale;
  const stage = Number(m[2]);
  return stage <= STAGE_MAX[scale] ? { scale, stage } : undefined;
}

/**
 * Stage from text. On a fibrosis result: "S3", "F2", "Ishak 4" / "Ishak F4". On a combined grade text only the
 * S/F part counts ("G1S4", "A1F3"), since "Ishak 4" there is an inflammation score.
 */
export function stageFromText(text: string, combined: boolean): { scale: FibrosisScale; stage: number } | undefined {
  const t = text.trim();
  let found: { scale: FibrosisScale; stage: number } | undefined;
  const ishak = combined ? null : /\bishak\b\s*(?:F|stage)?\s*[:=]?\s*(\d)\b/i.exec(t);
  if (ishak) found = { scale: 'ishak', stage: Number(ishak[1]) };
  else {
    const s = /(?:^|[^A-Za-z])S([0-4])(?![0-9])/.exec(t);
    const f = /(?:^|[^A-Za-z])F([0-4])(?![0-9])/.exec(t);
    if (s) found = { scale: 'scheuer', stage: Number(s[1]) };
    else if (f) found = { scale: 'metavir', stage: Number(f[1]) };
  }
  if (!found || found.stage > STAGE_MAX[found.scale]) return undefined;
  return found;
}

const matches = (cc: unknown, list: CodeRef[]): boolean => someCoding(cc, (system, code) => list.some((h) => system === h.system && code === h.code));

/** Which histology result an Observation is, from one look at its codings (this runs on every Observation). */
function histologyKind(obs: Json, config: ClinicalConfig): 'grade' | 'fibrosis' | undefined {
  // Visits the codings without building their list (no allocation for the many Observations that are not histology).
  let kind: 'grade' | 'fibrosis' | undefined;
  someCoding(obs.code, (system, code) => {
    if (system !== SYSTEM.histology) return false;
    if (code === HISTOLOGY_GRADE_CODE) kind = 'grade';
    else if (code === HISTOLOGY_FIBROSIS_CODE) kind = 'fibrosis';
    return kind !== undefined;
  });
  if (kind) return kind;
  if (config.histologyCodes.length && matches(obs.code, config.histologyCodes)) return 'grade';
  if (config.fibrosisCodes.length && matches(obs.code, config.fibrosisCodes)) return 'fibrosis';
  return undefined;
}

function resultText(obs: Json): string | undefined {
  return str(obs.valueString) ?? (isObject(obs.valueCodeableConcept) ? str(obs.valueCodeableConcept.text) : undefined);
}

export interface HistologyReadings {
  grades: HistologyReading[];
  stages: FibrosisReading[];
}

export function readHistology(observations: Json[], config: ClinicalConfig, now: number, passed: PassedOverList): HistologyReadings {
  const grades: HistologyReading[] = [];
  const stages: FibrosisReading[] = [];
  const stage = (source: string, time: number, parsed: { scale: FibrosisScale; stage: number }, from: FibrosisReading['from']): FibrosisReading => ({
    source,
    time,
    ...parsed,
    significant: fibrosisSignificant(parsed.scale, parsed.stage),
    cirrhosis: fibrosisCirrhosis(parsed.scale, parsed.stage),
    from,
  });
  for (const obs of observations) {
    const kind = histologyKind(obs, config);
    if (!kind) continue;
    const grade = kind === 'grade';
    const input = grade ? 'histology' : 'fibrosis';
    const time = usable(obs, input, now, passed, config.timeZone);
    if (time === undefined) continue;
    const text = resultText(obs);
    const codes = codings(obs.valueCodeableConcept).filter((c) => c.system === SYSTEM.histology && c.code);
    if (grade) {
      let parsed: { scale: HistologyScale; grade: number } | undefined;
      for (const c of codes) parsed ??= gradeFromCode(c.code!);
      if (!parsed && text) parsed = gradeFromText(text);
      const combined = text ? stageFromText(text, true) : undefined;
      if (combined) stages.push(stage(ref(obs), time, combined, 'combined-text'));
      if (!parsed) {
        if (!combined) passOver(passed, obs, input, 'unreadable', { time, timeZone: config.timeZone, ...(text ? { raw: rawOf(text) } : {}) });
        continue;
      }
      grades.push({ source: ref(obs), time, ...parsed, atLeastG2: histologyAtLeastG2(parsed.scale, parsed.grade) });
    } else {
      let parsed: { scale: FibrosisScale; stage: number } | undefined;
      for (const c of codes) parsed ??= stageFromCode(c.code!);
      if (!parsed && text) parsed = stageFromText(text, false);
      if (!parsed) {
        passOver(passed, obs, input, 'unreadable', { time, timeZone: config.timeZone, ...(text ? { raw: rawOf(text) } : {}) });
        continue;
      }
      stages.push(stage(ref(obs), time, parsed, 'fibrosis-result'));
    }
  }
  return { grades: newestFirst(grades), stages: newestFirst(stages) };
}
