/**
 * clinical-rules.md §2 "Inputs and how to read them": find each input by its codes, normalise its unit,
 * and return readings. Results that cannot be read are passed over with a note, never guessed.
 */
import type { ClinicalConfig } from './config.js';
import { HBV_DNA_CODES, HISTOLOGY_GRADE_CODE, INTERFERON, LOINC, NA, SNOMED } from './codes.js';
import { SYSTEM } from '../fhir/systems.js';
import { arr, isObject, num, str, type Json } from '../fhir/json.js';
import { codings, conceptName, conceptText, hasCode, normSystem, quantityUnit } from '../fhir/coding.js';
import { effectiveTime, ref } from '../fhir/resource.js';
import { DAY_MS, isoDate } from '../fhir/time.js';
import type { AltReading, AntigenReading, CountReading, DnaReading, HistologyReading, HistologyScale, TbilReading, UlnOrigin } from './types.js';

/** Collects why results were passed over. */
export type Notes = string[];

// ---------------------------------------------------------------- common

const IGNORED_STATUS = new Set(['entered-in-error', 'cancelled']);

/** §2: entered-in-error/cancelled are ignored; no effective[x] ⇒ ignored; later than now ⇒ not yet real. */
function usable(obs: Json, now: number, notes: Notes): number | undefined {
  const status = str(obs.status);
  if (status && IGNORED_STATUS.has(status)) return undefined;
  const t = effectiveTime(obs);
  if (t === undefined) {
    notes.push(`${ref(obs)} has no effective date: ignored`);
    return undefined;
  }
  // A result dated more than a day after the evaluation date cannot be known "now" (clock or data error).
  if (t > now + DAY_MS) {
    notes.push(`${ref(obs)} is dated after the evaluation date: ignored`);
    return undefined;
  }
  return t;
}

/** Observations by LOINC code, built once per observation list: every reader looks up, none scans. */
const loincIndex = new WeakMap<Json[], Map<string, Json[]>>();

function observationsWithLoinc(observations: Json[], codes: readonly string[]): Json[] {
  let index = loincIndex.get(observations);
  if (!index) {
    index = new Map();
    for (const o of observations) {
      const code = o.code;
      if (!isObject(code)) continue;
      for (const c of arr(code.coding)) {
        if (!isObject(c) || typeof c.code !== 'string' || normSystem(str(c.system)) !== SYSTEM.loinc) continue;
        const list = index.get(c.code);
        if (!list) index.set(c.code, [o]);
        else if (list[list.length - 1] !== o) list.push(o); // the same code twice on one result counts once
      }
    }
    loincIndex.set(observations, index);
  }
  if (codes.length === 1) return index.get(codes[0]!) ?? [];
  const out = new Set<Json>();
  for (const code of codes) for (const o of index.get(code) ?? []) out.add(o);
  return [...out];
}

function newestFirst<T extends { time: number }>(xs: T[]): T[] {
  return xs.sort((a, b) => b.time - a.time);
}

const fmt = (n: number, digits = 1): string => {
  const s = n.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
};

function quantity(obs: Json): Json | undefined {
  return isObject(obs.valueQuantity) ? obs.valueQuantity : undefined;
}

// ---------------------------------------------------------------- ALT

/** U/L per unit, §2 ALT: U/L, [IU]/L, IU/L as-is; ukat/L ×60. */
function altFactor(unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const u = unit.trim();
  if (/^(U|\[IU\]|IU)\/L$/i.test(u)) return 1;
  if (/^(u|µ|μ)kat\/L$/i.test(u)) return 60;
  return undefined;
}

/** The lab's ULN from referenceRange.high; a high without its own unit is read in the result's unit. */
function labUln(obs: Json, resultUnit: string | undefined, factorOf: (u: string | undefined) => number | undefined) {
  for (const range of arr(obs.referenceRange)) {
    if (!isObject(range) || !isObject(range.high)) continue;
    const high = num(range.high.value);
    if (high === undefined || high <= 0) continue;
    const factor = factorOf(quantityUnit(range.high) ?? resultUnit);
    if (factor !== undefined) return high * factor;
  }
  return undefined;
}

export function defaultAltUln(config: ClinicalConfig, patient: Json | undefined): number {
  const gender = patient ? str(patient.gender) : undefined;
  if (gender === 'male' && config.altUln.male) return config.altUln.male;
  if (gender === 'female' && config.altUln.female) return config.altUln.female;
  return config.altUln.default;
}

