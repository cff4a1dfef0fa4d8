/**
 * Reading only as deep as the rules look: the same cards as from the whole record, on every fixture and on
 * long synthetic histories with a telling result at each lookback edge; strict and lenient servers;
 * paginated prefetch; bundles without dates.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Bundle, FhirResource } from 'fhir/r4';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import { DEFAULT_CLINICAL_CONFIG, type ClinicalConfig } from '../../src/engine/config.js';
import { assemble } from '../../src/data/resolve.js';
import { depthByCode, inputDepths, ownQueries } from '../../src/data/horizons.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import { PREFETCH } from '../../src/service/catalogue.js';
import { fillTemplate } from '../../src/contract/prefetch-template.js';
import { DAY_MS } from '../../src/fhir/time.js';
import { NOW } from '../../devkit/builders.js';
import { allFixturePatients } from '../../devkit/fixtures.js';
import { startFhirSandbox, type FhirSandbox, type SandboxOptions } from '../../devkit/fhir-sandbox.js';
import { HISTORY_EDGES, longHistoryPatient, type HistoryEdge } from '../../devkit/synthetic-patient.js';
import { fixtureRequest, testApp, PV } from '../../devkit/test-app.js';

const TOKEN = 'depth-test-token';
const wholeRecordEngine = createCardEngine(buildClinicalConfig({}), 'en');

type Body = Record<string, unknown> & { context: { patientId: string } & Record<string, unknown>; hook: 'patient-view' | 'order-select' };

function viaFhir(body: Body, fhirBase: string): Body {
  const { prefetch: _prefetch, ...rest } = body;
  return { ...rest, fhirServer: fhirBase, fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'ifn-timing-cds' } } as Body;
}

const pvBody = (patientId: string): Body => ({ hookInstance: randomUUID(), hook: 'patient-view', context: { userId: 'Practitioner/dr-li', patientId } });

/** Cards without their per-call uuids (card, suggestions). */
const comparable = (cards: unknown[]) => JSON.parse(JSON.stringify(cards, (k, v: unknown) => (k === 'uuid' || k === 'links' || k === 'url' ? undefined : v))) as unknown[];

/** The cards the engine gives on the patient's whole record (no query, no paging). */
function wholeRecordCards(resources: FhirResource[], body: Body) {
  const { cards } = wholeRecordEngine.evaluate(body.hook, body.context as never, assemble(resources), NOW);
  return comparable(cards);
}

