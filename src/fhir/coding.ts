/** Codings and CodeableConcepts, read defensively, with code-system aliases folded to one spelling. */
import { arr, isObject, str, type Json } from './json.js';
import { SYSTEM, SYSTEM_ALIASES } from './systems.js';

export function normSystem(system: string | undefined): string | undefined {
  if (!system) return undefined;
  return SYSTEM_ALIASES.get(system) ?? system;
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

/**
 * `codings(cc).some(visit)` without building the list: `visit` gets each coding's system and code exactly as
 * `codings` gives them (system folded, empty values undefined). Readers ask this of every Observation.
 */
export function someCoding(cc: unknown, visit: (system: string | undefined, code: string | undefined) => boolean): boolean {
  const concepts = Array.isArray(cc) ? cc : cc === undefined || cc === null ? EMPTY : [cc];
  for (const concept of concepts) {
    if (!isObject(concept)) continue;
    const list = concept.coding;
    const codingList = Array.isArray(list) ? list : list === undefined || list === null ? EMPTY : [list];
    for (const c of codingList) {
      if (!isObject(c)) continue;
      if (visit(normSystem(str(c.system)) || undefined, str(c.code) || undefined)) return true;
    }
  }
  return false;
}
const EMPTY: readonly unknown[] = [];

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

/**
 * A Quantity's unit: (v3 §2) its UCUM `code` (system UCUM, or none given), else its `unit` text (read as UCUM
 * later); a code in another system is the site's own and says nothing to UCUM, so the text goes first there.
 */
export function quantityUnit(q: Json): string | undefined {
  const code = str(q.code);
  const system = str(q.system);
  if (code !== undefined && (system === undefined || system === SYSTEM.ucum)) return code;
  return str(q.unit) ?? code;
}
