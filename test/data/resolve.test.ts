/**
 * The FHIR path against a real HTTP FHIR server on 127.0.0.1: bearer token on every call, parallel queries,
 * paging through `next`, and each way the server can fail (401, down, hanging, budget, foreign next link).
 */
import request from 'supertest';
import { PV, fixtureRequest, fixtureResources, testApp } from '../../devkit/test-app.js';
import type { FhirResource } from 'fhir/r4';
import { startFhirSandbox, type FhirSandbox, type SandboxOptions } from '../../devkit/fhir-sandbox.js';

const TOKEN = 'access-token-for-this-request-only';
const resources = fixtureResources('patient-view-full-prefetch');

async function withServer(opts: SandboxOptions & { resources?: FhirResource[] }, fn: (s: FhirSandbox & { url: string }) => Promise<void>) {
  const { resources: loaded = resources, ...options } = opts;
  const server = await startFhirSandbox(loaded, { token: TOKEN, ...options });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

const call = (app: ReturnType<typeof testApp>['app'], body: unknown) =>
  request(app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('no prefetch: data from fhirServer', () => {
  const t = testApp();

  it('fetches every key in parallel with the bearer token and decides as with prefetch', async () => {
    await withServer({ latencyMs: 150 }, async (fhir) => {
      const res = await call(t.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }));
      expect(res.status).toBe(200);
      expect(res.body.cards[0].source.topic.code).toBe('ifn-window');
      // Ten keys (v3: allergies); hbvMarkers split by lookback (horizons.ts) into two queries (HBV DNA, HBeAg,
      // HBsAg whole; anti-HBc IgM), safetyLabs into four (TBil, counts + AST + TSH, pregnancy status + PT latest,
      // INR), histology into two (grade and stage whole; liver stiffness).
      expect(fhir.calls.length).toBe(15);
      expect(fhir.calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
      // All the queries were in flight together: parallel, about one round trip.
      expect(fhir.maxInFlight).toBe(15);
      expect(fhir.calls.map((c) => c.url.split('?')[0]).sort()).toEqual(
        ['/AllergyIntolerance', '/Condition', '/FamilyMemberHistory', '/MedicationRequest', '/MedicationStatement', ...Array(9).fill('/Observation'), '/Patient/chb-window'].sort(),
      );
    });
  });

  it('the same decision as full prefetch, in both modes', async () => {
    await withServer({}, async (fhir) => {
      const viaFhir = await call(t.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }));
      const viaPrefetch = await call(t.app, fixtureRequest('patient-view-full-prefetch'));
      expect(viaFhir.body.cards[0].summary).toBe(viaPrefetch.body.cards[0].summary);
    });
  });

  it('follows next links page by page, with the token, and uses every page', async () => {
    await withServer({ maxPageSize: 1 }, async (fhir) => {
      const res = await call(t.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }));
      expect(res.status).toBe(200);
      const pages = fhir.calls.filter((c) => c.url.includes('_offset='));
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
      // All three ALT results (one per page) reached the evidence table.
      expect((res.body.cards[0].detail.match(/\| ALT \|/g) ?? []).length).toBe(3);
    });
  });

  it('completes a paginated prefetch from fhirServer', async () => {
    await withServer({ maxPageSize: 1 }, async (fhir) => {
      const res = await call(t.app, fixtureRequest('paged-search', { fhirBase: fhir.url, token: TOKEN }));
      expect(res.status).toBe(200);
      expect(fhir.calls.length).toBe(2); // pages 2 and 3 of the ALT search
      expect((res.body.cards[0].detail.match(/\| ALT \|/g) ?? []).length).toBe(3);
    });
  });

  it('without fhirAuthorization, calls carry no Authorization header', async () => {
    await withServer({ token: undefined }, async (fhir) => {
      const req = fixtureRequest('fhir-server-only', { fhirBase: fhir.url });
      delete req.fhirAuthorization;
      const res = await call(t.app, req);
      expect(res.status).toBe(200);
      expect(fhir.calls.every((c) => c.authorization === undefined)).toBe(true);
    });
  });

  it('a missing Patient (404 on read) is "no data", not a failure', async () => {
    await withServer({ resources: resources.filter((r) => r.resourceType !== 'Patient') }, async (fhir) => {
      const res = await call(t.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }));
      expect(res.status).toBe(200);
    });
  });
});

describe('FHIR failures → 412, never a card on partial data, never the token', () => {
  const t = testApp({ CDS_FHIR_TIMEOUT_MS: '300' });

  async function expect412(body: unknown, pattern: RegExp): Promise<void> {
    const res = await call(t.app, body);
    expect(res.status).toBe(412);
    expect(res.body.resourceType).toBe('OperationOutcome');
    const text = JSON.stringify(res.body);
    expect(text).toMatch(pattern);
    expect(text).not.toContain(TOKEN);
  }

  it('401 from the server', async () => {
    await withServer({}, async (fhir) => {
      await expect412(fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: 'wrong-token' }), /refused the access token \(HTTP 401\)/);
    });
  });

  it('500 from the server', async () => {
    await withServer({}, async (fhir) => {
      fhir.mode = 'error';
      await expect412(fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }), /answered HTTP 500/);
    });
  });

  it('server down', async () => {
    const fhir = await startFhirSandbox(resources);
    const url = fhir.url;
    await fhir.close();
    await expect412(fixtureRequest('fhir-server-only', { fhirBase: url, token: TOKEN }), /could not be reached/);
  });

  it('server hanging past the per-call timeout', async () => {
    await withServer({}, async (fhir) => {
      fhir.mode = 'hang';
      await expect412(fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }), /did not answer within 300 ms/);
    });
  });

  it('the request budget cuts off slow paging', async () => {
    const slow = testApp({ CDS_FHIR_TIMEOUT_MS: '3000', CDS_REQUEST_BUDGET_MS: '250' });
    await withServer({ latencyMs: 100, maxPageSize: 1 }, async (fhir) => {
      const res = await call(slow.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }));
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/time budget ran out/);
    });
  });

  it('more pages than the cap', async () => {
    const capped = testApp({ CDS_FHIR_MAX_PAGES: '2' });
    await withServer({ maxPageSize: 1 }, async (fhir) => {
      const res = await call(capped.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }));
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/more than 2 pages/);
    });
  });

  it('a next link to another host is not followed: the token never leaves fhirServer', async () => {
    const elsewhere = await startFhirSandbox(resources);
    try {
      await withServer({ maxPageSize: 1, nextBase: elsewhere.url }, async (fhir) => {
        await expect412(fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }), /points outside fhirServer/);
        expect(elsewhere.calls).toHaveLength(0);
      });
    } finally {
      await elsewhere.close();
    }
  });
});
