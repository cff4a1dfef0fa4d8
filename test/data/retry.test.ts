/**
 * Transient FHIR failures are retried once inside the budget, 4xx never; Retry-After is honoured when it
 * fits; each retry is logged without the token or patient ids, and counted by the observer. Connections are
 * kept alive across the calls of one hook call and across hook calls.
 */
import request from 'supertest';
import type { FhirResource } from 'fhir/r4';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { FhirFetcher, retryAfterMs } from '../../src/data/fhir-fetch.js';
import { NOW } from '../../devkit/builders.js';
import { startFhirSandbox, type FhirSandbox, type SandboxFault } from '../../devkit/fhir-sandbox.js';
import { longHistoryPatient } from '../../devkit/synthetic-patient.js';
import { testApp, PV } from '../../devkit/test-app.js';

const TOKEN = 'retry-test-token-secret';
const resources: FhirResource[] = longHistoryPatient(NOW, 50, 'window', DEFAULT_CLINICAL_CONFIG, 'retry-patient-7731');
const PATIENT = 'retry-patient-7731';
/** Calls one hook call makes when nothing fails (v3: ten keys; hbvMarkers and histology split in two, safetyLabs in four). */
const CALLS = 15;
const isAltSearch = (u: string) => u.startsWith('/Observation') && u.includes('1742-6');

const body = (fhirServer: string) => ({
  hookInstance: '0b6f3c7e-5a1d-4c7b-9f2e-3d8a1b2c4e5f',
  hook: 'patient-view',
  context: { userId: 'Practitioner/dr-li', patientId: PATIENT },
  fhirServer,
  fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'ifn-timing-cds' },
});

async function withServer(fn: (s: FhirSandbox & { url: string }) => Promise<void>) {
  const server = await startFhirSandbox(resources, { token: TOKEN, indexedObservations: true });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

const post = (t: ReturnType<typeof testApp>, fhirServer: string) => request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(body(fhirServer)));

describe('transient failures are retried once', () => {
  // A per-call timeout short enough for the hung-call case, with margin for a loaded machine.
  const t = testApp({ CDS_FHIR_TIMEOUT_MS: '1500' });

  const transient: [string, SandboxFault][] = [
    ['HTTP 502', { status: 502 }],
    ['HTTP 503', { status: 503 }],
    ['HTTP 504', { status: 504 }],
    ['a connection reset', 'reset'],
    ['a call that times out', 'hang'],
  ];
  for (const [name, fault] of transient) {
    it(`${name} on the ALT search: retried, and the card comes`, async () => {
      await withServer(async (fhir) => {
        fhir.inject(fault, isAltSearch);
        const logsBefore = t.logs.length;
        const res = await post(t, fhir.url);
        expect(res.status).toBe(200);
        expect(res.body.cards[0].source.topic.code).toBe('ifn-window');
        expect(fhir.calls.filter((c) => isAltSearch(c.url))).toHaveLength(2);
        expect(fhir.calls).toHaveLength(CALLS + 1);
        // Logged once, with the resource type and the reason, never the token, the query or the patient id.
        const retryLogs = t.logs.slice(logsBefore).filter((l) => l.includes('retrying once'));
        expect(retryLogs).toHaveLength(1);
        expect(retryLogs[0]).toContain('"fhirCall":"Observation"');
        expect(retryLogs[0]).not.toContain(TOKEN);
        expect(retryLogs[0]).not.toContain(PATIENT);
        expect(retryLogs[0]).not.toContain('1742-6');
      });
    });
  }

  it('a second failure of the same call is a 412: one retry only', async () => {
    await withServer(async (fhir) => {
      fhir.inject({ status: 503 }, isAltSearch, 2);
      const res = await post(t, fhir.url);
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/Data \\"alt\\".*answered HTTP 503/);
      expect(fhir.calls.filter((c) => isAltSearch(c.url))).toHaveLength(2);
    });
  });

  it('Retry-After that fits the budget is waited for', async () => {
    await withServer(async (fhir) => {
      fhir.inject({ status: 503, retryAfter: '1' }, isAltSearch);
      const res = await post(t, fhir.url);
      expect(res.status).toBe(200);
      const [first, second] = fhir.calls.filter((c) => isAltSearch(c.url));
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    });
  });

  it('Retry-After beyond the budget: no retry, a 412 that says so', async () => {
    await withServer(async (fhir) => {
      fhir.inject({ status: 503, retryAfter: '120' }, isAltSearch);
      const res = await post(t, fhir.url);
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/HTTP 503 \(it asked to retry after 120 s, beyond the request budget\)/);
      expect(fhir.calls.filter((c) => isAltSearch(c.url))).toHaveLength(1);
    });
  });
});

describe('4xx are never retried', () => {
  const t = testApp();
  for (const status of [400, 401, 403, 404, 429]) {
    it(`HTTP ${status} on the ALT search: a 412 after one call`, async () => {
      await withServer(async (fhir) => {
        fhir.inject({ status }, isAltSearch);
        const logsBefore = t.logs.length;
        const res = await post(t, fhir.url);
        expect(res.status).toBe(412);
        expect(JSON.stringify(res.body)).toMatch(new RegExp(`Data \\\\"alt\\\\".*HTTP ${status}`));
        expect(fhir.calls.filter((c) => isAltSearch(c.url))).toHaveLength(1);
        expect(t.logs.slice(logsBefore).some((l) => l.includes('retrying once'))).toBe(false);
      });
    });
  }
});

describe('the observer counts every call and every retry', () => {
  it('one 502, then answers', async () => {
    await withServer(async (fhir) => {
      fhir.inject({ status: 502 });
      const seen: string[] = [];
      let retries = 0;
      const fetcher = new FhirFetcher({
        fhirServer: fhir.url,
        accessToken: TOKEN,
        timeoutMs: 2000,
        maxPages: 5,
        budget: new AbortController().signal,
        deadline: Date.now() + 10_000,
        now: NOW.getTime(),
        observer: { fhirCall: (outcome, seconds) => void seen.push(`${outcome}:${seconds >= 0 && seconds < 10}`), retry: () => void retries++ },
        random: () => 0,
      });
      const out = await fetcher.run([{ query: `Patient/${PATIENT}` }]);
      expect(out.ok).toBe(true);
      expect(seen).toEqual(['server-error:true', 'ok:true']);
      expect(retries).toBe(1);
    });
  });

  it('Retry-After: delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('connection reuse', () => {
  const t = testApp();

  it('the calls of one hook call, and of the next hook calls, share kept-alive connections', async () => {
    await withServer(async (fhir) => {
      const first = await post(t, fhir.url);
      expect(first.status).toBe(200);
      const afterFirst = fhir.connections;
      // At most one connection per query in flight at once, however many calls.
      expect(afterFirst).toBeGreaterThan(0);
      expect(afterFirst).toBeLessThanOrEqual(CALLS);
      for (let i = 0; i < 3; i++) expect((await post(t, fhir.url)).status).toBe(200);
      expect(fhir.calls.length).toBe(4 * CALLS);
      // Three more hook calls, 39 more FHIR calls, no new connection.
      expect(fhir.connections).toBe(afterFirst);
    });
  });
});
