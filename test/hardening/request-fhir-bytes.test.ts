/**
 * Issue 21 item 2: FHIR answers are bounded in bytes, compressed or not. A gzip bomb (≈65 KB inflating to
 * 64 MB) from a FHIR server on this machine aborts early with a 412 naming the key, its resource type and the
 * reason code `fhir-too-large`, and the heap never holds the inflated answer.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { fixtureRequest, PV, testApp } from '../../devkit/test-app.js';
import { FhirFetcher } from '../../src/data/fhir-fetch.js';

const INFLATED = 64 * 1024 * 1024;
const bomb = gzipSync(Buffer.alloc(INFLATED, 0x20));

interface Server {
  url: string;
  calls: string[];
  close(): Promise<void>;
}

/** Answers every GET with `body` (gzip-encoded when `gzip`), as FHIR JSON. */
async function fhirServer(body: Buffer, gzip: boolean): Promise<Server> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/fhir+json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fetcher = (url: string, perResponse: number, perRequest: number) =>
  new FhirFetcher({
    fhirServer: url,
    timeoutMs: 20_000,
    maxPages: 5,
    maxBytes: { perResponse, perRequest },
    budget: new AbortController().signal,
    deadline: Date.now() + 60_000,
    now: Date.now(),
  });

describe('FHIR answers bounded in bytes', () => {
  it(`a gzip bomb (${bomb.length} bytes → 64 MB) on every key: 412 fhir-too-large naming the key and type; the heap does not grow by the inflated size`, async () => {
    expect(bomb.length).toBeLessThan(100_000);
    const server = await fhirServer(bomb, true);
    try {
      const t = testApp();
      const body = { ...fixtureRequest('patient-view-full-prefetch'), fhirServer: server.url } as Record<string, unknown>;
      delete body.prefetch; // every key from fhirServer: 14 parallel queries, as in the finding
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      const res = await request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(body));
      const grown = process.memoryUsage().heapUsed - before;
      expect(res.status).toBe(412);
      const text = JSON.stringify(res.body);
      expect(text).toMatch(/Data \\"alt\\" \(Observation\) is unavailable \[fhir-too-large\]/);
      expect(text).toMatch(/Data \\"patient\\" \(Patient\) is unavailable \[fhir-too-large\]/);
      expect(text.length).toBeLessThan(8 * 1024);
      // 14 answers of 64 MB would be ~900 MB inflated; capped at 10 MB each and 40 MB in all, less than one is left held.
      expect(grown).toBeLessThan(INFLATED);
      expect(server.calls.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('a plain (uncompressed) answer over the per-response cap: too large; just under it: read', async () => {
    const patient = Buffer.from(JSON.stringify({ resourceType: 'Patient', id: 'p1', text: { div: 'x'.repeat(5000) } }));
    const server = await fhirServer(patient, false);
    try {
      const over = await fetcher(server.url, patient.length - 1, 1_000_000).run([{ query: 'Patient/p1' }]);
      expect(over).toMatchObject({ ok: false, code: 'fhir-too-large' });
      const under = await fetcher(server.url, patient.length, 1_000_000).run([{ query: 'Patient/p1' }]);
      expect(under).toMatchObject({ ok: true, value: { resourceType: 'Patient', id: 'p1' } });
    } finally {
      await server.close();
    }
  });

  it('a gzip answer is inflated and read when under the caps; the per-request total counts every answer of the call', async () => {
    const patient = Buffer.from(JSON.stringify({ resourceType: 'Patient', id: 'p1', text: { div: 'y'.repeat(5000) } }));
    const server = await fhirServer(gzipSync(patient), true);
    try {
      const f = fetcher(server.url, 1_000_000, patient.length * 2);
      expect(await f.run([{ query: 'Patient/p1' }])).toMatchObject({ ok: true, value: { id: 'p1' } });
      expect(await f.run([{ query: 'Patient/p1' }])).toMatchObject({ ok: true, value: { id: 'p1' } });
      // The third answer takes the call past twice one answer.
      expect(await f.run([{ query: 'Patient/p1' }])).toMatchObject({ ok: false, code: 'fhir-too-large', reason: expect.stringMatching(/answers of this call/) });
    } finally {
      await server.close();
    }
  });
});
