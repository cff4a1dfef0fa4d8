/**
 * Issue 21, logging never blocks: the log destination takes lines into a bounded buffer; past it, lines are dropped
 * and counted (never waited for), and waiting for the buffer to drain is bounded. A stream that never drains
 * stands for a stdout pipe nobody reads.
 */
import { Writable } from 'node:stream';
import { createLogger, LogDestination } from '../../src/http/logging.js';

/** Takes the first write and never calls back: everything after it stays buffered, as on a full pipe. */
const stalled = () =>
  new Writable({
    highWaterMark: 1,
    write(_chunk, _encoding, _callback) {
      // never done
    },
  });

describe('LogDestination', () => {
  it('past the bound, lines are dropped and counted, and each drop is reported', () => {
    const destination = new LogDestination(stalled(), 4096);
    const reported: number[] = [];
    destination.onDrop = (n) => void reported.push(n);
    const logger = createLogger('info', destination);
    for (let i = 0; i < 1000; i++) logger.info({ i, pad: 'x'.repeat(100) }, 'line');
    expect(destination.buffered).toBeLessThanOrEqual(4096);
    expect(destination.dropped).toBeGreaterThan(900);
    expect(reported.reduce((a, b) => a + b, 0)).toBe(destination.dropped);
  });

  it('waiting for a drain that never comes ends at its bound (the shutdown goes on)', async () => {
    const destination = new LogDestination(stalled(), 4096);
    destination.write('{"msg":"one"}\n');
    destination.write('{"msg":"two"}\n');
    await expect(destination.drained(10)).resolves.toBeUndefined();
  });

  it('a closed stdout (EPIPE): later lines are dropped and counted, nothing throws', () => {
    const out = stalled();
    const destination = new LogDestination(out, 4096);
    out.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(destination.write('{"msg":"after"}\n')).toBe(true);
    expect(destination.dropped).toBe(1);
  });

  it('lines within the bound are written as they are', () => {
    const lines: string[] = [];
    const out = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger('info', new LogDestination(out, 4096));
    logger.info({ n: 1 }, 'hello');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ n: 1, msg: 'hello', service: 'ifn-timing-cds' });
  });
});
