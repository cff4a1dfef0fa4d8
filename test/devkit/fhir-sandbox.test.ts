/**
 * The sandbox's indexed Observation search (for long histories) answers as medplum's FHIR search does, on
 * every fixture patient: the prefetch templates and the service's own dated, split queries.
 */
import type { Bundle } from 'fhir/r4';
import { fillTemplate } from '../../src/contract/prefetch-template.js';
import { depthByCode, ownQueries } from '../../src/data/horizons.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { PREFETCH } from '../../src/service/catalogue.js';
import { NOW } from '../../devkit/builders.js';
import { allFixturePatients, readManifest } from '../../devkit/fixtures.js';
import { createFhirSandbox } from '../../devkit/fhir-sandbox.js';

it('indexed Observation search = medplum search on every fixture patient', async () => {
  const resources = allFixturePatients(true);
  const medplum = await createFhirSandbox(resources);
  const indexed = await createFhirSandbox(resources, { indexedObservations: true });
  const byCode = depthByCode(DEFAULT_CLINICAL_CONFIG);
  let compared = 0;
  let nonEmpty = 0;
  for (const { name } of readManifest().patients) {
    const templates = Object.values(PREFETCH).map((t) => fillTemplate(t, { patientId: name })).filter((q) => q.startsWith('Observation?'));
    const queries = [...templates, ...templates.flatMap((q) => ownQueries(q, byCode, NOW.getTime()).map((o) => o.query)), `Observation?patient=${name}&date=le2026-01-01&_sort=date`];
    for (const q of queries) {
      const [a, b] = await Promise.all([medplum.handle('GET', `/${q}`), indexed.handle('GET', `/${q}`)]);
      const ids = (x: { body: unknown }) => ((x.body as Bundle).entry ?? []).map((e) => e.resource?.id);
      expect({ q, status: b.status, total: (b.body as Bundle).total, ids: ids(b) }).toEqual({ q, status: a.status, total: (a.body as Bundle).total, ids: ids(a) });
      compared++;
      if (ids(a).length) nonEmpty++;
    }
  }
  expect(compared).toBeGreaterThan(300);
  expect(nonEmpty).toBeGreaterThan(100);
}, 300_000);
