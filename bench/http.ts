/**
 * `npm run bench`: HTTP benchmarks of the running service against baselines measured in the same run
 * (loopback only, each load bounded in time). Prints a table and writes bench/results.md.
 *
 *  1. baseline: bare express 5, same request body, same response size;
 *  2. patient-view with full prefetch (3 years of labs, ~80 Observations): req/s, p50/p99, ratio to baseline;
 *  3. order-select with a peginterferon draft: the same;
 *  4. latency at a fixed 200 requests/s;
 *  5. FHIR path (no prefetch, data from the FHIR sandbox, token required): p50/p99 against one FHIR search;
 *  6. peak RSS of the service; then 1–3 again with every core (CDS_WORKERS);
 *  7. long histories on the FHIR path (50 … 10,000 ALT results over 10 years, 20 ms per FHIR call): hook call
 *     time ÷ one search's time, FHIR calls per hook call;
 *  8. the engine's cost as the record grows (1,000 → 10,000 Observations, as in a full prefetch).
 * BENCH_SECONDS (default 8) sets each run's length; BENCH_ONLY=depth runs 7–8 only, BENCH_ONLY=throughput 1–2 only
 * (both print and write nothing). BENCH_SERVICE_URL points either at a service already running (e.g. under
 * `node --cpu-prof`) instead of a fresh one.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { Bundle } from 'fhir/r4';
import type { DiscoveryDocument, HookName } from '../src/contract/types.js';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { hookContext } from '../scripts/fixtures/generate.js';
import { EVALUATION_DATE } from '../devkit/dates.js';
import { createFhirSandbox } from '../devkit/fhir-sandbox.js';
import { prefetchFor } from '../devkit/prefetch.js';
import { jsonLine, start, tempDir, type Proc } from '../devkit/processes.js';
import { longHistoryPatient, syntheticPatient, threeYearPatient } from '../devkit/synthetic-patient.js';
import { DEFAULT_CLINICAL_CONFIG } from '../src/engine/config.js';
import { assemble } from '../src/data/resolve.js';
import { createCardEngine } from '../src/service/card-engine.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** The machine's load before the benchmark adds its own (other work on it slows every run). */
const LOAD_AT_START = loadavg();
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
const TOKEN = 'bench-token';
const now = new Date(EVALUATION_DATE);
const patientId = 'bench-3y';

interface Row {
  what: string;
  rps?: number;
  p50?: number;
  p99?: number;
  ratio?: string;
  note?: string;
}
const rows: Row[] = [];

const listening = (l: string) => {
  const j = jsonLine(l);
  return typeof j?.msg === 'string' && j.msg.startsWith('listening') ? Number(j.port) : undefined;
};

async function startService(workers: number): Promise<{ proc: Proc; url: string }> {
  const { proc, value } = await start(
    'dist/src/main.js',
    [],
    { PORT: '0', HOST: '127.0.0.1', CDS_FIXED_NOW: EVALUATION_DATE, CDS_DATA_DIR: tempDir('ifn-bench-'), LOG_LEVEL: 'info', CDS_WORKERS: String(workers) },
    listening,
    60_000,
    false,
  );
  // With several workers, let them all come up before measuring.
  if (workers > 1) await new Promise((r) => setTimeout(r, 1500));
  return { proc, url: `http://127.0.0.1:${value}` };
}

async function startBaseline(workers: number, responseBytes: number): Promise<{ proc: Proc; url: string }> {
  const { proc, value } = await start('dist/bench/baseline-server.js', [], { BASELINE_WORKERS: String(workers), BASELINE_RESPONSE_BYTES: String(responseBytes) }, listening, 30_000, false);
  if (workers > 1) await new Promise((r) => setTimeout(r, 1000));
  return { proc, url: `http://127.0.0.1:${value}` };
}