/** Round away float noise so that 80/40 is exactly 2 and boundaries compare as written. */
const ratio = (a: number, b: number): number => Math.round((a / b) * 1e9) / 1e9;

export function altBand(multiple: number): AltReading['band'] {
  if (multiple <= 1) return 'normal';
  if (multiple < 2) return 'mild';
  if (multiple <= 10) return 'window';
  return 'severe';
}

export function readAlt(data: { observations: Json[]; patient?: Json }, config: ClinicalConfig, now: number, notes: Notes): AltReading[] {
  const fallbackUln = defaultAltUln(config, data.patient);
  const out: AltReading[] = [];
  for (const obs of observationsWithLoinc(data.observations, LOINC.alt)) {
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    const q = quantity(obs);
    const raw = q ? num(q.value) : undefined;
    if (!q || raw === undefined || raw < 0) {
      notes.push(`${ref(obs)}: ALT without a numeric value: ignored`);
      continue;
    }
    const unit = quantityUnit(q);
    const factor = altFactor(unit);
    if (factor === undefined) {
      notes.push(`${ref(obs)}: ALT in unknown unit "${unit ?? '(none)'}": ignored`);
      continue;
    }
    const value = raw * factor;
    const lab = labUln(obs, unit, altFactor);
    const uln = lab ?? fallbackUln;
    const ulnOrigin: UlnOrigin = lab !== undefined ? 'lab' : 'default';
    const multiple = ratio(value, uln);
    out.push({ source: ref(obs), time, value, uln, ulnOrigin, multiple, band: altBand(multiple) });
  }
  return newestFirst(out);
}

// ---------------------------------------------------------------- HBV DNA

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
const POSITIVE_WORD = /\bpositive\b|\bdetected\b|\breactive\b|阳性/i;
const NEGATIVE_WORD = /\bnegative\b|\bnon-?reactive\b|\bnot\s*detected\b|阴性/i;

