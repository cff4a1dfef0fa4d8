/**
 * A cap on hook calls in flight in this process: past it a call is answered at once with 503 `transient` and
 * `Retry-After`, before its body is read or its token checked; nothing queues, so a burst cannot pile up work
 * or memory behind the calls already running.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CdsError, Failure } from '../contract/outcomes.js';

/** Seconds a refused caller is asked to wait. */
export const BUSY_RETRY_AFTER_S = 1;

export function inFlightCap(max: number): RequestHandler & { inFlight(): number } {
  let inFlight = 0;
  const handler = (_req: Request, res: Response, next: NextFunction): void => {
    if (inFlight >= max) {
      res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_S));
      return next(new CdsError(Failure.Unavailable, `The service is answering ${max} hook calls already; retry in ${BUSY_RETRY_AFTER_S} s`));
    }
    inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
    };
    // 'close' also fires when the caller goes away before the answer: the slot is freed either way.
    res.once('finish', release);
    res.once('close', release);
    next();
  };
  return Object.assign(handler, { inFlight: () => inFlight });
}
