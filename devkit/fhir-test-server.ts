/**
 * A small but real FHIR R4 HTTP server on 127.0.0.1 for the data-layer tests: reads, type-level searches by
 * patient / code (token, OR by comma) / status, `_count` + `_offset` paging with absolute `next` links,
 * an optional required bearer token, and failure modes (401, 500, hanging). Records every call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, FhirResource } from 'fhir/r4';

export interface RecordedCall {
  method: string;
  url: string;
  authorization?: string;
  at: number;
}

export interface FhirTestServer {
  url: string;
  calls: RecordedCall[];
  maxInFlight: number;
  mode: 'ok' | 'unauthorized' | 'error' | 'hang';
  close(): Promise<void>;
}

export interface ServerOptions {
  resources: FhirResource[];
  /** Require `Authorization: Bearer <token>`; 401 otherwise. */
  token?: string;
  /** Default page size when the query has no `_count`. */
  pageSize?: number;
  /** Delay before each answer, ms (makes parallelism observable). */
  delayMs?: number;
  /** Rewrites `next` links (to test links that point elsewhere). */
  nextBase?: string;
}

function refMatches(resource: Record<string, unknown>, patient: string): boolean {
  const target = patient.includes('/') ? patient : `Patient/${patient}`;
  for (const field of ['subject', 'patient']) {
    const r = resource[field] as { reference?: string } | undefined;
    if (r?.reference === target) return true;
  }
  return false;
}

function codeMatches(resource: Record<string, unknown>, tokens: string[]): boolean {
  const codings = ((resource.code as { coding?: { system?: string; code?: string }[] } | undefined)?.coding ?? []);
  return tokens.some((t) => {
    const [system, code] = t.includes('|') ? t.split('|') : [undefined, t];
    return codings.some((c) => c.code === code && (system === undefined || system === '' || c.system === system));
  });
}

function statusMatches(resource: Record<string, unknown>, statuses: string[]): boolean {
  return statuses.includes(String(resource.status));
}

export async function startFhirServer(options: ServerOptions): Promise<FhirTestServer> {
  const state = { calls: [] as RecordedCall[], inFlight: 0, maxInFlight: 0, mode: 'ok' as FhirTestServer['mode'] };
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const call: RecordedCall = { method: req.method ?? 'GET', url: req.url ?? '/', at: Date.now() };
    if (req.headers.authorization) call.authorization = req.headers.authorization;
    state.calls.push(call);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    if (state.mode === 'hang') return; // never answers
    const send = (status: number, body: unknown) => {
      const write = () => {
        res.writeHead(status, { 'content-type': 'application/fhir+json' });
        res.end(JSON.stringify(body));
      };
      if (options.delayMs) setTimeout(write, options.delayMs);
      else write();
    };
    const outcome = (code: string, diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });
    if (state.mode === 'unauthorized' || (options.token && req.headers.authorization !== `Bearer ${options.token}`)) {
      return send(401, outcome('login', 'invalid or missing token'));
    }
    if (state.mode === 'error') return send(500, outcome('exception', 'boom'));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', base);
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'metadata') return send(200, { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] });
    const [type, id] = parts;
    if (!type) return send(404, outcome('not-found', 'no path'));
    if (id) {
      const found = options.resources.find((r) => r.resourceType === type && r.id === id);
      return found ? send(200, found) : send(404, outcome('not-found', `${type}/${id} not found`));
    }
    let matches = options.resources.filter((r) => r.resourceType === type) as unknown as Record<string, unknown>[];
    const patient = url.searchParams.get('patient') ?? url.searchParams.get('subject');
    if (patient) matches = matches.filter((r) => refMatches(r, patient));
    const codes = url.searchParams.getAll('code').flatMap((c) => c.split(','));
    if (codes.length) matches = matches.filter((r) => codeMatches(r, codes));
    const statuses = url.searchParams.getAll('status').flatMap((c) => c.split(','));
    if (statuses.length) matches = matches.filter((r) => statusMatches(r, statuses));
    const count = Number(url.searchParams.get('_count') ?? options.pageSize ?? 50);
    const pageSize = Math.min(count, options.pageSize ?? count);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const page = matches.slice(offset, offset + pageSize);
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link: [{ relation: 'self', url: `${base}${req.url}` }],
      entry: page.map((resource) => ({ fullUrl: `${base}/${type}/${String(resource.id)}`, resource: resource as unknown as FhirResource, search: { mode: 'match' } })),
    };
    if (offset + pageSize < matches.length) {
      const next = new URL(url.toString());
      next.searchParams.set('_offset', String(offset + pageSize));
      next.searchParams.set('_count', String(pageSize));
      bundle.link!.push({ relation: 'next', url: (options.nextBase ?? base) + next.pathname + next.search });
    }
    return send(200, bundle);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: state.calls,
    get maxInFlight() {
      return state.maxInFlight;
    },
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  } as FhirTestServer;
}
