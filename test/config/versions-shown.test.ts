/**
 * The service version and the clinical rules version are shown: in discovery (an `extension` on each service), on
 * every card (source extension), in /rules, in /metrics (cds_build_info) and in the start-up line. Each served
 * document still passes the contract schemas.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildInfo, withVersionExtension } from '../../src/config/build-info.js';
import { loadDiscovery } from '../../src/config/discovery.js';
import { PACKAGE_ROOT, loadSettings } from '../../src/config/settings.js';
import { VERSION_EXTENSION } from '../../src/contract/schemas.js';
import { discoveryErrors, responseErrors } from '../../src/contract/validate.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { PV, fixtureRequest, testApp } from '../../devkit/test-app.js';

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('versions shown', () => {
  it('buildInfo: package.json version (semver), RULES_VERSION, the running Node', () => {
    expect(buildInfo()).toEqual({ version: PACKAGE_VERSION, rulesVersion: RULES_VERSION, node: process.version });
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('discovery: every service carries both versions in its extension, a site extension kept, a stale version replaced; the schema passes', async () => {
    const file = loadDiscovery(loadSettings({}).servicesFile);
    const served = withVersionExtension(file);
    expect(served.services.length).toBe(file.services.length);
    for (const s of served.services) expect(s.extension).toEqual({ [VERSION_EXTENSION.version]: PACKAGE_VERSION, [VERSION_EXTENSION.rulesVersion]: RULES_VERSION });
    expect(discoveryErrors(served)).toEqual([]);
    const site = { ...file, services: file.services.map((s) => ({ ...s, extension: { 'org.example.site': 'x', [VERSION_EXTENSION.rulesVersion]: '1' } })) };
    expect(discoveryErrors(site)).toEqual([]);
    expect(withVersionExtension(site).services[0]!.extension).toEqual({ 'org.example.site': 'x', [VERSION_EXTENSION.version]: PACKAGE_VERSION, [VERSION_EXTENSION.rulesVersion]: RULES_VERSION });
    // Served through the app.
    const t = testApp({}, undefined, { discovery: served });
    const { body } = await request(t.app).get('/cds-services');
    expect(body.services.map((s: { extension: Record<string, string> }) => s.extension[VERSION_EXTENSION.rulesVersion])).toEqual(file.services.map(() => RULES_VERSION));
  });

  it('every card: source.extension carries the rules version, and the response passes the card schema', async () => {
    const t = testApp();
    for (const fixture of ['patient-view-full-prefetch', 'order-select-interferon']) {
      const res = await request(t.app).post(fixture.startsWith('order-select') ? '/cds-services/ifn-timing-order-select' : PV).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest(fixture)));
      expect(res.status).toBe(200);
      expect(res.body.cards.length).toBeGreaterThan(0);
      for (const card of res.body.cards) expect(card.source.extension).toEqual({ [VERSION_EXTENSION.rulesVersion]: RULES_VERSION });
      expect(responseErrors(res.body)).toEqual([]);
    }
  });

  it('/rules names the rules version', async () => {
    const t = testApp();
    const res = await request(t.app).get('/rules?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`clinical rules version ${RULES_VERSION}`);
  });

  it('/metrics: cds_build_info{version, rules_version, node} 1', async () => {
    const t = testApp({}, undefined, { metrics: new Metrics({ processMetrics: false }) });
    const text = (await request(t.app).get('/metrics')).text;
    expect(text).toContain('# TYPE cds_build_info gauge');
    expect(text).toContain(`cds_build_info{version="${PACKAGE_VERSION}",rules_version="${RULES_VERSION}",node="${process.version}"} 1`);
    const other = await new Metrics({ processMetrics: false, build: { version: '9.9.9', rulesVersion: '7', node: 'v99' } }).text();
    expect(other).toContain('cds_build_info{version="9.9.9",rules_version="7",node="v99"} 1');
  });
});