/** Positive/negative from a coded or textual qualitative result (§2 HBeAg reading rules). */
function qualitative(obs: Json): boolean | undefined {
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

function writtenValue(obs: Json): string {
  const q = quantity(obs);
  if (q) {
    const v = num(q.value);
    const comparator = str(q.comparator) ?? '';
    const unit = str(q.unit) ?? str(q.code) ?? '';
    if (v !== undefined) return `${comparator}${v}${unit ? ` ${unit}` : ''}`;
  }
  const s = str(obs.valueString);
  if (s) return s;
  if (isObject(obs.valueCodeableConcept)) return conceptText(obs.valueCodeableConcept) || 'coded';
  return 'no value';
}

export function readHbvDna(observations: Json[], config: ClinicalConfig, now: number, notes: Notes): DnaReading[] {
  const out: DnaReading[] = [];
  for (const obs of observationsWithLoinc(observations, HBV_DNA_CODES)) {
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    const asWritten = writtenValue(obs);
    const source = ref(obs);
    // Literal objects of one shape (no spreads): V8 keeps them fast; the spread was the engine's hot spot.
    const reading = (belowDetection: boolean, iu?: number): DnaReading =>
      iu === undefined ? { source, time, asWritten, belowDetection } : { source, time, asWritten, iu, belowDetection };
    if (hasCode(obs.code, SYSTEM.loinc, LOINC.hbvDnaPresence)) {
      const positive = qualitative(obs);
      if (positive === undefined) {
        notes.push(`${ref(obs)}: HBV DNA presence unreadable: ignored`);
        continue;
      }
      out.push(reading(!positive));
      continue;
    }
    const q = quantity(obs);
    const value = q ? num(q.value) : undefined;
    if (q && value !== undefined) {
      const form = dnaFormFromUnit(quantityUnit(q)) ?? dnaFormFromCode(obs);
      if (!form) {
        notes.push(`${ref(obs)}: HBV DNA in unknown unit: ignored`);
        continue;
      }
      const iu = toIU(value, form, config.copiesPerIU);
      const comparator = str(q.comparator);
      // "<20 IU/mL" is a known low value (below detection), never "missing" (§2).
      const below = comparator === '<' || comparator === '<=' || (value <= 0 && !form.startsWith('log'));
      out.push(reading(below, iu));
      continue;
    }
    const text = str(obs.valueString) ?? (isObject(obs.valueCodeableConcept) ? conceptText(obs.valueCodeableConcept) : '');
    if (text && NOT_DETECTED.test(text)) {
      out.push(reading(true));
      continue;
    }
    notes.push(`${ref(obs)}: HBV DNA without a readable value: ignored`);
  }
  return newestFirst(out);
}

// ---------------------------------------------------------------- HBeAg / HBsAg

const SCO_UNIT = /^(\{?s\/?co\}?|\{?s_co_ratio\}?|\{?coi\}?|index|\{index_val\})$/i;

function readAntigen(
  observations: Json[],
  presenceCodes: readonly string[],
  quantitativeCodes: readonly string[],
  cutoff: (value: number, unit: string | undefined, comparator: string | undefined) => boolean | undefined,
  now: number,
  notes: Notes,
  label: string,
): AntigenReading[] {
  const out: AntigenReading[] = [];
  for (const obs of observationsWithLoinc(observations, [...presenceCodes, ...quantitativeCodes])) {
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    let positive = qualitative(obs);
    if (positive === undefined && hasCode(obs.code, SYSTEM.loinc, quantitativeCodes)) {
      const q = quantity(obs);
      const v = q ? num(q.value) : undefined;
      if (q && v !== undefined) positive = cutoff(v, quantityUnit(q), str(q.comparator));
    }
    if (positive === undefined) {
      notes.push(`${ref(obs)}: ${label} result unreadable: ignored`);
      continue;
    }
    out.push({ source: ref(obs), time, positive, asWritten: writtenValue(obs) });
  }
  return newestFirst(out);
}

/** §2 HBeAg; quantitative ≥1.0 S/CO (or COI) positive. A unitless value is read as S/CO. */
export function readHbeag(observations: Json[], now: number, notes: Notes): AntigenReading[] {
  return readAntigen(
    observations,
    LOINC.hbeagPresence,
    LOINC.hbeagQuantitative,
    (v, unit, comparator) => {
      if (unit && !SCO_UNIT.test(unit.trim())) return undefined;
      if (comparator === '<' || comparator === '<=') return v > 1.0 ? undefined : false;
      return v >= 1.0;
    },
    now,
    notes,
    'HBeAg',
  );
}

/** §1 HBsAg; quantitative > 0.05 IU/mL positive. */
export function readHbsag(observations: Json[], now: number, notes: Notes): AntigenReading[] {
  return readAntigen(
    observations,
    LOINC.hbsagPresence,
    LOINC.hbsagQuantitative,
    (v, unit, comparator) => {
      if (unit && !/^(\[?iu\]?\/ml)$/i.test(unit.trim())) return undefined;
      if (comparator === '<' || comparator === '<=') return v > 0.05 ? undefined : false;
      return v > 0.05;
    },
    now,
    notes,
    'HBsAg',
  );
}

// ---------------------------------------------------------------- histology

/** ≥G2 in each scale (§2): Scheuer G≥2, METAVIR A≥2, Knodell HAI ≥4, Ishak HAI ≥4. */
export function histologyAtLeastG2(scale: HistologyScale, grade: number): boolean {
  switch (scale) {
    case 'scheuer':
      return grade >= 2;
    case 'metavir':
      return grade >= 2;
    case 'knodell':
    case 'ishak':
    case 'hai':
      return grade >= 4;
  }
}

const SCALE_MAX: Record<HistologyScale, number> = { scheuer: 4, metavir: 3, knodell: 18, ishak: 18, hai: 18 };

/** Grade from the project CodeSystem code, e.g. `scheuer-G2`, `knodell-HAI-6`. */
function gradeFromCode(code: string): { scale: HistologyScale; grade: number } | undefined {
  const m =
    /^(scheuer)-G([0-4])$/.exec(code) ??
    /^(metavir)-A([0-3])$/.exec(code) ??
    /^(knodell)-HAI-(\d{1,2})$/.exec(code) ??
    /^(ishak)-HAI-(\d{1,2})$/.exec(code);
  if (!m) return undefined;
  const scale = m[1] as HistologyScale;
  const grade = Number(m[2]);
  return grade <= SCALE_MAX[scale] ? { scale, grade } : undefined;
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
  if (!found || found.grade > SCALE_MAX[found.scale]) return undefined;
  return found;
}

function isHistologyResult(obs: Json, config: ClinicalConfig): boolean {
  if (hasCode(obs.code, SYSTEM.histology, [HISTOLOGY_GRADE_CODE])) return true;
  const own = codings(obs.code);
  return config.histologyCodes.some((h) => own.some((c) => c.system === h.system && c.code === h.code));
}

export function readHistology(observations: Json[], config: ClinicalConfig, now: number, notes: Notes): HistologyReading[] {
  const out: HistologyReading[] = [];
  for (const obs of observations) {
    if (!isHistologyResult(obs, config)) continue;
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    let parsed: { scale: HistologyScale; grade: number } | undefined;
    for (const c of codings(obs.valueCodeableConcept)) {
      if (c.system === SYSTEM.histology && c.code) parsed ??= gradeFromCode(c.code);
    }
    const text = str(obs.valueString) ?? (isObject(obs.valueCodeableConcept) ? str(obs.valueCodeableConcept.text) : undefined);
    if (!parsed && text) parsed = gradeFromText(text);
    if (!parsed) {
      notes.push(`${ref(obs)}: liver histology grade unreadable: ignored`);
      continue;
    }
    const asWritten = text ?? codings(obs.valueCodeableConcept).find((c) => c.system === SYSTEM.histology)?.code ?? '';
    out.push({ source: ref(obs), time, ...parsed, atLeastG2: histologyAtLeastG2(parsed.scale, parsed.grade), asWritten });
  }
  return newestFirst(out);
}

// ---------------------------------------------------------------- total bilirubin

function tbilFactor(unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const u = unit.trim();
  if (/^mg\/dL$/i.test(u)) return 17.1;
  if (/^(u|µ|μ)mol\/L$/i.test(u)) return 1;
  return undefined;
}

export function readTbil(observations: Json[], config: ClinicalConfig, now: number, notes: Notes): TbilReading[] {
  const out: TbilReading[] = [];
  for (const obs of observationsWithLoinc(observations, [...LOINC.tbilMass, ...LOINC.tbilMolar])) {
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    const q = quantity(obs);
    const v = q ? num(q.value) : undefined;
    const unit = q ? quantityUnit(q) : undefined;
    const factor = tbilFactor(unit);
    if (!q || v === undefined || factor === undefined) {
      notes.push(`${ref(obs)}: total bilirubin without a value in a known unit: ignored`);
      continue;
    }
    const lab = labUln(obs, unit, tbilFactor);
    out.push({
      source: ref(obs),
      time,
      umolL: v * factor,
      ulnUmolL: lab ?? config.tbil.ulnUmolL,
      ulnOrigin: lab !== undefined ? 'lab' : 'default',
    });
  }
  return newestFirst(out);
}

// ---------------------------------------------------------------- cell counts

/** §2: 10*9/L and 10*3/uL are equal. */
const COUNT_UNIT = /^(10\*9\/L|10\^9\/L|x?10E9\/L|10\*3\/(u|µ|μ)L|10\^3\/(u|µ|μ)L|x?10E3\/(u|µ|μ)L|K\/(u|µ|μ)L|G\/L|\/nL)$/i;

export function readCounts(observations: Json[], codes: readonly string[], now: number, notes: Notes, label: string): CountReading[] {
  const out: CountReading[] = [];
  for (const obs of observationsWithLoinc(observations, codes)) {
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    const q = quantity(obs);
    const v = q ? num(q.value) : undefined;
    const unit = q ? quantityUnit(q) : undefined;
    if (!q || v === undefined || !unit || !COUNT_UNIT.test(unit.trim())) {
      notes.push(`${ref(obs)}: ${label} without a value in 10⁹/L: ignored`);
      continue;
    }
    out.push({ source: ref(obs), time, value: v });
  }
  return newestFirst(out);
}

// ---------------------------------------------------------------- pregnancy status

export function readPregnancyStatus(observations: Json[], now: number, notes: Notes): { source: string; time: number; pregnant: boolean }[] {
  const out: { source: string; time: number; pregnant: boolean }[] = [];
  for (const obs of observationsWithLoinc(observations, LOINC.pregnancyStatus)) {
    const time = usable(obs, now, notes);
    if (time === undefined) continue;
    out.push({ source: ref(obs), time, pregnant: hasCode(obs.valueCodeableConcept, SYSTEM.snomed, [SNOMED.pregnancy]) });
  }
  return newestFirst(out);
}

// ---------------------------------------------------------------- conditions and family history

/** A Condition counts when active (or recurrence/relapse; or with no status and no abatement), and not refuted. */
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

export function familyHistoryWith(familyHistory: Json[], codes: readonly string[]): { resource: Json; code: string }[] {
  const out: { resource: Json; code: string }[] = [];
  for (const fmh of familyHistory) {
    const status = str(fmh.status);
    if (status === 'entered-in-error') continue;
    for (const cond of arr(fmh.condition)) {
      if (!isObject(cond)) continue;
      const hit = codings(cond.code).find((c) => c.system === SYSTEM.snomed && c.code && codes.includes(c.code));
      if (hit?.code) out.push({ resource: fmh, code: hit.code });
    }
  }
  return out;
}

// ---------------------------------------------------------------- age

/** Age in whole years on the evaluation date; a partial birthDate gives the range it allows. */
export function ageRange(birthDate: string | undefined, now: number): { min: number; max: number } | undefined {
  if (!birthDate) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate);
  if (!m) return undefined;
  const d = new Date(now);
  const ny = d.getUTCFullYear();
  const nm = d.getUTCMonth() + 1;
  const nd = d.getUTCDate();
  const age = (y: number, mo: number, da: number): number => ny - y - (nm < mo || (nm === mo && nd < da) ? 1 : 0);
  const y = Number(m[1]);
  if (m[3]) {
    const a = age(y, Number(m[2]), Number(m[3]));
    return a >= 0 ? { min: a, max: a } : undefined;
  }
  if (m[2]) {
    const mo = Number(m[2]);
    const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return { min: age(y, mo, lastDay), max: age(y, mo, 1) };
  }
  return { min: age(y, 12, 31), max: age(y, 1, 1) };
}

