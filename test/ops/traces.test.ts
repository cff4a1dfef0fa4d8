/**
 * Issue 23 item 5: OpenTelemetry traces. A small OTLP/HTTP receiver (JSON) started here receives the spans of a
 * hook call that reads its data from a FHIR server (the sandbox, behind a front that records each request's
 * headers), and of a feedback POST. Checked: parent links (the EHR's traceparent → the hook span → FHIR calls,
 * engine, cards), the traceparent the FHIR server received, store-write spans, and that no attribute carries the
 * patient id, the token or a value of the record. Off (no endpoint), no SDK module is loaded and spans cost nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { PV, fixtureRequest, fixtureResources, testApp } from '../../devkit/test-app.js';
import { createFhirSandbox } from '../../devkit/fhir-sandbox.js';
import { capturedLogger } from '../../devkit/log-capture.js';
import { listenLocally } from '../../devkit/local-server.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { inSpan, spansOn } from '../../src/telemetry/spans.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import { packageVersion } from '../../src/service/versions.js';
import { startTracing, stopTracing, tracesProtocol, tracingOffBecause, type Tracing } from '../../src/telemetry/tracing.js';

const TOKEN = 'bearer-token-never-in-a-span-7f3a9c';
const PATIENT = 'chb-window';
const resources = fixtureResources('patient-view-full-prefetch');
/** Every value of the record's observations, as text (quantities, codes, strings). */
const recordValues = resources.flatMap((r) => {
  const o = r as { resourceType: string; valueQuantity?: { value?: number }; valueCodeableConcept?: { coding?: { code?: string }[] }; valueString?: string };
  if (o.resourceType !== 'Observation') return [];
  return [o.valueQuantity?.value !== undefined ? String(o.valueQuantity.value) : undefined, o.valueCodeableConcept?.coding?.[0]?.code, o.valueString].filter((v): v is string => !!v);
});

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes: Record<string, unknown>;
}

const plain = (v: OtlpValue): unknown =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue ?? v.arrayValue?.values?.map(plain);

/** The OTLP/HTTP receiver: decodes JSON export requests; `waitFor` resolves once a span matching `test` arrived. */
async function otlpReceiver() {
  const spans: Span[] = [];
  const resources: Record<string, unknown>[] = [];
  const requests: string[] = [];
  const waiters: { test: (s: Span[]) => boolean; resolve: () => void }[] = [];
  const server = await listenLocally((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: (Omit<Span, 'attributes'> & { attributes?: { key: string; value: OtlpValue }[] })[] }[] }[];
      };
      for (const rs of body.resourceSpans) resources.push(Object.fromEntries((rs.resource?.attributes ?? []).map((a) => [a.key, plain(a.value)])));
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, plain(a.value)])) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const w of [...waiters]) if (w.test(spans)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
    });
  });
  return {
    url: server.url,
    spans,
    resources,
    requests,
    waitFor: (test: (s: Span[]) => boolean) => (test(spans) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve }))),
    close: server.close,
  };
}

/** The FHIR sandbox behind a front that records each request's headers. */
async function recordingFhirServer() {
  const sandbox = await createFhirSandbox(resources, { token: TOKEN });
  const seen: http.IncomingHttpHeaders[] = [];
  let base = '';
  const server = await listenLocally((req, res) => {
    seen.push(req.headers);
    sandbox.handle(req.method ?? 'GET', req.url ?? '/', undefined, req.headers, base).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
    });
  });
  base = server.url;
  return { url: base, seen, close: server.close };
}

const hookBody = (fhirBase: string) => JSON.stringify(fixtureRequest('fhir-server-only', { fhirBase, token: TOKEN }));

