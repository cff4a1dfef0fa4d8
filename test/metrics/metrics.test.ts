/**
 * Probes and metrics over HTTP: status codes, metric names and labels after real calls (cards, 412s, feedback,
 * auth failures, FHIR calls), the /metrics allowlist, and no patient id, token or request content in the output.
 */
import request from 'supertest';
import { Metrics } from '../../src/metrics/metrics.js';
import { testEhr } from '../../devkit/client-jwt.js';
import { startFhirSandbox } from '../../devkit/fhir-sandbox.js';
import { PV, fixtureRequest, fixtureResources, testApp } from '../../devkit/test-app.js';

const hook = (app: ReturnType<typeof testApp>['app'], body: unknown, path = PV) => request(app).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('probes', () => {
  it('/livez, /readyz and /healthz answer 200 while the store takes writes; other methods 405', async () => {
    const t = testApp();
    for (const path of ['/livez', '/readyz', '/healthz']) {
      const res = await request(t.app).get(path);
      expect([path, res.status, res.body]).toEqual([path, 200, { status: 'ok' }]);
      expect((await request(t.app).post(path)).status).toBe(405);
    }
  });

  it('/readyz and /healthz 503 once the service drains (SIGTERM) or its store is gone; /livez stays 200', async () => {
    const lifecycle = { draining: false };
    const t = testApp({}, undefined, { lifecycle });
    lifecycle.draining = true;
    expect((await request(t.app).get('/readyz')).status).toBe(503);
    lifecycle.draining = false;
    await t.store.close();
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'store unavailable' });
    expect((await request(t.app).get('/healthz')).status).toBe(503);
    expect((await request(t.app).get('/livez')).status).toBe(200);
  });
});

describe('/metrics', () => {
  const TOKEN = 'fhir-access-token-never-in-metrics';
  it('counts hook calls, 412 causes, FHIR calls, feedback rows and auth failures, with bounded labels only', async () => {
    const metrics = new Metrics();
    const t = testApp({}, undefined, { metrics });
    const body = fixtureRequest('patient-view-full-prefetch');
    expect((await hook(t.app, body)).status).toBe(200);
    expect((await hook(t.app, fixtureRequest('missing-prefetch-keys'))).status).toBe(412);
    expect((await hook(t.app, body, '/cds-services/patient-chb-window-probe')).status).toBe(404);
    const fb = await request(t.app).post(`${PV}/feedback`).send({ feedback: [{ card: '00000000-0000-4000-8000-000000000001', outcome: 'overridden', overrideReason: { reason: { code: 'patient-preference' } }, outcomeTimestamp: '2026-06-15T10:20:00Z' }] });
    expect(fb.status).toBe(200);
    const fhir = await startFhirSandbox(fixtureResources('patient-view-full-prefetch'), { token: TOKEN });
    try {
      expect((await hook(t.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: TOKEN }))).status).toBe(200);
    } finally {
      await fhir.close();
    }

    const ehr = await testEhr();
    const base = 'https://cds.test.example';
    const secured = testApp({ CDS_AUTH: 'required', CDS_PUBLIC_BASE_URL: base, CDS_TRUSTED_CLIENTS: ehr.trustedClients }, undefined, { metrics });
    const jwt = await ehr.token(`${base}${PV}`);
    expect((await hook(secured.app, body).set('Authorization', `Bearer ${jwt}`)).status).toBe(200);
    expect((await hook(secured.app, body).set('Authorization', `Bearer ${jwt}`)).status).toBe(401);
    expect((await hook(secured.app, body)).status).toBe(401);

    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toContain('cds_hook_calls_total{service="ifn-timing-patient-view",status="200",decision="ifn-window"} 3');
    expect(text).toContain('cds_hook_calls_total{service="ifn-timing-patient-view",status="412",decision="none"} 1');
    expect(text).toContain('cds_hook_calls_total{service="unknown",status="404",decision="none"} 1');
    expect(text).toContain('cds_hook_calls_total{service="ifn-timing-patient-view",status="401",decision="none"} 2');
    expect(text).toMatch(/cds_hook_duration_seconds_bucket\{le="0.5",service="ifn-timing-patient-view"\} \d+/);
    expect(text).toContain('cds_precondition_failed_total{cause="no-fhir-server"} 1');
    expect(text).toContain('cds_fhir_calls_total{outcome="ok"} 15');
    expect(text).toContain('cds_fhir_call_duration_seconds_count{outcome="ok"} 15');
    expect(text).toContain('cds_feedback_rows_stored_total 1');
    expect(text).toContain('cds_auth_failures_total{check="replay"} 1');
    expect(text).toContain('cds_auth_failures_total{check="bearer"} 1');
    for (const reason of ['buffer-full', 'refused', 'shutdown']) expect(text).toContain(`cds_shown_cards_dropped_total{reason="${reason}"} 0`);
    expect(text).toMatch(/^# TYPE cds_log_lines_dropped_total counter$/m);
    expect(text).toMatch(/^# TYPE cds_store_errors_total counter$/m);
    expect(text).toMatch(/^# TYPE cds_shown_cards_buffered gauge$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    // Nothing of the patient, the tokens or the request: only fixed label values.
    for (const secret of ['chb-window', TOKEN, jwt, jwt.split('.')[1]!, ehr.iss, 'patient-chb-window-probe', 'hookInstance']) expect(text).not.toContain(secret);
  }, 30_000);

  it('answers only the allowed addresses (default loopback); CDS_METRICS_ALLOW=any opens it; a metrics port takes it off the main one', async () => {
    expect((await request(testApp({ CDS_METRICS_ALLOW: '10.1.2.3' }).app).get('/metrics')).status).toBe(404);
    expect((await request(testApp({ CDS_METRICS_ALLOW: 'any' }).app).get('/metrics')).status).toBe(200);
    expect((await request(testApp({ CDS_METRICS_PORT: '0' }).app).get('/metrics')).status).toBe(404);
  });

  it('CDS_METRICS_ALLOW takes CIDR blocks: a loopback block admits the test client (supertest connects as ::ffff:127.0.0.1), another block does not', async () => {
    expect((await request(testApp({ CDS_METRICS_ALLOW: '127.0.0.0/8' }).app).get('/metrics')).status).toBe(200);
    expect((await request(testApp({ CDS_METRICS_ALLOW: '10.0.0.0/8, fd00::/8' }).app).get('/metrics')).status).toBe(404);
  });
});
