/** /metrics passes `promtool check metrics` (Debian's prometheus package; `npm test`'s pretest installs it) after real calls. */
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { Metrics } from '../../src/metrics/metrics.js';
import { startFhirSandbox } from '../../devkit/fhir-sandbox.js';
import { PV, fixtureRequest, fixtureResources, testApp } from '../../devkit/test-app.js';

const hook = (app: ReturnType<typeof testApp>['app'], body: unknown) => request(app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(body));

const promtool = (text: string) => {
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(check.error).toBeUndefined(); // ENOENT: promtool missing (pretest installs Debian's prometheus)
  // promtool prints problems (lint and parse) and exits non-zero; clean output is empty.
  return { status: check.status, problems: `${check.stdout}${check.stderr}`.trim() };
};

describe('promtool check metrics', () => {
  it('the check can fail: a gauge named like a counter is reported', () => {
    expect(promtool('# HELP x_total a gauge\n# TYPE x_total gauge\nx_total 1\n')).toEqual({ status: 3, problems: expect.stringContaining('x_total non-counter metrics should not have "_total" suffix') });
  });

  it('reports no problem in /metrics after hook calls (200 from prefetch and from a FHIR server, 412, 404) and feedback', async () => {
    const metrics = new Metrics();
    const t = testApp({}, undefined, { metrics });
    expect((await hook(t.app, fixtureRequest('patient-view-full-prefetch'))).status).toBe(200);
    expect((await hook(t.app, fixtureRequest('missing-prefetch-keys'))).status).toBe(412);
    expect((await request(t.app).post('/cds-services/no-such-service').send({})).status).toBe(404);
    const fhir = await startFhirSandbox(fixtureResources('patient-view-full-prefetch'), { token: 'token' });
    try {
      expect((await hook(t.app, fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: 'token' }))).status).toBe(200);
    } finally {
      await fhir.close();
    }
    const feedback = { feedback: [{ card: '00000000-0000-4000-8000-000000000001', outcome: 'accepted', acceptedSuggestions: [{ id: '00000000-0000-4000-8000-000000000002' }], outcomeTimestamp: '2026-06-15T10:20:00Z' }] };
    expect((await request(t.app).post(`${PV}/feedback`).send(feedback)).status).toBe(200);
    const scraped = await request(t.app).get('/metrics');
    expect(scraped.status).toBe(200);
    for (const series of [/^cds_build_info\{version="[^"]+",rules_version="[^"]+",node="v[^"]+"\} 1$/m, /^cds_hook_calls_total\{/m, /^cds_fhir_calls_total\{outcome="ok"\}/m, /^cds_feedback_rows_stored_total 1$/m, /^# TYPE nodejs_active_handles gauge$/m]) expect(scraped.text).toMatch(series);
    expect(promtool(scraped.text)).toEqual({ status: 0, problems: '' });
  }, 30_000);
});
