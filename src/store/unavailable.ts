import { createHash } from 'node:crypto';
import { CdsError, Failure } from '../contract/outcomes.js';

/** A store failure as the caller sees it: 503, transient, try again. The cause goes to the log only. */
export function storeUnavailable(operation: string, cause: unknown): CdsError {
  if (cause instanceof CdsError) return cause;
  const reason = (cause as { code?: string; message?: string } | undefined)?.code ?? (cause as Error | undefined)?.message ?? String(cause);
  return new CdsError(Failure.Unavailable, 'The service cannot record this now; try again shortly', `store ${operation} failed: ${String(reason).slice(0, 200)}`);
}

/**
 * The jti memory's key as stored: as given when short and plain, else its SHA-256 (a primary key past PostgreSQL's
 * index row limit, or text with U+0000, would be refused as data: a token must be refused as a replay or accepted,
 * never answered 503 for ever). Hashing keeps replay detection exact.
 */
export function jtiKey(key: string): string {
  return key.length <= 512 && !key.includes('\u0000') ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
