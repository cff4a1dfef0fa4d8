/**
 * CORS for browser-based EHRs and the CDS Hooks Sandbox. Origins come from an allowlist (a `*` in an
 * entry matches one port or label); the answer never says `*` and never allows credentials: CDS Hooks
 * authenticates with an Authorization header, which needs no cookies.
 */
import type { NextFunction, Request, Response } from 'express';

export function originMatcher(allowed: string[]): (origin: string) => boolean {
  const patterns = allowed.map(
    (a) => new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[A-Za-z0-9-]+')}$`),
  );
  return (origin) => patterns.some((p) => p.test(origin));
}

export function cors(allowed: string[]) {
  const isAllowed = originMatcher(allowed);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && isAllowed(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Content-Type, X-Request-Id');
    }
    if (req.method === 'OPTIONS' && origin && isAllowed(origin)) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      // W3C trace context and a request id from a browser-based EHR are honoured (logs, traces).
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, traceparent, tracestate, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    next();
  };
}

/** The preflight answer, on the CDS Hooks routes only (app.ts): any other path's OPTIONS is a 404 like its GET. */
export function preflight(_req: Request, res: Response): void {
  res.status(204).end();
}
