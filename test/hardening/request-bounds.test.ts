/**
 * Issue 21 item 1: bounded work per request. Each finding replayed: the 4.8 MB feedback POST of 1,600,000 empty
 * items (it took the process to a 4.5 GB heap and down), the 5 MB `selections` list (a 139–189 MB error answer),
 * a thousand bad items within the limits, hook calls past the in-flight cap, a client that never finishes its
 * headers. Waits are on events (a response, a socket's close, a request reaching a server), never on the clock.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { OS, PV, fixtureRequest, testApp } from '../../devkit/test-app.js';
import { createServer } from '../../src/http/server.js';

const FEEDBACK = `${PV}/feedback`;
const MB = 1024 * 1024;

/** Posts `body` to a real listening server; resolves with the status, the raw answer and its size. */
async function postRaw(app: http.RequestListener, path: string, body: string): Promise<{ status: number; text: string }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, text: await res.text() };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const heap = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed;
};

describe('the crash body and its kin: 400, small answers, bounded memory', () => {
  it('1,600,000 empty feedback items (4.8 MB): 400 naming feedback, an answer under 4 KB, heap growth under 256 MB', async () => {
    const t = testApp();
    const body = `{"feedback":[${'{},'.repeat(1_599_999)}{}]}`;
    expect(body.length).toBeGreaterThan(4_700_000);
    const before = heap();
    const res = await postRaw(t.app, FEEDBACK, body);
    const grown = process.memoryUsage().heapUsed - before;
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(4 * 1024);
    expect(JSON.parse(res.text).issue[0]).toMatchObject({ diagnostics: 'feedback has more than 1000 items', expression: ['feedback'] });
    // Parsing 4.8 MB of JSON into 1.6 M objects costs what it costs (bounded by CDS_BODY_LIMIT); nothing beyond it.
    expect(grown).toBeLessThan(256 * MB);
  });

  it('a 5 MB selections list on order-select: 400, an answer under 4 KB', async () => {
    const t = testApp();
    const good = fixtureRequest('order-select-interferon') as { context: Record<string, unknown> };
    const selections = Array.from({ length: 180_000 }, (_, i) => `MedicationRequest/x${i}`);
    const body = JSON.stringify({ ...good, context: { ...good.context, selections } });
    expect(body.length).toBeGreaterThan(4_500_000);
    expect(body.length).toBeLessThan(5 * MB); // under CDS_BODY_LIMIT: read and parsed, as in the finding
    const res = await postRaw(t.app, OS, body);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(4 * 1024);
    expect(res.text).toContain('context.selections has more than 1000 items');
  });

  it('1,000 selections none of which is a draft (within the limit): 400 with 20 issues and a count of the rest, under 8 KB', async () => {
    const t = testApp();
    const good = fixtureRequest('order-select-interferon') as { context: Record<string, unknown> };
    const selections = Array.from({ length: 1000 }, (_, i) => `MedicationRequest/${'y'.repeat(150)}${i}`);
    const res = await postRaw(t.app, OS, JSON.stringify({ ...good, context: { ...good.context, selections } }));
    expect(res.status).toBe(400);
    const issues = JSON.parse(res.text).issue as { diagnostics: string }[];
    expect(issues).toHaveLength(21);
    expect(issues[20]!.diagnostics).toMatch(/980 more problems/);
    expect(res.text.length).toBeLessThan(8 * 1024);
  });

  it('1,000 feedback items each missing every field: 400 with at most 21 issues', async () => {
    const t = testApp();
    const res = await postRaw(t.app, FEEDBACK, JSON.stringify({ feedback: Array.from({ length: 1000 }, () => ({})) }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).issue.length).toBeLessThanOrEqual(21);
    expect(res.text.length).toBeLessThan(8 * 1024);
  });

  it('a 1 MB hook name is not echoed whole', async () => {
    const t = testApp();
    const res = await postRaw(t.app, PV, JSON.stringify({ ...fixtureRequest('patient-view-full-prefetch'), hook: 'h'.repeat(MB) }));
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(2 * 1024);
  });
});

describe('hook calls in flight are capped: past the cap a 503 transient with Retry-After, no queue', () => {
  it('with CDS_MAX_CONCURRENT_HOOKS=1, a second call while the first waits on its FHIR server is refused at once; after it, calls pass again', async () => {
    // A FHIR server that holds every request until released, and says when one has arrived.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const firstArrived = new Promise<void>((r) => (arrived = r));
    const fhir = http.createServer((_req, res) => {
      arrived();
      void released.then(() => res.writeHead(404, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[]}'));
    });
    await new Promise<void>((r) => fhir.listen(0, '127.0.0.1', r));
    const t = testApp({ CDS_MAX_CONCURRENT_HOOKS: '1' });
    try {
      const first = request(t.app)
        .post(PV)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...fixtureRequest('patient-view-full-prefetch'), prefetch: undefined, fhirServer: `http://127.0.0.1:${(fhir.address() as AddressInfo).port}/fhir` }))
        .then((r) => r);
      await firstArrived;
      const second = await request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
      expect(second.status).toBe(503);
      expect(second.headers['retry-after']).toBe('1');
      expect(second.body.issue[0].code).toBe('transient');
      release();
      expect((await first).status).toBe(412);
      const third = await request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
      expect(third.status).toBe(200);
    } finally {
      release();
      fhir.closeAllConnections();
      fhir.close();
    }
  });
});

describe('server timeouts', () => {
  it('a client that never finishes its headers gets 408 and its connection closed (CDS_HEADERS_TIMEOUT_MS)', async () => {
    const t = testApp({ CDS_HEADERS_TIMEOUT_MS: '200', CDS_REQUEST_TIMEOUT_MS: '400' });
    const server = createServer(t.app, t.settings);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += String(d)));
      socket.write('POST /cds-services/ifn-timing-patient-view HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await new Promise<void>((r) => socket.on('close', () => r()));
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      server.close();
    }
  });

  it('the settings reach the server', () => {
    const t = testApp({ CDS_HEADERS_TIMEOUT_MS: '7000', CDS_REQUEST_TIMEOUT_MS: '20000', CDS_KEEP_ALIVE_TIMEOUT_MS: '3000' });
    const server = createServer(t.app, t.settings);
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([7000, 20000, 3000]);
    const defaults = createServer(t.app, testApp().settings);
    expect([defaults.headersTimeout, defaults.requestTimeout, defaults.keepAliveTimeout]).toEqual([10_000, 30_000, 5_000]);
  });
});