async function withSandbox<T>(resources: FhirResource[], options: SandboxOptions, fn: (s: FhirSandbox & { url: string }) => Promise<T>): Promise<T> {
  const server = await startFhirSandbox(resources, { token: TOKEN, indexedObservations: true, ...options });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

const post = (app: ReturnType<typeof testApp>['app'], url: string, body: unknown) => request(app).post(url).set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('horizons come from the clinical config', () => {
  it('each input reads as far back as its longest lookback, and follows the config', () => {
    const d = inputDepths(DEFAULT_CLINICAL_CONFIG);
    expect(d.alt!.depth).toEqual({ days: 12 * 31, latest: true }); // recurrent mild: 12 months; D7 shows the last readable ALT
    expect(d.hbvDna!.depth).toEqual({}); // (v3) chronicity: detectable HBV DNA ≥6 months ago, any date
    expect(d.hbsag!.depth).toEqual({}); // §1: ever positive, the whole record
    expect(d.hbeag!.depth).toEqual({}); // (v3) the latest, and the trend ≤12 months before it
    expect(d.counts!.depth).toEqual({ days: 90 });
    // (v3) new inputs; histology whole: cirrhosis on biopsy never ages out.
    expect(d.ast!.depth).toEqual({ days: 90 });
    expect(d.tsh!.depth).toEqual({ days: 90 });
    expect(d.antiHbcIgm!.depth).toEqual({ days: 6 * 31, latest: true });
    expect(d.liverStiffness!.depth).toEqual({ days: 36 * 31, latest: true });
    expect(d.histology!.depth).toEqual({});
    expect(d.fibrosis!.depth).toEqual({});
    const longer: ClinicalConfig = { ...DEFAULT_CLINICAL_CONFIG, recurrentMildMonths: 24, flareLookbackDays: 800, cytopenia: { ...DEFAULT_CLINICAL_CONFIG.cytopenia, lookbackDays: 120 } };
    expect(inputDepths(longer).alt!.depth).toEqual({ days: 800, latest: true });
    expect(inputDepths(longer).counts!.depth).toEqual({ days: 120 });
  });

  it("a key mixing depths is split: the whole record of HBV DNA, HBeAg, HBsAg apart from anti-HBc IgM's window and latest, each in large pages sorted newest first", () => {
    const now = NOW.getTime();
    const queries = ownQueries(fillTemplate(PREFETCH.hbvMarkers!, { patientId: 'p1' }), depthByCode(DEFAULT_CLINICAL_CONFIG), now);
    expect(queries).toHaveLength(2);
    const whole = queries.find((q) => q.query.includes('42595-9'))!;
    expect(whole.query).toContain('5196-1');
    expect(whole.query).toContain('99385-7');
    expect(whole.query).not.toContain('date=');
    expect(whole.horizon).toBeUndefined();
    const igm = queries.find((q) => q.query.includes('31204-1'))!;
    // "latest" parts carry no date bound: paging stops by the dates seen once one usable result is in.
    expect(igm.query).not.toContain('date=');
    expect(igm).toMatchObject({ horizon: now - (6 * 31 + 1) * DAY_MS, latest: true });
    const safety = ownQueries(fillTemplate(PREFETCH.safetyLabs!, { patientId: 'p1' }), depthByCode(DEFAULT_CLINICAL_CONFIG), now);
    const counts = safety.find((q) => q.query.includes('777-3'))!;
    expect(counts.query).toContain('1920-8'); // AST in the counts' 90 days
    expect(counts.query).toContain('3016-3'); // TSH too
    expect(counts.query).toMatch(/[?&]date=ge\d{4}-\d{2}-\d{2}(&|$)/);
    for (const q of queries) expect(q.query).toMatch(/_sort=-date.*_count=2000|_count=2000.*_sort=-date/);
    // Reads and undated searches go as they are.
    expect(ownQueries('Patient/p1', depthByCode(DEFAULT_CLINICAL_CONFIG), now)).toEqual([{ query: 'Patient/p1' }]);
  });
});

describe('long histories: the same cards as from the whole record', () => {
  const t = testApp();
  const sizes = [50, 520, 2600, 10_000];

  for (const size of sizes) {
    // The largest size with every edge would load 100,000 results into the test server: the edges the ALT
    // depth decides (flare, recurrent mild) and the window there, all edges at the other sizes.
    const edges: readonly HistoryEdge[] = size > 5000 ? ['window', 'flare-inside', 'flare-outside', 'mild-inside', 'mild-outside', 'scope-by-old-hbsag'] : HISTORY_EDGES;
    it(`${size} ALT results over 10 years, edges ${edges.join(', ')}`, async () => {
      const patients = new Map(edges.map((edge) => [edge, longHistoryPatient(NOW, size, edge, DEFAULT_CLINICAL_CONFIG)]));
      await withSandbox([...patients.values()].flat(), {}, async (fhir) => {
        for (const [edge, resources] of patients) {
          const body = pvBody(resources[0]!.id!);
          const before = fhir.calls.length;
          const res = await post(t.app, PV, viaFhir(body, fhir.url));
          expect({ edge, status: res.status }).toEqual({ edge, status: 200 });
          expect({ edge, cards: comparable(res.body.cards) }).toEqual({ edge, cards: wholeRecordCards(resources, body) });
          // One call per query part (15 in v3: allergies and anti-HBc IgM's and LSM's own parts; HBV DNA now
          // joins HBeAg and HBsAg in the whole record), at most one more page for the 12 months of ALT.
          expect(fhir.calls.length - before).toBeLessThanOrEqual(16);
        }
      });
    }, 180_000);
  }

  it('the edges matter: each inside/outside pair decides differently at 520 results', () => {
    const pairs: [HistoryEdge, HistoryEdge][] = [
      ['flare-inside', 'flare-outside'],
      ['mild-inside', 'mild-outside'],
      ['dna-inside', 'dna-outside'],
      ['biopsy-inside', 'biopsy-outside'],
    ];
    for (const [inside, outside] of pairs) {
      const cardsOf = (edge: HistoryEdge) => {
        const r = longHistoryPatient(NOW, 520, edge, DEFAULT_CLINICAL_CONFIG, 'same-id');
        return (wholeRecordCards(r, pvBody('same-id'))[0] as { source?: unknown } | undefined)?.source;
      };
      expect({ inside, topic: cardsOf(inside) }).not.toEqual({ inside, topic: cardsOf(outside) });
    }
  });
});

describe('lenient servers (ignoring date, _sort and _count)', () => {
  const t = testApp();

  it('ignoring date and _count but sorting: paging stops by the dates seen, and the cards are the same', async () => {
    const resources = longHistoryPatient(NOW, 2600, 'mild-inside', DEFAULT_CLINICAL_CONFIG);
    await withSandbox(resources, { lenient: ['date', '_count'] }, async (fhir) => {
      const body = pvBody(resources[0]!.id!);
      const res = await post(t.app, PV, viaFhir(body, fhir.url));
      expect(res.status).toBe(200);
      expect(comparable(res.body.cards)).toEqual(wholeRecordCards(resources, body));
      // 2,600 ALT results in pages of 50 are 52 pages; 12 months of them (~260) are 6.
      const altPages = fhir.calls.filter((c) => c.url.includes('1742-6')).length;
      expect(altPages).toBeLessThan(10);
    });
  });

  it('ignoring all three, stored newest first but for the edge results: not trusted to be sorted, read to the end, the same cards', async () => {
    const resources = longHistoryPatient(NOW, 520, 'mild-inside', DEFAULT_CLINICAL_CONFIG);
    await withSandbox(resources, { lenient: true }, async (fhir) => {
      const body = pvBody(resources[0]!.id!);
      const res = await post(t.app, PV, viaFhir(body, fhir.url));
      expect(res.status).toBe(200);
      expect(comparable(res.body.cards)).toEqual(wholeRecordCards(resources, body));
      expect(fhir.calls.filter((c) => c.url.includes('1742-6')).length).toBe(Math.ceil(522 / 50));
    });
  });

  it('stored oldest first: read to the end while under the page cap, and the cards are the same', async () => {
    const resources = longHistoryPatient(NOW, 520, 'flare-inside', DEFAULT_CLINICAL_CONFIG).reverse();
    await withSandbox(resources, { lenient: true }, async (fhir) => {
      const body = pvBody(resources.find((r) => r.resourceType === 'Patient')!.id!);
      const res = await post(t.app, PV, viaFhir(body, fhir.url));
      expect(res.status).toBe(200);
      expect(comparable(res.body.cards)).toEqual(wholeRecordCards(resources, body));
    });
  });

  it('stored oldest first and more pages than the cap: a 412 that says why paging could not stop', async () => {
    const resources = longHistoryPatient(NOW, 2600, 'window', DEFAULT_CLINICAL_CONFIG).reverse();
    await withSandbox(resources, { lenient: true }, async (fhir) => {
      const res = await post(t.app, PV, viaFhir(pvBody(resources.find((r) => r.resourceType === 'Patient')!.id!), fhir.url));
      expect(res.status).toBe(412);
      const text = JSON.stringify(res.body);
      expect(text).toMatch(/Data \\"alt\\".*more than 20 pages of results \(the server did not sort them newest first, so paging could not stop at the 372-day lookback/);
    });
  });
});

describe('a paginated prefetch is read to the same horizon', () => {
  const t = testApp();

  it('stops following next links once the pages are past the ALT lookback', async () => {
    const resources = longHistoryPatient(NOW, 2600, 'mild-inside', DEFAULT_CLINICAL_CONFIG);
    const patientId = resources[0]!.id!;
    await withSandbox(resources, { maxPageSize: 100 }, async (fhir) => {
      // What an EHR would prefetch: every key, the ALT search only its first page (with a next link).
      const prefetch: Record<string, unknown> = {};
      for (const [key, template] of Object.entries(PREFETCH)) prefetch[key] = (await fhir.handle('GET', `/${fillTemplate(template, { patientId })}`, undefined, { authorization: `Bearer ${TOKEN}` }, fhir.url)).body;
      expect((prefetch.alt as Bundle).link?.some((l) => l.relation === 'next')).toBe(true);
      const body = { ...pvBody(patientId), prefetch };
      const before = fhir.calls.length;
      const res = await post(t.app, PV, { ...viaFhir(body, fhir.url), prefetch });
      expect(res.status).toBe(200);
      expect(comparable(res.body.cards)).toEqual(wholeRecordCards(resources, body));
      // 12 months hold ~260 of the 2,600 results: pages 2–3 (and one past the horizon at most), not 25 more.
      const pages = fhir.calls.length - before;
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(4);
    });
  });
});

describe('every fixture: the same cards through fhirServer as with its prefetch', () => {
  const t = testApp();
  const dir = path.join(PACKAGE_ROOT, 'fixtures', 'requests', 'patients');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it(`${files.length} fixture requests`, async () => {
    expect(files.length).toBeGreaterThan(40);
    // medplum's own search here (the fixtures are small), as the fixtures' prefetch was made with it.
    await withSandbox(allFixturePatients(true), { indexedObservations: false }, async (fhir) => {
      for (const file of files) {
        const body = fixtureRequest(path.join('patients', file.replace(/\.json$/, ''))) as Body;
        const url = `/cds-services/ifn-timing-${body.hook}`;
        const withPrefetch = await post(t.app, url, body);
        const fetched = await post(t.app, url, viaFhir(body, fhir.url));
        expect({ file, status: fetched.status }).toEqual({ file, status: 200 });
        expect({ file, status: withPrefetch.status }).toEqual({ file, status: 200 });
        expect({ file, cards: comparable(fetched.body.cards) }).toEqual({ file, cards: comparable(withPrefetch.body.cards) });
      }
    });
  }, 180_000);

  it('the protocol fixtures with a full prefetch too', async () => {
    for (const name of ['patient-view-full-prefetch', 'order-select-interferon']) {
      const body = fixtureRequest(name) as Body;
      const resources = Object.values((body.prefetch ?? {}) as Record<string, FhirResource | null>).flatMap((v) =>
        !v ? [] : v.resourceType === 'Bundle' ? (v.entry ?? []).map((e) => e.resource as FhirResource) : [v],
      );
      await withSandbox(resources, { indexedObservations: false }, async (fhir) => {
        const url = `/cds-services/ifn-timing-${body.hook}`;
        const withPrefetch = await post(t.app, url, body);
        const fetched = await post(t.app, url, viaFhir(body, fhir.url));
        expect(fetched.status).toBe(200);
        expect({ name, cards: comparable(fetched.body.cards) }).toEqual({ name, cards: comparable(withPrefetch.body.cards) });
      });
    }
  });
});

describe('bad input from the server', () => {
  it('a Bundle whose entries have no dates is read to the page cap, then a 412', async () => {
    const capped = testApp({ CDS_FHIR_MAX_PAGES: '5' });
    const resources = longHistoryPatient(NOW, 50, 'window', DEFAULT_CLINICAL_CONFIG).map((r) => {
      if (r.resourceType !== 'Observation' || !r.id?.includes('-alt-')) return r;
      const { effectiveDateTime: _date, ...undated } = r;
      return undated as FhirResource;
    });
    await withSandbox(resources, { lenient: true, maxPageSize: 5 }, async (fhir) => {
      const res = await post(capped.app, PV, viaFhir(pvBody(resources[0]!.id!), fhir.url));
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/Data \\"alt\\".*more than 5 pages/);
      expect(fhir.calls.filter((c) => c.url.includes('1742-6'))).toHaveLength(5);
    });
  });

  it('garbage JSON from the server is a 412 naming the key, never a 5xx', async () => {
    const t = testApp();
    const resources = longHistoryPatient(NOW, 50, 'window', DEFAULT_CLINICAL_CONFIG);
    await withSandbox(resources, {}, async (fhir) => {
      fhir.inject('garbage', (u) => u.includes('1742-6'));
      const res = await post(t.app, PV, viaFhir(pvBody(resources[0]!.id!), fhir.url));
      expect(res.status).toBe(412);
      expect(JSON.stringify(res.body)).toMatch(/Data \\"alt\\".*not JSON/);
    });
  });
});
