/**
 * Defensive readers for FHIR JSON. Resources come from EHRs and prefetch as arbitrary JSON: the CDS Hooks
 * Sandbox, for one, sends objects where R4 has arrays. Nothing here throws on a surprising shape; what
 * cannot be read is simply absent.
 */
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
