/** A logger made as the service makes it (createLogger, LogDestination), writing its lines into an array. */
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger, LogDestination } from '../src/http/logging.js';

export function capturedLogger(level = 'info'): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, logger: createLogger(level, new LogDestination(out, 1 << 20)) };
}
