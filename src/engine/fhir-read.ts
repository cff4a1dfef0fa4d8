/**
 * Defensive readers for FHIR JSON. Resources come from EHRs and prefetch as arbitrary JSON: the CDS Hooks
 * Sandbox, for one, sends objects where R4 has arrays. Nothing here throws on a surprising shape; what
 * cannot be read is simply absent.
 */
import { SYSTEM_ALIASES } from './codes.js';

export type Json = Record<string, unknown>;

export function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An R4 array element, tolerating a lone object in its place. */
export function arr(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (x === undefined || x === null) return [];
  return [x];
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.length > 0 ? x : undefined;
}

export function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

export function normSystem(system: string | undefined): string | undefined {
  if (!system) return undefined;
  return SYSTEM_ALIASES[system] ?? system;
}

export interface PlainCoding {
  system?: string;
  code?: string;
  display?: string;
}

/** Codings of a CodeableConcept (or of a list of them). */
export function codings(cc: unknown): PlainCoding[] {
  const out: PlainCoding[] = [];
  for (const concept of arr(cc)) {
    if (!isObject(concept)) continue;
    for (const c of arr(concept.coding)) {
      if (!isObject(c)) continue;
      const coding: PlainCoding = {};
      const system = normSystem(str(c.system));
      if (system) coding.system = system;
      const code = str(c.code);
      if (code) coding.code = code;
      const display = str(c.display);
      if (display) coding.display = display;
      out.push(coding);
    }
  }
  return out;
}

/** Does a CodeableConcept (or a list of them) carry one of `codes` in `system`? Allocation-free: a hot path. */
export function hasCode(cc: unknown, system: string, codes: readonly string[]): boolean {
  const concepts = Array.isArray(cc) ? cc : [cc];
  for (const concept of concepts) {
    if (!isObject(concept)) continue;
    const list = concept.coding;
    const codingList = Array.isArray(list) ? list : isObject(list) ? [list] : [];
    for (const c of codingList) {
      if (!isObject(c) || typeof c.code !== 'string' || !codes.includes(c.code)) continue;
      if (normSystem(str(c.system)) === system) return true;
    }
  }
  return false;
}

export function firstCode(cc: unknown, system: string, codes: readonly string[]): string | undefined {
  return codings(cc).find((c) => c.system === system && c.code !== undefined && codes.includes(c.code))?.code;
}

/** Text and displays of a CodeableConcept, for text matching. */
export function conceptText(cc: unknown): string {
  const parts: string[] = [];
  for (const concept of arr(cc)) {
    if (!isObject(concept)) continue;
    const t = str(concept.text);
    if (t) parts.push(t);
  }
  for (const c of codings(cc)) if (c.display) parts.push(c.display);
  return parts.join(' | ');
}

/** A concept's human name: its text, else its first coding's display. */
export function conceptName(cc: unknown): string | undefined {
  for (const concept of arr(cc)) if (isObject(concept) && str(concept.text)) return str(concept.text);
  return codings(cc).find((c) => c.display)?.display;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const num2 = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Fast path for the common instant forms `YYYY-MM-DDTHH:MM:SS[.fff]Z` and `…±HH:MM` (every result of every
 * request goes through here; Date.parse was the engine's costliest line). Anything else: undefined.
 */
function parseInstantFast(s: string): number | undefined {
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const year = num2(s, 0) * 100 + num2(s, 2);
  const month = num2(s, 5);
  const day = num2(s, 8);
  const hour = num2(s, 11);
  const minute = num2(s, 14);
  const second = num2(s, 17);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let scale = 100;
    for (i++; i < s.length && digit(s, i) >= 0; i++) {
      ms += digit(s, i) * scale;
      scale /= 10;
    }
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 && i === s.length - 1) offset = 0;
  else if ((z === 43 || z === 45) && i === s.length - 6 && s.charCodeAt(i + 3) === 58) offset = (z === 45 ? -1 : 1) * (num2(s, i + 1) * 60 + num2(s, i + 4));
  else return undefined;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60)) return undefined;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(ms)) - offset * 60_000;
  return Number.isFinite(t) ? t : undefined;
}

/** Parses a FHIR date/dateTime/instant to epoch ms (partial dates to their first instant). */
export function parseTime(x: unknown): number | undefined {
  const s = str(x);
  if (s !== undefined) {
    const fast = parseInstantFast(s);
    if (fast !== undefined) return fast;
  }
  if (!s || !/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}.*)?)?)?$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

/** When an Observation was made: effectiveDateTime, effectiveInstant, or the end (else start) of effectivePeriod. */
export function effectiveTime(resource: Json): number | undefined {
  const direct = parseTime(resource.effectiveDateTime) ?? parseTime(resource.effectiveInstant);
  if (direct !== undefined) return direct;
  const period = resource.effectivePeriod;
  if (isObject(period)) return parseTime(period.end) ?? parseTime(period.start);
  return undefined;
}

export function ref(resource: Json): string {
  const type = str(resource.resourceType) ?? 'Resource';
  const id = str(resource.id);
  return id ? `${type}/${id}` : `${type}/(no id)`;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A Quantity's unit: the UCUM code when given, else the human unit. */
export function quantityUnit(q: Json): string | undefined {
  return str(q.code) ?? str(q.unit);
}

export const DAY_MS = 86_400_000;

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}