// ---------------------------------------------------------------- medications (§6)

export type MedClass = 'interferon' | 'na' | 'other';

const IFN_TEXT = /peg-?interferon|interferon[\s-]*(alfa|alpha|α)|聚乙二醇干扰素|干扰素/i;
/** Other interferons share the word; the rules are about interferon alfa only. */
const NOT_ALFA_TEXT = /beta|gamma|lambda|β|γ|λ/i;
const NA_TEXT = /entecavir|tenofovir|baraclude|viread|vemlidy|恩替卡韦|替诺福韦|丙酚替诺福韦/i;

export function classifyConcept(concept: unknown): MedClass {
  const cs = codings(concept);
  const isCoded = (system: string, codes: readonly string[]) =>
    cs.some((c) => c.system === system && c.code !== undefined && codes.includes(c.code));
  if (isCoded(SYSTEM.rxnorm, INTERFERON.rxnorm) || isCoded(SYSTEM.atc, INTERFERON.atc) || isCoded(SYSTEM.snomed, INTERFERON.snomed)) {
    return 'interferon';
  }
  if (isCoded(SYSTEM.atc, NA.atc) || isCoded(SYSTEM.rxnorm, NA.rxnorm) || isCoded(SYSTEM.snomed, NA.snomed)) return 'na';
  const text = conceptText(concept);
  if (IFN_TEXT.test(text) && !NOT_ALFA_TEXT.test(text)) return 'interferon';
  if (NA_TEXT.test(text)) return 'na';
  return 'other';
}

