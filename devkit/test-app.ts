/** A service instance for tests: real app, real SQLite file in a temp folder, logs captured, clock pinned. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FhirResource } from 'fhir/r4';
import { createApp, type AppDeps } from '../src/app.js';
import { createCardEngine } from '../src/service/card-engine.js';
import { buildClinicalConfig } from '../src/config/clinical-config.js';
import { loadSettings, PACKAGE_ROOT, type Settings } from '../src/config/settings.js';
import { SqliteFeedbackStore } from '../src/store/sqlite-store.js';
import { createLogger } from '../src/http/logging.js';
import { loadDiscovery } from '../src/config/discovery.js';
import { NOW } from './builders.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: SqliteFeedbackStore;
  logs: string[];
  settings: Settings;
  dataDir: string;
}

export function testApp(env: Record<string, string> = {}, now: Date = NOW, overrides: Partial<AppDeps> = {}): TestApp {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ifn-cds-test-'));
  const settings = loadSettings({ CDS_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger(settings.logLevel, sink);
  const store = new SqliteFeedbackStore(path.join(dataDir, 'feedback.sqlite'), overrides.metrics ? { observer: overrides.metrics.storeObserver() } : {});
  const app = createApp({
    settings,
    discovery: loadDiscovery(settings.servicesFile),
    engine: createCardEngine(buildClinicalConfig({}), settings.locale),
    store,
    logger,
    now: () => now,
    ...overrides,
  });
  return { app, store, logs, settings, dataDir };
}

/** A request fixture from fixtures/requests/, with FHIR_BASE and TOKEN filled in. */
export function fixtureRequest(name: string, fill: { fhirBase?: string; token?: string } = {}): Record<string, unknown> {
  let text = readFileSync(path.join(PACKAGE_ROOT, 'fixtures', 'requests', `${name}.json`), 'utf8');
  if (fill.fhirBase) text = text.replaceAll('FHIR_BASE', fill.fhirBase);
  if (fill.token) text = text.replaceAll('TOKEN', fill.token);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The resources of a request fixture's prefetch, for loading into the test FHIR server. */
export function fixtureResources(name: string): FhirResource[] {
  const req = fixtureRequest(name) as { prefetch?: Record<string, FhirResource | null> };
  const out: FhirResource[] = [];
  for (const v of Object.values(req.prefetch ?? {})) {
    if (!v) continue;
    if (v.resourceType === 'Bundle') {
      for (const e of v.entry ?? []) if (e.resource) out.push(e.resource as FhirResource);
    } else {
      out.push(v);
    }
  }
  return out;
}

export const PV = '/cds-services/ifn-timing-patient-view';
export const OS = '/cds-services/ifn-timing-order-select';
export const OSN = '/cds-services/ifn-timing-order-sign';
