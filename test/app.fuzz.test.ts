/**
 * Property-based fuzzing (fast-check): valid hook requests and feedback bodies, mutated thousands of times,
 * structurally (deleted fields, wrong types, arbitrary JSON in any place) and as raw text (truncated, spliced).
 * Every answer must be one of 200/400/404/412/413/415 with a JSON body: never a 5xx, never a crash, and the heap
 * must not grow without bound. FHIR calls only ever go to a local test server.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import request from 'supertest';
import { OS, OSN, PV, fixtureRequest, testApp } from '../devkit/test-app.js';
import { startFhirSandbox, type FhirSandbox } from '../devkit/fhir-sandbox.js';

const ALLOWED = new Set([200, 400, 404, 412, 413, 415]);
const t = testApp({ CDS_FHIR_TIMEOUT_MS: '500', CDS_REQUEST_BUDGET_MS: '1000' });
let fhir: FhirSandbox & { url: string };

beforeAll(async () => {
  fhir = await startFhirSandbox([], { maxPageSize: 2 });
});
afterAll(async () => {
  await fhir.close();
});

type Json = unknown;
const seeds: { url: string; body: Json }[] = [
  { url: PV, body: fixtureRequest('patient-view-full-prefetch') },
  { url: OS, body: fixtureRequest('order-select-interferon') },
  { url: OS, body: fixtureRequest('order-select-sandbox-quirks') },
  { url: OSN, body: fixtureRequest('order-sign-interferon') },
  { url: OSN, body: fixtureRequest('order-sign-sandbox-quirks') },
  { url: PV, body: fixtureRequest('null-prefetch-values') },
  {
    url: `${PV}/feedback`,
    body: {
      feedback: [
        { card: 'c1', outcome: 'accepted', acceptedSuggestions: [{ id: 's1' }], outcomeTimestamp: '2026-06-15T10:00:00Z' },
        { card: 'c2', outcome: 'overridden', overrideReason: { reason: { system: 'x', code: 'y', display: 'z' }, userComment: 'c' }, outcomeTimestamp: '2026-06-15T10:00:00Z' },
      ],
    },
  },
];

/** Every path to a value inside `x`. */
function paths(x: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (x && typeof x === 'object' && out.length < 5000) {
    for (const [k, v] of Array.isArray(x) ? x.map((v, i) => [i, v] as const) : Object.entries(x)) paths(v, [...prefix, k], out);
  }
  return out;
}

type Mutation = { kind: 'delete' | 'replace'; pick: number; value: Json };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'replace'),
  pick: fc.nat(),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, '', [], {}, 0, -1, 1e308, 'Bundle', 'Observation', 'OperationOutcome', '<', '1742-6', 'http://loinc.org', 'active', 'draft', '2026-06-15', 'x'.repeat(10_000)),
    fc.constant({ resourceType: 'OperationOutcome', issue: 'x' }),
    fc.constant({ resourceType: 'Bundle', entry: { resource: {} }, link: { relation: 'next', url: 'https://elsewhere.invalid/x' } }),
  ),
});

function mutate(seed: Json, mutations: Mutation[]): Json {
  let body = structuredClone(seed);
  for (const m of mutations) {
    const all = paths(body);
    const path = all[m.pick % all.length]!;
    if (path.length === 0) {
      body = m.kind === 'delete' ? {} : m.value;
      continue;
    }
    let parent = body as Record<string | number, Json>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
    const last = path[path.length - 1]!;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else parent[last] = structuredClone(m.value);
  }
  // The service may only ever call our local FHIR server: pin fhirServer there, whatever the mutation did.
  if (body && typeof body === 'object' && !Array.isArray(body) && 'fhirServer' in body) (body as Record<string, Json>).fhirServer = fhir.url;
  return body;
}

async function send(url: string, payload: string, contentType = 'application/json') {
  const res = await request(t.app).post(url).set('Content-Type', contentType).send(payload);
  if (!ALLOWED.has(res.status)) throw new Error(`status ${res.status} for ${payload.slice(0, 500)}: ${res.text.slice(0, 500)}`);
  expect(() => JSON.parse(res.text)).not.toThrow();
  return res;
}

describe('fuzzing never yields a 5xx', () => {
  it('structurally mutated hook requests and feedback (3,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (i, mutations, withFhir) => {
        const seed = seeds[i]!;
        const base = withFhir && !seed.url.endsWith('/feedback') ? { ...(seed.body as object), fhirServer: fhir.url } : seed.body;
        await send(seed.url, JSON.stringify(mutate(base, mutations)));
      }),
      { numRuns: 3000 },
    );
  }, 180_000);

  it('raw text: truncated, spliced, odd content types (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), fc.nat(), fc.string({ maxLength: 20 }), fc.constantFrom('application/json', 'application/fhir+json', 'application/json; charset=latin1', 'text/plain'), async (i, cut, junk, type) => {
        const text = JSON.stringify(seeds[i]!.body);
        const at = cut % (text.length + 1);
        await send(seeds[i]!.url, text.slice(0, at) + junk + text.slice(at + junk.length), type);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('deep nesting, many keys, many resources', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await send(PV, deep)).status).toBe(400);
    const nested = JSON.stringify({ ...(seeds[0]!.body as object), extension: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)) });
    expect((await send(PV, nested)).status).toBe(400);
    const manyKeys = { ...(seeds[0]!.body as object), prefetch: Object.fromEntries(Array.from({ length: 500 }, (_, k) => [`k${k}`, null])) };
    expect((await send(PV, JSON.stringify(manyKeys))).status).toBe(400);
    const entries = Array.from({ length: 25_000 }, (_, k) => ({ resource: { resourceType: 'Observation', id: `o${k}` } }));
    const many = { ...(seeds[0]!.body as { prefetch: object }), prefetch: { ...(seeds[0]!.body as { prefetch: object }).prefetch, alt: { resourceType: 'Bundle', entry: entries } } };
    expect((await send(PV, JSON.stringify(many))).status).toBe(413);
  }, 60_000);
});

describe('memory', () => {
  it('does not grow without bound over 1,500 mutated requests', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const run = (n: number, seed: number) =>
      fc.assert(
        fc.asyncProperty(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (i, mutations) => {
          await send(seeds[i]!.url, JSON.stringify(mutate(seeds[i]!.body, mutations)));
        }),
        { numRuns: n, seed },
      );
    await run(300, 1);
    gc();
    const before = process.memoryUsage().heapUsed;
    await run(1500, 2);
    gc();
    const growth = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    expect(growth).toBeLessThan(30);
  }, 180_000);
});
