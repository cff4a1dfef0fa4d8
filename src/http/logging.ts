/**
 * One structured log line per request: service, hook, hookInstance, status, duration, card topics.
 * Never headers, bodies, tokens, JWTs or resource contents.
 */
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ifn-timing-cds' },
      // Belt and braces: if a header object ever reaches a log call, its secrets are blanked.
      redact: { paths: ['authorization', 'headers.authorization', '*.authorization', 'access_token', '*.access_token'], censor: '[redacted]' },
    },
    // Buffered, asynchronous writes to stdout (flushed on exit): a synchronous write per request line cost
    // a measurable share of a hook call under load.
    (destination as never) ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** Fields a handler adds for the request's log line. */
export interface LogFields {
  serviceId?: string;
  hook?: string;
  hookInstance?: string;
  topics?: string[];
  silentBecause?: string;
  dataSources?: Record<string, string>;
  feedbackItems?: number;
  /** The authenticated client (issuer and token id are safe to log; the token is not). */
  iss?: string;
  jti?: string;
  error?: string;
  detail?: string;
}

export function logFields(res: Response): LogFields {
  return ((res.locals.log as LogFields | undefined) ??= {});
}

export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - start) / 1e6;
      const f = logFields(res);
      const line = {
        method: req.method,
        // The path only: query strings are not ours to log.
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 100) / 100,
        ...f,
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