async function load(
  url: string,
  opts: { body?: string; method?: 'GET' | 'POST'; connections?: number; overallRate?: number; headers?: Record<string, string>; seconds?: number },
) {
  const result = await autocannon({
    url,
    method: opts.method ?? 'POST',
    connections: opts.connections ?? CONNECTIONS,
    duration: opts.seconds ?? SECONDS,
    headers: { 'content-type': 'application/json', ...opts.headers },
    ...(opts.body ? { body: opts.body } : {}),
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
}

/** Peak resident set (VmHWM) of a process and its children (cluster workers), MB. */
function peakRssMb(pid: number): number {
  const hwm = (p: number) => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    /* no children */
  }
  return hwm(pid) + children.reduce((sum, c) => sum + hwm(c), 0);
}

const ms = (x: number) => x.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of `fn`, ms, median of `n` sequential runs after `warm` discarded ones. */
async function timed(fn: () => Promise<void>, n = 25, warm = 3): Promise<number> {
  for (let i = 0; i < warm; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const HISTORY_SIZES = [50, 520, 2600, 10_000];
const FHIR_LATENCY_MS = Number(process.env.BENCH_FHIR_LATENCY_MS ?? 20);

interface DepthRow {
  altResults: number;
  status: string;
  decision: string;
  searchMs: number;
  hookMs: number;
  fhirCalls: number;
}

/**
 * 7: the FHIR path on long histories. One patient per size (ALT evenly over 10 years, latest in the window),
 * in a FHIR sandbox answering each call 20 ms late; the service fetches everything (no prefetch). One
 * search = the ALT prefetch template's first page, the least any FHIR path pays; calls one at a time.
 */
async function longHistories(pvUrl: string): Promise<DepthRow[]> {
  const out: DepthRow[] = [];
  for (const size of HISTORY_SIZES) {
    const resources = longHistoryPatient(now, size, 'window', DEFAULT_CLINICAL_CONFIG);
    const id = resources[0]!.id!;
    const sandbox = await createFhirSandbox(resources, { token: TOKEN, latencyMs: FHIR_LATENCY_MS, indexedObservations: true });
    const base = await sandbox.listen();
    const search = `${base}/Observation?patient=${id}&code=http://loinc.org|1742-6,http://loinc.org|1743-4,http://loinc.org|1744-2&_sort=-date&_count=100`;
    const searchMs = await timed(async () => void (await (await fetch(search, { headers: { authorization: `Bearer ${TOKEN}` } })).arrayBuffer()));
    const body = JSON.stringify({
      hookInstance: '6a1f9a52-0c39-4c55-8f43-4d8b0e7a2b11',
      hook: 'patient-view',
      context: { userId: 'Practitioner/bench', patientId: id },
      fhirServer: base,
      fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'bench' },
    });
    let status = 0;
    let decision = '';
    const hook = async () => {
      const res = await fetch(pvUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      status = res.status;
      const answer = (await res.json()) as { cards?: { source: { topic: { code: string } } }[] };
      decision = answer.cards?.[0]?.source.topic.code ?? '(no card)';
    };
    await hook();
    const before = sandbox.calls.length;
    const n = 25;
    const hookMs = await timed(hook, n, 0);
    out.push({ altResults: size, status: String(status), decision, searchMs, hookMs, fhirCalls: (sandbox.calls.length - before) / n });
    await sandbox.close();
  }
  return out;
}

/** 8: the engine (decide + card) on records of 1,000 and 10,000 Observations, µs per call, and the ratio. */
function engineScaling(): { observations: number; usPerCall: number }[] {
  const engine = createCardEngine(DEFAULT_CLINICAL_CONFIG, 'en');
  const context = { userId: 'Practitioner/bench', patientId: 'bench' };
  // syntheticPatient: five Observations a month.
  return [200, 2000].map((months) => {
    const data = assemble(syntheticPatient(now, months));
    const run = () => engine.evaluate('patient-view', context, { ...data, observations: [...data.observations] }, now);
    for (let i = 0; i < 20; i++) run();
    let calls = 0;
    const t = performance.now();
    while (performance.now() - t < 2000 || calls < 20) {
      run();
      calls++;
    }
    return { observations: data.observations.length, usPerCall: ((performance.now() - t) * 1000) / calls };
  });
}

function depthTables(depth: DepthRow[], scaling: { observations: number; usPerCall: number }[]): string {
  const hooks = [
    '| ALT results (10 years) | answer | decision | one search ms | hook call ms | hook ÷ search | FHIR calls per hook call |',
    '|---:|---|---|---:|---:|---:|---:|',
    ...depth.map((d) => `| ${d.altResults} | ${d.status} | ${d.decision} | ${ms(d.searchMs)} | ${ms(d.hookMs)} | ${(d.hookMs / d.searchMs).toFixed(2)}× | ${d.fhirCalls.toFixed(1)} |`),
  ];
  const [small, large] = scaling;
  const engine = [
    '| Observations (full prefetch, in process) | engine + card µs per call |',
    '|---:|---:|',
    ...scaling.map((r) => `| ${r.observations} | ${r.usPerCall.toFixed(0)} |`),
  ];
  const ratio = large && small ? `Engine cost ratio ${large.observations} ÷ ${small.observations} Observations: **${(large.usPerCall / small.usPerCall).toFixed(2)}×** for ${(large.observations / small.observations).toFixed(1)}× the data (linear ⇒ about ${(large.observations / small.observations).toFixed(0)}×).` : '';
  return `${hooks.join('\n')}\n\n${engine.join('\n')}\n\n${ratio}`;
}

/**
 * 1–2 only: bare express against patient-view with full prefetch, one process each (for profiling). The two
 * alternate for BENCH_ROUNDS rounds (default 3) and the medians are compared: this machine's speed drifts
 * within a minute, and alternating spreads that drift over both.
 */
async function throughputOnly(body: string) {
  const service = process.env.BENCH_SERVICE_URL ? undefined : await startService(1);
  const pv = `${process.env.BENCH_SERVICE_URL ?? service!.url}/cds-services/ifn-timing-patient-view`;
  const responseBytes = Buffer.byteLength(await (await fetch(pv, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text());
  const baseline = await startBaseline(1, responseBytes);
  const baseUrl = `${baseline.url}/cds-services/x`;
  for (const url of [baseUrl, pv]) await load(url, { body, seconds: WARMUP_SECONDS });
  const base: number[] = [];
  const hook: number[] = [];
  for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 3); round++) {
    base.push((await load(baseUrl, { body })).rps);
    hook.push((await load(pv, { body })).rps);
  }
  await Promise.all([baseline.proc.stop(), service?.proc.stop()]);
  const list = (xs: number[]) => xs.map(Math.round).join(', ');
  console.log(`baseline ${list(base)} req/s; patient-view ${list(hook)} req/s; ratio of medians ${(median(hook) / median(base)).toFixed(2)}`);
}

async function main() {
  if (process.env.BENCH_ONLY === 'depth') {
    // BENCH_SERVICE_URL: a service already running (e.g. under node --cpu-prof) instead of a fresh one.
    const service = process.env.BENCH_SERVICE_URL ? undefined : await startService(1);
    const depth = await longHistories(`${process.env.BENCH_SERVICE_URL ?? service!.url}/cds-services/ifn-timing-patient-view`);
    await service?.proc.stop();
    console.log(depthTables(depth, engineScaling()));
    return;
  }
  // The patient, and the requests an EHR would send for it (prefetch from the service's own templates).
  const resources = threeYearPatient(now, patientId);
  const bundleFile = path.join(tempDir('ifn-bench-data-'), 'patient.json');
  writeFileSync(bundleFile, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) } satisfies Bundle));
  const discovery = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'cds-services.json'), 'utf8')) as DiscoveryDocument;
  const inProcess = await createFhirSandbox(resources);
  const bodies: Record<HookName, string> = { 'patient-view': '', 'order-select': '', 'order-sign': '' };
  for (const service of discovery.services) {
    const prefetch = await prefetchFor(inProcess, service, patientId);
    bodies[service.hook] = JSON.stringify({ hookInstance: '3c0e2f71-93b4-4b0a-a8f1-5e2d7c9b6a40', hook: service.hook, context: hookContext(service.hook, patientId), prefetch });
  }
  const observations = resources.filter((r) => r.resourceType === 'Observation').length;
  if (process.env.BENCH_ONLY === 'throughput') return throughputOnly(bodies['patient-view']);

  const startSandbox = (latencyMs: number) =>
    start('dist/scripts/fhir-sandbox.js', ['--port', '0', '--pinned', '--token', TOKEN, '--bundle', bundleFile, '--latency-ms', String(latencyMs)], {}, (l) => {
      const j = jsonLine(l);
      return j?.msg === 'fhir-sandbox listening' ? String(j.url) : undefined;
    }, 60_000, false);
  // As it is (answers from memory in about a millisecond), and with 20 ms added to every search, like an EHR's
  // FHIR server that does I/O: parallel queries only pay off where the server is not CPU-bound on our 2 cores.
  const sandboxes = [{ latency: 0, ...(await startSandbox(0)) }, { latency: 20, ...(await startSandbox(20)) }];

  let service = await startService(1);
  const pv = `${service.url}/cds-services/ifn-timing-patient-view`;
  const os = `${service.url}/cds-services/ifn-timing-order-select`;
  const probe = await fetch(pv, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies['patient-view'] });
  const answer = await probe.text();
  const decision = (JSON.parse(answer) as { cards: { source: { topic: { code: string } } }[] }).cards[0]?.source.topic.code;
  const responseBytes = Buffer.byteLength(answer);
  console.error(`patient: ${observations} Observations, decision ${decision}; request ${Buffer.byteLength(bodies['patient-view'])} B, response ${responseBytes} B; ${SECONDS} s per run`);

  // 1–3, one worker
  /** A short, discarded run first: the JIT compiles the hot paths before anything is measured. */
  const warm = async (url: string, body: string) => void (await load(url, { body, seconds: WARMUP_SECONDS }));
  await warm(pv, bodies['patient-view']);
  await warm(os, bodies['order-select']);
  let baseline = await startBaseline(1, responseBytes);
  await warm(`${baseline.url}/cds-services/x`, bodies['patient-view']);
  const base1 = await load(`${baseline.url}/cds-services/x`, { body: bodies['patient-view'] });
  rows.push({ what: 'baseline: bare express, 1 process', rps: base1.rps, p50: base1.p50, p99: base1.p99, ratio: '1.00' });
  const pv1 = await load(pv, { body: bodies['patient-view'] });
  rows.push({ what: 'patient-view, full prefetch, 1 worker', rps: pv1.rps, p50: pv1.p50, p99: pv1.p99, ratio: (pv1.rps / base1.rps).toFixed(2) });
  const os1 = await load(os, { body: bodies['order-select'] });
  rows.push({ what: 'order-select (peginterferon draft), 1 worker', rps: os1.rps, p50: os1.p50, p99: os1.p99, ratio: (os1.rps / base1.rps).toFixed(2) });
  const baseFixed = await load(`${baseline.url}/cds-services/x`, { body: bodies['patient-view'], connections: 10, overallRate: 200 });
  rows.push({ what: 'baseline at a fixed 200 req/s, 1 process', rps: baseFixed.rps, p50: baseFixed.p50, p99: baseFixed.p99 });
  const baselineRss = peakRssMb(baseline.proc.child.pid!);
  await baseline.proc.stop();

  // 4: latency at a fixed, moderate load
  const fixed = await load(pv, { body: bodies['patient-view'], connections: 10, overallRate: 200 });
  rows.push({ what: 'patient-view at a fixed 200 req/s, 1 worker', rps: fixed.rps, p50: fixed.p50, p99: fixed.p99, note: 'target p99 < 10 ms' });

  // 5: FHIR path against one FHIR search round trip, one request at a time
  const { prefetch: _p, ...noPrefetch } = JSON.parse(bodies['patient-view']) as Record<string, unknown>;
  for (const sb of sandboxes) {
    const label = sb.latency ? `sandbox +${sb.latency} ms per search` : 'sandbox';
    const search = `${sb.value}/Observation?patient=${patientId}&code=http://loinc.org|1742-6,http://loinc.org|1743-4,http://loinc.org|1744-2&_sort=-date&_count=100`;
    const one = await load(search, { method: 'GET', connections: 1, headers: { authorization: `Bearer ${TOKEN}` } });
    rows.push({ what: `one FHIR search (ALT), ${label}, 1 connection`, rps: one.rps, p50: one.p50, p99: one.p99, ratio: '1.00' });
    const fhirBody = JSON.stringify({ ...noPrefetch, fhirServer: sb.value, fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'bench' } });
    // The sandbox evaluates each distinct search once (medplum: seconds on a loaded box) and caches it: warm it.
    for (let i = 0; i < 5 && (await fetch(pv, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fhirBody })).status !== 200; i++);
    const viaFhir = await load(pv, { body: fhirBody, connections: 1 });
    rows.push({
      what: `patient-view via FHIR (14 parallel queries), ${label}, 1 connection`,
      rps: viaFhir.rps,
      p50: viaFhir.p50,
      p99: viaFhir.p99,
      ratio: one.p50 >= 1 ? (viaFhir.p50 / one.p50).toFixed(2) : 'n/a',
      note: one.p50 >= 1 ? 'ratio of p50s; target ≤ 1.5' : 'the search answers in under 1 ms (autocannon resolution): no meaningful ratio',
    });
  }

  // 7: long histories on the FHIR path
  const depth = await longHistories(pv);

  const rss1 = peakRssMb(service.proc.child.pid!);
  await service.proc.stop();

  // 1–3 again with every core
  const cores = availableParallelism();
  service = await startService(cores);
  baseline = await startBaseline(cores, responseBytes);
  await warm(`${baseline.url}/cds-services/x`, bodies['patient-view']);
  await warm(`${service.url}/cds-services/ifn-timing-patient-view`, bodies['patient-view']);
  await warm(`${service.url}/cds-services/ifn-timing-order-select`, bodies['order-select']);
  const baseN = await load(`${baseline.url}/cds-services/x`, { body: bodies['patient-view'] });
  rows.push({ what: `baseline: bare express, ${cores} processes`, rps: baseN.rps, p50: baseN.p50, p99: baseN.p99, ratio: '1.00' });
  const pvN = await load(`${service.url}/cds-services/ifn-timing-patient-view`, { body: bodies['patient-view'] });
  rows.push({ what: `patient-view, full prefetch, ${cores} workers`, rps: pvN.rps, p50: pvN.p50, p99: pvN.p99, ratio: (pvN.rps / baseN.rps).toFixed(2) });
  const osN = await load(`${service.url}/cds-services/ifn-timing-order-select`, { body: bodies['order-select'] });
  rows.push({ what: `order-select, ${cores} workers`, rps: osN.rps, p50: osN.p50, p99: osN.p99, ratio: (osN.rps / baseN.rps).toFixed(2) });
  const rssN = peakRssMb(service.proc.child.pid!);
  await Promise.all([service.proc.stop(), baseline.proc.stop(), ...sandboxes.map((sb) => sb.proc.stop()), inProcess.close()]);
  const depthReport = depthTables(depth, engineScaling());

  const table = [
    '| run | req/s | p50 ms | p99 ms | ratio to its baseline | note |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.what} | ${r.rps !== undefined ? Math.round(r.rps) : ''} | ${r.p50 !== undefined ? ms(r.p50) : ''} | ${r.p99 !== undefined ? ms(r.p99) : ''} | ${r.ratio ?? ''} | ${r.note ?? ''} |`),
  ].join('\n');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
  const report = `# Benchmark results

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.
Load average (1/5/15 min) when the benchmark started: ${LOAD_AT_START.map((l) => l.toFixed(1)).join(' / ')}; when the report was written: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work on the machine slows every run).
Loopback; autocannon runs in the same machine (it takes CPU from the servers, equally for baseline and service),
${CONNECTIONS} connections unless stated, ${SECONDS} s per run. Ratios compare runs of the same session only: runs
on this machine vary by up to 1.7× between sessions.

Patient: 3 years of follow-up, ${observations} Observations; decision \`${decision}\`. Request ${Buffer.byteLength(bodies['patient-view'])} B,
response ${responseBytes} B (the baseline answers the same size). Service logging at \`info\` (one line per request).

${table}

Peak RSS of the service: ${rss1.toFixed(0)} MB with 1 worker (the bare express baseline: ${baselineRss.toFixed(0)} MB under the same load);
${rssN.toFixed(0)} MB for the primary and ${cores} workers together (target < 200 MB per worker).

## FHIR path on long histories

No prefetch: the service queries a FHIR sandbox that answers every call ${FHIR_LATENCY_MS} ms late (an EHR's server does
I/O). One patient per size, ALT results evenly over 10 years (520: weekly; 10,000: several a day), the latest in the
window; TBil, platelets, neutrophils monthly; HBeAg and HBsAg years old. One search = the ALT prefetch template's
first page (100 results). Medians of 25 sequential calls. Goal: hook ÷ search ≤ 3× at every size.

${depthReport}
`;
  // The sections other benchmarks write (bench/report.ts, bench/store.ts) are theirs: kept as they are.
  const resultsFile = path.join(PACKAGE_ROOT, 'bench', 'results.md');
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const kept = [/<!-- report-bench -->[\s\S]*?<!-- \/report-bench -->/, /<!-- store-bench:begin -->[\s\S]*?<!-- store-bench:end -->/, /<!-- tracing-bench:begin -->[\s\S]*?<!-- tracing-bench:end -->/].flatMap((re) => previous.match(re) ?? []);
  writeFileSync(resultsFile, [report.trimEnd(), ...kept].join('\n\n') + '\n');
  console.log(table);
  console.log(depthReport);
  console.log(`peak RSS: ${rss1.toFixed(0)} MB (1 worker; baseline ${baselineRss.toFixed(0)} MB), ${rssN.toFixed(0)} MB (${cores} workers + primary)`);
  console.log('written: bench/results.md');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