/**
 * The medication concept of a MedicationRequest/Statement: medicationCodeableConcept, or medicationReference
 * resolved to a contained Medication (`#id`) or one from the same data (bundled or fetched).
 */
export function medicationConcept(order: Json, medications: Json[]): { concept: unknown; name: string } | undefined {
  if (isObject(order.medicationCodeableConcept)) {
    return { concept: order.medicationCodeableConcept, name: conceptName(order.medicationCodeableConcept) ?? 'medication' };
  }
  const reference = isObject(order.medicationReference) ? str(order.medicationReference.reference) : undefined;
  let medication: Json | undefined;
  if (reference?.startsWith('#')) {
    const id = reference.slice(1);
    medication = arr(order.contained).find((c): c is Json => isObject(c) && c.resourceType === 'Medication' && c.id === id);
  } else if (reference) {
    const id = reference.split('/').pop();
    medication = medications.find((m) => m.id === id && (reference.endsWith(`Medication/${id}`) || reference === id));
  }
  const display = isObject(order.medicationReference) ? str(order.medicationReference.display) : undefined;
  if (!medication) return display ? { concept: { text: display }, name: display } : undefined;
  const concepts: unknown[] = [medication.code];
  for (const ing of arr(medication.ingredient)) if (isObject(ing)) concepts.push(ing.itemCodeableConcept);
  const name = conceptName(medication.code) ?? display ?? 'medication';
  return { concept: concepts.filter(isObject), name };
}

export function classifyOrder(order: Json, medications: Json[]): { cls: MedClass; name: string } {
  const med = medicationConcept(order, medications);
  if (!med) return { cls: 'other', name: '' };
  return { cls: classifyConcept(med.concept), name: med.name };
}

export function isActiveMedication(resource: Json): boolean {
  return str(resource.status) === 'active';
}

export { isoDate, fmt };
