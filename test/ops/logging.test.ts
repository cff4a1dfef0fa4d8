/**
 * Issue 23: log lines an operator can read: ISO-8601 times, level names, a request id on every request line
 * (the caller's X-Request-Id when it is a safe token, else a new one; echoed in the response).
 */
import request from 'supertest';
import { PV, fixtureRequest, testApp } from '../../devkit/test-app.js';
import { capturedLogger } from '../../devkit/log-capture.js';
import { requestIdFor } from '../../src/http/logging.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;


const requestLine = (logs: string[]) => JSON.parse(logs.find((l) => l.includes('"msg":"request"'))!) as Record<string, unknown>;

describe('log line format', () => {
  it('time is ISO-8601 UTC with milliseconds; level is the name', () => {
    const { lines, logger } = capturedLogger('debug');
    const before = Date.now();
    logger.info({ n: 1 }, 'hello');
    logger.warn('careful');
    logger.error('bad');
    logger.debug('detail');
    const parsed = lines.map((l) => JSON.parse(l) as { time: unknown; level: unknown });
    expect(parsed.map((p) => p.level)).toEqual(['info', 'warn', 'error', 'debug']);
    for (const p of parsed) {
      expect(p.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(p.time as string)).toBeGreaterThanOrEqual(before - 1);
    }
  });

  it('the level threshold still applies by name (info drops debug)', () => {
    const { lines, logger } = capturedLogger('info');
    logger.debug('hidden');
    logger.info('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });
});

describe('request id', () => {
  it('a safe X-Request-Id is kept; an unsafe, empty or overlong one is replaced by a new UUID', () => {
    for (const safe of ['abc-123', 'a'.repeat(128), 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'req:42/x+y=z@ehr.example_1~2']) expect(requestIdFor(safe)).toBe(safe);
    for (const unsafe of ['', 'a'.repeat(129), 'has space', 'line\nbreak', '"quoted"', '<script>', 'semi;colon', 'ünïcode']) expect(requestIdFor(unsafe)).toMatch(UUID);
    expect(requestIdFor(undefined)).toMatch(UUID);
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });

  it("the caller's id is echoed in the response and on the request's log line", async () => {
    const t = testApp();
    const res = await request(t.app).get('/livez').set('X-Request-Id', 'ehr-trace-0001');
    expect(res.headers['x-request-id']).toBe('ehr-trace-0001');
    expect(requestLine(t.logs)).toMatchObject({ requestId: 'ehr-trace-0001', path: '/livez', level: 'info' });
  });

  it('without one (or with an unsafe one) a UUID is made, echoed and logged; the unsafe value appears nowhere', async () => {
    const t = testApp();
    const hostile = 'x'.repeat(200);
    const res = await request(t.app).post(PV).set('Content-Type', 'application/json').set('X-Request-Id', hostile).send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    const line = requestLine(t.logs);
    expect(line).toMatchObject({ requestId: id, status: 200, serviceId: 'ifn-timing-patient-view', level: 'info' });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(t.logs.join('\n')).not.toContain(hostile);
    // Tracing is off in this process: no trace fields.
    expect(line).not.toHaveProperty('trace_id');
  });

  it('every request gets its own id, errors included', async () => {
    const t = testApp();
    const a = await request(t.app).get('/nowhere');
    const b = await request(t.app).post(PV).set('Content-Type', 'application/json').send('{not json');
    expect(a.status).toBe(404);
    expect(b.status).toBe(400);
    const ids = [a.headers['x-request-id'], b.headers['x-request-id']];
    expect(ids.every((i) => UUID.test(String(i)))).toBe(true);
    expect(ids[0]).not.toBe(ids[1]);
    const logged = t.logs.filter((l) => l.includes('"msg":"request"')).map((l) => (JSON.parse(l) as { requestId: string }).requestId);
    expect(logged).toEqual(ids);
  });
});

describe('a defect', () => {
  it('the "unhandled error" line carries the request id of the request that met it (and the caller gets a plain 500)', async () => {
    const failing = { config: buildClinicalConfig({}), evaluate: () => { throw new Error('engine defect'); } };
    const t = testApp({}, undefined, { engine: failing });
    const res = await request(t.app).post(PV).set('Content-Type', 'application/json').set('X-Request-Id', 'ehr-req-500').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('engine defect');
    const defect = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'unhandled error');
    expect(defect).toMatchObject({ level: 'error', requestId: 'ehr-req-500' });
  });
});
