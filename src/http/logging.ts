/**
 * One structured log line per request: request id, service, hook, hookInstance, status, duration, card topics, and
 * the trace and span ids when tracing is on. Never headers, bodies, tokens, JWTs or resource contents.
 * Lines carry ISO-8601 times and level names (`"time":"2026-12-03T20:15:00.123Z","level":"info"`).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, fstatSync } from 'node:fs';
import net from 'node:net';
import type { Writable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { pino, stdTimeFunctions, type Logger } from 'pino';
import type { Span } from '@opentelemetry/api';
import type { CdsError } from '../contract/outcomes.js';
import { preconditionCause } from '../metrics/metrics.js';
import { ATTR, isSafeCode, runIn, spanFailed, spansOn, startServerSpan, traceLogFields } from '../telemetry/spans.js';

/**
 * Where log lines go: stdout, written asynchronously through a bounded buffer. A line that does not fit (stdout
 * full or gone: a stalled log shipper, a supervisor that stopped reading) is dropped and counted, never waited
 * for, so logging cannot stall the event loop, the requests or the shutdown. Nothing is written synchronously at
 * exit (pino's own stdout destination flushes synchronously on exit, which blocks for ever on a full pipe).
 */
/** Bytes of log lines waiting for stdout before new lines are dropped (CDS_LOG_BUFFER). */
export const DEFAULT_LOG_BUFFER_BYTES = 1024 * 1024;

export class LogDestination {
  /** Lines dropped since start. */
  dropped = 0;
  /** Told of each dropped line (a metric). */
  onDrop: ((lines: number) => void) | undefined;
  private closed = false;

  constructor(
    private readonly out: Writable,
    private readonly maxBufferBytes: number,
  ) {
    out.on('error', () => {
      // EPIPE and the like: stdout is gone; later lines are dropped and counted.
      this.closed = true;
    });
  }

  /** stdout as an asynchronous stream: a pipe or socket in non-blocking mode; a file or terminal through libuv's thread pool. */
  static stdout(maxBufferBytes: number): LogDestination {
    let out: Writable;
    // Node opens /dev/null in place of a closed stdout at start-up, so fd 1 is always there.
    const stat = fstatSync(1);
    if (stat.isFIFO() || stat.isSocket()) {
      // process.stdout would put the pipe in blocking mode (Node makes pipes synchronous on Linux): created first,
      // so that this socket, opened after it, leaves the file descriptor non-blocking.
      void process.stdout;
      const socket = new net.Socket({ fd: 1, readable: false, writable: true });
      socket.unref();
      out = socket;
    } else {
      out = createWriteStream('', { fd: 1, autoClose: false });
    }
    return new LogDestination(out, maxBufferBytes);
  }

  /** pino's destination interface. */
  write(line: string): boolean {
    if (this.closed || this.out.writableLength + line.length > this.maxBufferBytes) {
      this.dropped++;
      this.onDrop?.(1);
      return true;
    }
    this.out.write(line);
    return true;
  }

  /** Bytes waiting to be written. */
  get buffered(): number {
    return this.out.writableLength;
  }

  /** Resolves when what is buffered has been written, or after `timeoutMs`, whichever comes first (never blocks). */
  drained(timeoutMs: number): Promise<void> {
    if (this.closed || this.out.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.out.off('drain', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      this.out.once('drain', done);
    });
  }
}

export function createLogger(level: string, destination?: NodeJS.WritableStream | LogDestination): Logger {
  return pino(
    {
      level,
      base: { service: 'ifn-timing-cds' },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A line written inside a traced request names its trace and span (nothing when tracing is off).
      mixin: () => traceLogFields(),
      // Belt and braces: if a header object ever reaches a log call, its secrets are blanked.
      redact: { paths: ['authorization', 'headers.authorization', '*.authorization', 'access_token', '*.access_token'], censor: '[redacted]' },
    },
    // Asynchronous writes to stdout through a bounded buffer (LogDestination): a synchronous write per request
    // line cost a measurable share of a hook call under load, and could block for ever on a full pipe.
    (destination ?? LogDestination.stdout(DEFAULT_LOG_BUFFER_BYTES)) as never,
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

/** An incoming X-Request-Id kept as the request's id: a plain token of at most 128 characters. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:@+=\/-]{1,128}$/;

/** The request's id: the caller's X-Request-Id when it is a safe token, else a new UUID. */
export function requestIdFor(incoming: string | undefined): string {
  return incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The CDS Hooks routes that get a SERVER span, by method and path: the span's name (the route, never the path). */
function tracedRoute(method: string, path: string): string | undefined {
  if (path === '/cds-services') return method === 'GET' ? '/cds-services' : undefined;
  if (method !== 'POST') return undefined;
  if (/^\/cds-services\/[^/]+$/.test(path)) return '/cds-services/{id}';
  if (/^\/cds-services\/[^/]+\/feedback$/.test(path)) return '/cds-services/{id}/feedback';
  return undefined;
}

export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const requestId = requestIdFor(req.get('x-request-id'));
    res.setHeader('X-Request-Id', requestId);
    const route = spansOn() ? tracedRoute(req.method, req.path) : undefined;
    // The hook call's span: the child of the EHR's traceparent when it sent one; the route's handlers, and the
    // body stream's events, run in its context, so FHIR calls, the engine and the store writes are its children.
    const traced = route ? startServerSpan(`${req.method} ${route}`, req.headers, { [ATTR.httpMethod]: req.method, [ATTR.httpRoute]: route }) : undefined;
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - start) / 1e6;
      const f = logFields(res);
      const line = {
        requestId,
        method: req.method,
        // The path only: query strings are not ours to log.
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 100) / 100,
        ...f,
        ...(traced ? traceLogFields(traced.span) : {}),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
      if (traced) endServerSpan(traced.span, res.statusCode, f, res.locals.failure as CdsError | undefined);
    });
    if (traced) runIn(traced.context, [req, res], next);
    else next();
  };
}

/** The hook's span gets what the handler learnt (service, hook, decision code: no patient data) and the status. */
function endServerSpan(span: Span, status: number, f: LogFields, failure: CdsError | undefined): void {
  span.setAttribute(ATTR.httpStatus, status);
  if (f.serviceId) span.setAttribute(ATTR.cdsServiceId, f.serviceId);
  // The hook name as the caller sent it (logged before validation): only when it looks like one.
  if (isSafeCode(f.hook)) span.setAttribute(ATTR.cdsHook, f.hook);
  if (f.topics?.length) span.setAttribute(ATTR.cdsDecision, f.topics);
  if (f.silentBecause) span.setAttribute(ATTR.cdsSilentBecause, f.silentBecause);
  if (f.feedbackItems !== undefined) span.setAttribute(ATTR.cdsFeedbackItems, f.feedbackItems);
  // A server span fails on a 5xx only (a 4xx is the caller's); the 412's reason is a code of ours, not data.
  if (status >= 500) spanFailed(span, isSafeCode(f.error) ? f.error : String(status));
  else if (status === 412 && isSafeCode(f.error)) span.setAttribute(ATTR.errorType, f.error);
  // Why data could not be had, as the metrics count it (fixed codes such as fhir-unreachable; never the text).
  if (status === 412 && failure) span.setAttribute(ATTR.cdsPreconditionCauses, [...new Set(failure.issues.map((i) => preconditionCause(i.diagnostics)))]);
  span.end();
}
