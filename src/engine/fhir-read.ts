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

export function hasCode(cc: unknown, system: string, codes: readonly string[]): boolean {
  return codings(cc).some((c) => c.system === system && c.code !== undefined && codes.includes(c.code));
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

/** Parses a FHIR date/dateTime/instant to epoch ms (partial dates to their first instant). */
export function parseTime(x: unknown): number | undefined {
  const s = str(x);
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
