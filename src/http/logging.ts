/**
 * One structured log line per request: service, hook, hookInstance, status, duration, card topics.
 * Never headers, bodies, tokens, JWTs or resource contents.
 */
import { createWriteStream, fstatSync } from 'node:fs';
import net from 'node:net';
import type { Writable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

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
