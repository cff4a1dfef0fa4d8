import { CdsError, Failure } from '../contract/outcomes.js';

/** A store failure as the caller sees it: 503, transient, try again. The cause goes to the log only. */
export function storeUnavailable(operation: string, cause: unknown): CdsError {
  if (cause instanceof CdsError) return cause;
  const reason = (cause as { code?: string; message?: string } | undefined)?.code ?? (cause as Error | undefined)?.message ?? String(cause);
  return new CdsError(Failure.Unavailable, 'The service cannot record this now; try again shortly', `store ${operation} failed: ${String(reason).slice(0, 200)}`);
}

