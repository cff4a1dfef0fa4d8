/**
 * Input limits: hostile or broken input gets a clear 4xx before any work is done.
 */
import { CdsError, Failure, badRequest } from './outcomes.js';
import { MAX_ARRAY_ITEMS } from './schemas.js';

export interface Limits {
  jsonDepth: number;
  resources: number;
  prefetchKeys: number;
}

/**
 * Is a parsed JSON value nested deeper than `max`? Recursion stops at `max + 1` levels, so the stack stays
 * shallow whatever the input; for..in walks without allocating (this runs on every request).
 */
export function exceedsDepth(value: unknown, max: number, depth = 1): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > max) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (exceedsDepth(value[i], max, depth + 1)) return true;
    return false;
  }
  for (const k in value) if (exceedsDepth((value as Record<string, unknown>)[k], max, depth + 1)) return true;
  return false;
}

/**
 * Where the first array longer than `max` is (a path, built only when found), or undefined. Prefetch is
 * skipped at the top: its Bundles are bounded by the resource count. Run after the depth check (shallow recursion).
 */
export function overlongArray(value: unknown, max: number, top = true): (string | number)[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length > max) return [];
    for (let i = 0; i < value.length; i++) {
      const found = overlongArray(value[i], max, false);
      if (found) return [i, ...found];
    }
    return undefined;
  }
  for (const k in value) {
    if (top && k === 'prefetch') continue;
    const found = overlongArray((value as Record<string, unknown>)[k], max, false);
    if (found) return [k, ...found];
  }
  return undefined;
}

const pathText = (path: (string | number)[]): string =>
  path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '') || 'body';

function countResources(body: Record<string, unknown>): number {
  let n = 0;
  const count = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const entry = (v as { entry?: unknown }).entry;
    n += Array.isArray(entry) ? entry.length : 1;
  };
  const prefetch = body.prefetch;
  if (prefetch && typeof prefetch === 'object') for (const v of Object.values(prefetch)) count(v);
  const context = body.context as { draftOrders?: unknown } | undefined;
  if (context && typeof context === 'object') count(context.draftOrders);
  return n;
}

export function checkLimits(body: unknown, limits: Limits): void {
  if (exceedsDepth(body, limits.jsonDepth)) throw badRequest(`The request body is nested deeper than ${limits.jsonDepth} levels`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  // Before validation, which reports every problem: a million bad items must not become a million errors.
  const found = overlongArray(body, MAX_ARRAY_ITEMS);
  const long = found && pathText(found);
  if (long) throw badRequest([{ diagnostics: `${long} has more than ${MAX_ARRAY_ITEMS} items`, expression: long }]);
  const b = body as Record<string, unknown>;
  if (b.prefetch && typeof b.prefetch === 'object' && Object.keys(b.prefetch).length > limits.prefetchKeys) {
    throw badRequest([{ diagnostics: `prefetch has more than ${limits.prefetchKeys} keys`, expression: 'prefetch' }]);
  }
  if (countResources(b) > limits.resources) throw new CdsError(Failure.TooLarge, `The request carries more than ${limits.resources} resources`);
}