describe('tracing off (no OTLP endpoint)', () => {
  it('the environment decides: no endpoint, OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none keep it off', () => {
    expect(tracingOffBecause({})).toBe('no OTLP endpoint set');
    expect(tracingOffBecause({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe('no OTLP endpoint set');
    expect(tracingOffBecause({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBe('OTEL_SDK_DISABLED=true');
    expect(tracingOffBecause({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces', OTEL_TRACES_EXPORTER: 'none' })).toBe('OTEL_TRACES_EXPORTER=none');
    expect(tracingOffBecause({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBeUndefined();
    expect(tracingOffBecause({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBeUndefined();
    expect(tracesProtocol({})).toBe('http/protobuf');
    expect(tracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(tracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toBe('http/protobuf');
    expect(tracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual({ unsupported: 'grpc' });
  });

  it('no module of the service imports an OpenTelemetry package but the API statically (the SDK only by import() when on)', () => {
    // The files on disk, not `git ls-files`: the newcomer test runs this suite on a copy that is not a repository.
    const files = (readdirSync(path.join(PACKAGE_ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join('src', f));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => {
      const text = readFileSync(path.join(PACKAGE_ROOT, f), 'utf8');
      // Static imports and re-exports (type-only ones cost nothing at run time).
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'(@opentelemetry\/[^']+)'/gm)].map((m) => m[1]);
      return specifiers.filter((s) => s !== '@opentelemetry/api').map((s) => `${f}: ${s}`);
    });
    expect(offenders).toEqual([]);
    // And the dynamic ones are where the set-up is.
    const dynamic = files.filter((f) => /load\('@opentelemetry\/sdk-trace-node'\)/.test(readFileSync(path.join(PACKAGE_ROOT, f), 'utf8')));
    expect(dynamic).toEqual(['src/telemetry/tracing.ts']);
  });

  it('grpc asked for: one warning naming the protocol, no SDK module loaded, tracing off', async () => {
    const loaded: string[] = [];
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (_f: Record<string, unknown>, m: string) => void warnings.push(m) };
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.invalid:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
    await expect(startTracing({ env, logger, load: async (s) => void loaded.push(s) })).resolves.toBeUndefined();
    expect(loaded).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/only http\/protobuf and http\/json/)]);
    expect(spansOn()).toBe(false);
  });

  it('a hook call: no SDK module loaded, no traceparent to the FHIR server, no trace ids in the log', async () => {
    const loaded: string[] = [];
    await expect(startTracing({ env: {}, load: async (s) => void loaded.push(s) })).resolves.toBeUndefined();
    expect(loaded).toEqual([]);
    expect(spansOn()).toBe(false);
    const fhir = await recordingFhirServer();
    try {
      const t = testApp();
      const res = await request(t.app).post(PV).set('Content-Type', 'application/json').set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01').send(hookBody(fhir.url));
      expect(res.status).toBe(200);
      expect(fhir.seen.length).toBeGreaterThan(0);
      expect(fhir.seen.filter((h) => h.traceparent !== undefined || h.tracestate !== undefined)).toEqual([]);
      const line = JSON.parse(t.logs.find((l) => l.includes('"msg":"request"'))!) as Record<string, unknown>;
      expect(line).not.toHaveProperty('trace_id');
      expect(line).not.toHaveProperty('span_id');
      await t.store.close();
    } finally {
      await fhir.close();
    }
  });
});

describe('tracing on: spans at an OTLP/HTTP receiver', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let tracing: Tracing;
  const loaded: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    receiver = await otlpReceiver();
    // The standard variables only, as an operator sets them; the exporter reads them from the environment.
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=secret-never-logged',
      OTEL_SERVICE_NAME: 'ifn-timing-cds-test',
    });
    const started = await startTracing({ load: (s) => (loaded.push(s), import(s)) });
    expect(started).toBeDefined();
    tracing = started!;
  });

  afterAll(async () => {
    await stopTracing(5000);
    for (const k of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_SERVICE_NAME']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await receiver.close();
  });

  it('loads the SDK and the JSON exporter only', () => {
    expect(tracing.protocol).toBe('http/json');
    expect(loaded).toContain('@opentelemetry/sdk-trace-node');
    expect(loaded).toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(loaded).not.toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(spansOn()).toBe(true);
  });

  it("a hook call on fhirServer: the hook span is the EHR's traceparent's child; FHIR, engine and card spans are its children; the FHIR server got their traceparent", async () => {
    const fhir = await recordingFhirServer();
    const incomingTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const incomingSpan = '00f067aa0ba902b7';
    try {
      const t = testApp();
      const res = await request(t.app)
        .post(PV)
        .set('Content-Type', 'application/json')
        .set('traceparent', `00-${incomingTrace}-${incomingSpan}-01`)
        .set('tracestate', 'ehr=abc')
        .send(hookBody(fhir.url));
      expect(res.status).toBe(200);
      expect(res.body.cards[0].source.topic.code).toBe('ifn-window');
      await tracing.forceFlush();
      await receiver.waitFor((s) => s.some((x) => x.name === 'POST /cds-services/{id}' && x.traceId === incomingTrace));
      const inTrace = receiver.spans.filter((s) => s.traceId === incomingTrace);

      const hook = inTrace.find((s) => s.name === 'POST /cds-services/{id}')!;
      expect(hook.parentSpanId).toBe(incomingSpan);
      expect(hook.kind).toBe(2); // SERVER
      expect(hook.attributes).toMatchObject({
        'cds.hook': 'patient-view',
        'cds.service.id': 'ifn-timing-patient-view',
        'http.request.method': 'POST',
        'http.route': '/cds-services/{id}',
        'http.response.status_code': 200,
        'cds.decision': ['ifn-window'],
      });
      expect(hook.attributes).not.toHaveProperty('cds.hook_instance');

      const fhirSpans = inTrace.filter((s) => s.name.startsWith('GET '));
      // One CLIENT span per request the FHIR server received, each with its own traceparent.
      expect(fhirSpans.length).toBe(fhir.seen.length);
      expect(fhirSpans.length).toBeGreaterThan(5);
      for (const s of fhirSpans) {
        expect(s.parentSpanId).toBe(hook.spanId);
        expect(s.kind).toBe(3); // CLIENT
        expect(s.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200, 'fhir.page': 1, 'http.request.resend_count': 0, 'server.address': '127.0.0.1' });
        expect(s.attributes['fhir.resource_type']).toBe(s.name.slice(4));
        expect(s.attributes['http.response.body.size']).toEqual(expect.any(Number));
        expect(s.attributes['http.response.body.size']).toBeGreaterThan(0);
      }
      const received = fhir.seen.map((h) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(h.traceparent)));
      expect(received.every((m) => m && m[1] === incomingTrace)).toBe(true);
      expect(new Set(received.map((m) => m![2]))).toEqual(new Set(fhirSpans.map((s) => s.spanId)));
      expect(fhir.seen.every((h) => h.tracestate === 'ehr=abc')).toBe(true);
      expect(new Set(fhirSpans.map((s) => s.attributes['fhir.resource_type']))).toEqual(new Set(['Patient', 'Observation', 'Condition', 'FamilyMemberHistory', 'MedicationRequest', 'MedicationStatement', 'AllergyIntolerance']));

      const engine = inTrace.find((s) => s.name === 'engine.evaluate')!;
      const render = inTrace.find((s) => s.name === 'cards.render')!;
      expect(engine.parentSpanId).toBe(hook.spanId);
      expect(engine.attributes).toMatchObject({ 'cds.hook': 'patient-view', 'cds.decision': 'ifn-window' });
      expect(render.parentSpanId).toBe(hook.spanId);
      expect(render.attributes).toMatchObject({ 'cds.cards': 1 });

      // The request's log line names the hook span.
      const line = JSON.parse(t.logs.find((l) => l.includes('"msg":"request"'))!) as Record<string, unknown>;
      expect(line).toMatchObject({ trace_id: incomingTrace, span_id: hook.spanId, level: 'info' });

      // The shown cards reach the store off the request path, in a batch: a store span in a trace of its own, even
      // when the flush runs inside another span's context (as a timer set during a hook call does).
      await inSpan('test.flush-caller', {}, () => t.store.close());
      await tracing.forceFlush();
      const shown = receiver.spans.filter((s) => s.name === 'store.shown.write');
      const caller = receiver.spans.find((s) => s.name === 'test.flush-caller')!;
      expect(shown).toHaveLength(1);
      expect(shown[0]!.attributes).toMatchObject({ 'db.system': 'sqlite', 'db.collection.name': 'card_shown', 'db.operation.batch.size': 1 });
      expect(shown[0]!.parentSpanId || undefined).toBeUndefined();
      expect(shown[0]!.traceId).not.toBe(caller.traceId);
      expect(shown[0]!.traceId).not.toBe(incomingTrace);
    } finally {
      await fhir.close();
    }
  });

  it('a FHIR server that cannot be reached: 412; each FHIR span failed with its code, the hook span names it', async () => {
    // A port that was just free: nothing listens there any more.
    const closed = await listenLocally(() => {});
    const { url } = closed;
    await closed.close();
    const t = testApp();
    const res = await request(t.app).post(PV).set('Content-Type', 'application/json').send(hookBody(url));
    expect(res.status).toBe(412);
    await tracing.forceFlush();
    await receiver.waitFor((s) => s.some((x) => x.name === 'POST /cds-services/{id}' && x.attributes['http.response.status_code'] === 412));
    const hook = receiver.spans.find((x) => x.name === 'POST /cds-services/{id}' && x.attributes['http.response.status_code'] === 412)!;
    expect(hook.attributes).toMatchObject({ 'error.type': 'precondition-failed', 'cds.precondition.causes': ['fhir-unreachable'] });
    expect(hook.status?.code ?? 0).toBe(0); // a 4xx is the caller's: the server span is not failed
    const calls = receiver.spans.filter((x) => x.traceId === hook.traceId && x.name.startsWith('GET '));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.parentSpanId).toBe(hook.spanId);
      expect(c.status?.code).toBe(2); // ERROR
      expect(c.attributes['error.type']).toBe('fhir-unreachable');
      expect(c.attributes).not.toHaveProperty('http.response.status_code');
    }
    await t.store.close();
  });

  it('a feedback POST: a store-write span under the feedback span', async () => {
    const t = testApp();
    const card = '0e6bd0f9-5b0d-4c1b-9d7e-6a0f8e6b1b2a';
    const res = await request(t.app)
      .post(`${PV}/feedback`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ feedback: [{ card, outcome: 'accepted', acceptedSuggestions: [{ id: 's1' }], outcomeTimestamp: '2026-12-03T20:00:00Z' }] }));
    expect(res.status).toBe(200);
    await tracing.forceFlush();
    await receiver.waitFor((s) => s.some((x) => x.name === 'store.feedback.write'));
    const write = receiver.spans.find((s) => s.name === 'store.feedback.write')!;
    const post = receiver.spans.find((s) => s.name === 'POST /cds-services/{id}/feedback')!;
    expect(write.parentSpanId).toBe(post.spanId);
    expect(write.traceId).toBe(post.traceId);
    expect(write.attributes).toMatchObject({ 'db.system': 'sqlite', 'db.operation.name': 'INSERT', 'db.collection.name': 'feedback', 'db.operation.batch.size': 1 });
    expect(post.attributes).toMatchObject({ 'cds.feedback.items': 1, 'http.response.status_code': 200 });
    await t.store.close();
  });

  it('a line logged inside a span (a FHIR retry warning, say) names its trace and span; outside, neither', () => {
    const { lines, logger } = capturedLogger('info');
    const ids = inSpan('test.inside', {}, (span) => {
      logger.warn('inside');
      return span!.spanContext();
    });
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', level: 'warn', trace_id: ids.traceId, span_id: ids.spanId });
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('no attribute anywhere holds the patient id, the token, the exporter headers or a value of the record', () => {
    expect(receiver.spans.length).toBeGreaterThan(10);
    expect(recordValues.length).toBeGreaterThan(5);
    // Numbers only where a count, a size, a status or a port belongs.
    const numeric = new Set(['http.response.status_code', 'http.request.resend_count', 'http.response.body.size', 'server.port', 'fhir.page', 'cds.cards', 'cds.feedback.items', 'db.operation.batch.size']);
    for (const s of receiver.spans) {
      for (const [key, value] of Object.entries(s.attributes)) {
        if (typeof value === 'number') expect([key, numeric.has(key)]).toEqual([key, true]);
        const text = JSON.stringify(value);
        expect(text).not.toContain(PATIENT);
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain('secret-never-logged');
        expect(text).not.toContain('?');
        const tokens = new Set(text.split(/[^A-Za-z0-9.]+/));
        if (typeof value !== 'number') for (const v of recordValues) expect([key, v, tokens.has(v)]).toEqual([key, v, false]);
      }
    }
    expect(receiver.requests.every((r) => r.startsWith('POST /v1/traces application/json'))).toBe(true);
    // The resource: OTEL_SERVICE_NAME wins over the default name; the versions are ours.
    expect(receiver.resources.length).toBeGreaterThan(0);
    for (const r of receiver.resources) {
      expect(r).toMatchObject({ 'service.name': 'ifn-timing-cds-test', 'service.version': packageVersion(), 'cds.rules_version': RULES_VERSION });
      expect(JSON.stringify(r)).not.toContain('secret-never-logged');
    }
  });
});
