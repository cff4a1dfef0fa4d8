/**
 * Micro-benchmark: what tracing costs a hook call, against the code before tracing existed, in one process so
 * that both see the same machine load (a shared machine's load moves more between runs than tracing costs).
 *
 *   node tracing.mjs <before-bundle.mjs>
 *
 * where both files are this one bundled with esbuild (`--bundle --packages=external`), one from this tree and one
 * from the tree before tracing (bench/results.md says how). Each round times one batch of calls of each tree in
 * turn: (1) HookService.call in-process (patient-view, full prefetch: policy, engine, cards, shown-card
 * buffering; no HTTP); (2) the same call through the whole express app over loopback HTTP, one at a time
 * (keep-alive). Phase "off": tracing not set up; phase "on": tracing on, spans exported over OTLP/HTTP (JSON) to
 * a collector in another process that counts and discards them. The "before" tree makes no spans in either phase:
 * it is the control. Printed: the median µs per call of each tree and phase, and the median of the per-round
 * differences.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { testApp, fixtureRequest, PV } from '../devkit/test-app.js';
import { HookService } from '../src/service/hook-service.js';
import { createCardEngine } from '../src/service/card-engine.js';
import { buildClinicalConfig } from '../src/config/clinical-config.js';
import { loadDiscovery } from '../src/config/discovery.js';
import { NOW } from '../devkit/builders.js';
import { startTracing } from '../src/telemetry/tracing.js';
import { inSpan, traceLogFields } from '../src/telemetry/spans.js';
import { requestIdFor } from '../src/http/logging.js';


const ROUNDS = 16;
const DIRECT_CALLS = 300;
const HTTP_CALLS = 300;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface Bench {
  /** µs per call of a batch of in-process calls. */
  direct(): Promise<number>;
  /** µs per call of a batch of HTTP calls. */
  http(): Promise<number>;
  close(): Promise<void>;
}

export async function setup(): Promise<Bench> {
  const t = testApp();
  const discovery = loadDiscovery(t.settings.servicesFile);
  const hooks = new HookService({ settings: t.settings, engine: createCardEngine(buildClinicalConfig({}), t.settings.locale), store: t.store, now: () => NOW });
  const body = fixtureRequest('patient-view-full-prefetch');
  const services = discovery.services.filter((s) => s.id === 'ifn-timing-patient-view');
  const server = http.createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const payload = JSON.stringify(body);
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', path: PV, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(payload);
    });
  const timed = async (n: number, one: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await one();
    return Number(process.hrtime.bigint() - start) / 1e3 / n;
  };
  return {
    direct: () => timed(DIRECT_CALLS, () => hooks.call({ body, services })),
    http: () => timed(HTTP_CALLS, post),
    async close() {
      agent.destroy();
      server.close();
      await t.store.close();
    },
  };
}

/** A minimal OTLP/HTTP JSON collector: prints its port, counts spans, prints the count on SIGUSR2 and exits. */
const COLLECTOR = `
const http = require('node:http');
let spans = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    spans += (Buffer.concat(chunks).toString().match(/"spanId"/g) || []).length;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
process.on('SIGUSR2', () => { console.log(spans); process.exit(0); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function compare(before: Bench, after: Bench): Promise<Record<string, number>> {
  const rows = { beforeDirect: [] as number[], afterDirect: [] as number[], beforeHttp: [] as number[], afterHttp: [] as number[], dDirect: [] as number[], dHttp: [] as number[] };
  for (let round = -2; round < ROUNDS; round++) {
    // Which tree goes first alternates: the second batch pays for the first one's garbage.
    const first = round % 2 === 0 ? before : after;
    const second = first === before ? after : before;
    const d1 = await first.direct();
    const d2 = await second.direct();
    const h1 = await first.http();
    const h2 = await second.http();
    const [bd, ad, bh, ah] = first === before ? [d1, d2, h1, h2] : [d2, d1, h2, h1];
    if (round < 0) continue; // warm-up
    rows.beforeDirect.push(bd);
    rows.afterDirect.push(ad);
    rows.beforeHttp.push(bh);
    rows.afterHttp.push(ah);
    rows.dDirect.push(ad - bd);
    rows.dHttp.push(ah - bh);
  }
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
}

async function main(): Promise<void> {
  const other = process.argv[2];
  if (!other) throw new Error('usage: node tracing.mjs <before-bundle.mjs>');
  const { setup: setupBefore } = (await import(path.resolve(other))) as { setup: () => Promise<Bench> };
  // The added code on the request path with tracing off, in isolation: a span helper around a call, the trace
  // fields of a log line, a request id.
  const N = 2_000_000;
  const nsPer = (fn: () => void) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    return Math.round((Number(process.hrtime.bigint() - start) / N) * 10) / 10;
  };
  let sink = 0;
  const work = () => (sink += 1);
  nsPer(() => inSpan('x', {}, work));
  const plainNs = nsPer(work);
  const inSpanNs = nsPer(() => inSpan('bench', { 'cds.hook': 'patient-view' }, work));
  const traceFieldsNs = nsPer(() => void traceLogFields());
  const requestIdNs = nsPer(() => void requestIdFor(undefined));
  console.log(JSON.stringify({ phase: 'micro-off', plainNs, inSpanNs, traceFieldsNs, requestIdNs, sink: sink > 0 }));

  const before = await setupBefore();
  const after = await setup();
  const off = await compare(before, after);
  console.log(JSON.stringify({ phase: 'off', ...off }));

  // The collector: another process (its decoding is not this one's cost), counting the spans it is sent.
  const receiver = spawn(process.execPath, ['-e', COLLECTOR], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: receiver.stdout! });
  const pending: string[] = [];
  let wake: (() => void) | undefined;
  lines.on('line', (line) => {
    pending.push(line);
    wake?.();
  });
  const fromCollector = async () => {
    while (!pending.length) await new Promise<void>((resolve) => (wake = resolve));
    return pending.shift()!;
  };
  const collectorPort = Number(await fromCollector());
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${collectorPort}`;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
  const tracing = await startTracing({});
  const on = await compare(before, after);
  await tracing!.forceFlush();
  receiver.kill('SIGUSR2');
  const spans = Number(await fromCollector());
  console.log(JSON.stringify({ phase: 'on', ...on, spansExported: spans }));
  await Promise.all([before.close(), after.close()]);
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
