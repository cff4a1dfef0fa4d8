/** CDS Hooks 2.0 protocol: discovery, every status the hook endpoint answers, prefetch semantics, CORS, logs. */
import request from 'supertest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { PREFETCH_TOKENS } from '../src/contract/schemas.js';
import { responseErrors } from '../src/contract/validate.js';
import { OS, OSN, PV, fixtureRequest, testApp } from '../devkit/test-app.js';
import { startFhirSandbox } from '../devkit/fhir-sandbox.js';

const t = testApp();
const post = (url: string, body: unknown) => request(t.app).post(url).set('Content-Type', 'application/json').send(JSON.stringify(body));

/** Asserts an OperationOutcome body with the status, and returns its diagnostics joined. */
async function outcome(res: request.Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue.length).toBeGreaterThan(0);
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  return res.body.issue.map((i: { diagnostics: string }) => i.diagnostics).join(' | ');
}

describe('discovery', () => {
  it('GET /cds-services answers the discovery document', async () => {
    const res = await request(t.app).get('/cds-services');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'cds-services.json'), 'utf8')));
    const hooks = res.body.services.map((s: { hook: string }) => s.hook).sort();
    expect(hooks).toEqual(['order-select', 'order-sign', 'patient-view']);
  });

  it('every service has id, hook, title, description, usageRequirements, and prefetch with only CDS Hooks 2.0 tokens', async () => {
    const { body } = await request(t.app).get('/cds-services');
    for (const s of body.services) {
      for (const f of ['id', 'hook', 'title', 'description', 'usageRequirements']) expect(typeof s[f]).toBe('string');
      for (const template of Object.values<string>(s.prefetch)) {
        for (const m of template.matchAll(/\{\{([^}]*)\}\}/g)) expect(PREFETCH_TOKENS).toContain(m[1]);
        expect(template).not.toMatch(/today\(|\.ofType\(|%/);
      }
    }
  });

  it('the prefetch covers every input of clinical-rules.md', async () => {
    const { body } = await request(t.app).get('/cds-services');
    const all = Object.values<string>(body.services[0].prefetch).join(' ');
    for (const code of ['1742-6', '1743-4', '1744-2', '42595-9', '29615-2', '48398-2', '45161-7', '47216-7', '48650-6', '29610-3', '13954-3', '31844-4', '5191-2', '31845-1', '5196-1', '5195-3', '63557-3', '58452-4', '1975-2', '14631-6', '777-3', '26515-7', '751-8', '26499-4', '82810-3', 'liver-inflammation-grade']) {
      expect(all).toContain(code);
    }
    for (const type of ['Patient/', 'Condition?', 'FamilyMemberHistory?', 'MedicationRequest?', 'MedicationStatement?']) expect(all).toContain(type);
  });
});

describe('hook calls: 200', () => {
  it('full prefetch → one D1 card that conforms', async () => {
    const res = await post(PV, fixtureRequest('patient-view-full-prefetch'));
    expect(res.status).toBe(200);
    expect(responseErrors(res.body)).toEqual([]);
    expect(res.body.cards).toHaveLength(1);
    expect(res.body.cards[0].source.topic.code).toBe('ifn-window');
    expect(res.body.cards[0].summary).toContain('ALT 4.2×ULN (168 U/L, ULN 40, lab range)');
  });

  it('null prefetch values mean "no data": answered, not fetched again, TBil shown as unknown', async () => {
    const fhir = await startFhirSandbox([]);
    try {
      const res = await post(PV, { ...fixtureRequest('null-prefetch-values'), fhirServer: fhir.url });
      expect(res.status).toBe(200);
      expect(fhir.calls).toHaveLength(0);
      const card = res.body.cards[0];
      expect(card.source.topic.code).toBe('ifn-window');
      expect(card.summary).toMatch(/no TBil/);
      expect(card.detail).toContain('TBil: none within 7 days of the latest ALT');
      expect(card.suggestions[0].actions[0].resource.code.coding[0].code).toBe('1975-2');
    } finally {
      await fhir.close();
    }
  });

  it('order-select with an interferon draft → a card about that order', async () => {
    const res = await post(OS, fixtureRequest('order-select-interferon'));
    expect(res.status).toBe(200);
    expect(responseErrors(res.body)).toEqual([]);
    expect(res.body.cards[0].detail).toContain('MedicationRequest/ifn-draft-1');
  });

  it('Sandbox quirks (object reasonCode/category, no Bundle.type, no medication) → 200, no card', async () => {
    const res = await post(OS, fixtureRequest('order-select-sandbox-quirks'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it('order-sign: of four drafts (a lab order, paracetamol, an unknown resourceType, peginterferon) the card is about the interferon one', async () => {
    const res = await post(OSN, fixtureRequest('order-sign-interferon'));
    expect(res.status).toBe(200);
    expect(responseErrors(res.body)).toEqual([]);
    expect(res.body.cards).toHaveLength(1);
    const card = res.body.cards[0];
    expect(card.source.topic.code).toBe('ifn-window');
    expect(card.detail).toContain('MedicationRequest/ifn-draft-1');
    for (const other of ['alt-draft-1', 'paracetamol-draft-1', 'x-1']) expect(JSON.stringify(card)).not.toContain(other);
  });

  it('order-sign answers like order-select for the same interferon draft (same decision, indicator, actions)', async () => {
    const select = (await post(OS, fixtureRequest('order-select-interferon'))).body.cards[0];
    const sign = (await post(OSN, fixtureRequest('order-sign-interferon'))).body.cards[0];
    const shape = (c: Record<string, any>) => ({
      topic: c.source.topic.code,
      indicator: c.indicator,
      summary: c.summary,
      actions: (c.suggestions ?? []).map((s: { actions: { type: string; resourceId?: string }[] }) => s.actions.map((a) => `${a.type} ${a.resourceId ?? ''}`)),
      overrideReasons: c.overrideReasons,
    });
    expect(shape(sign)).toEqual(shape(select));
  });

  it('order-sign of a warning decision: cancel deletes the interferon draft by resourceId, never another draft', async () => {
    const req = fixtureRequest('order-sign-interferon') as Record<string, any>;
    req.prefetch.alt = null; // no ALT on record → D7, a warning on order hooks with a cancel suggestion
    const res = await post(OSN, req);
    expect(res.status).toBe(200);
    const card = res.body.cards[0];
    expect(card.indicator).toBe('warning');
    const deletes = card.suggestions.flatMap((s: { actions: { type: string; resourceId?: string }[] }) => s.actions.filter((a) => a.type === 'delete').map((a) => a.resourceId));
    expect(deletes.length).toBeGreaterThan(0);
    expect(new Set(deletes)).toEqual(new Set(['MedicationRequest/ifn-draft-1']));
    expect(card.overrideReasons.length).toBeGreaterThan(0);
  });

  it('order-sign with only non-interferon drafts → cards: []', async () => {
    const req = fixtureRequest('order-sign-interferon') as Record<string, any>;
    req.context.draftOrders.entry = req.context.draftOrders.entry.filter((e: { resource: { id: string } }) => e.resource.id !== 'ifn-draft-1');
    const res = await post(OSN, req);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it('order-sign with an empty draftOrders Bundle → cards: []', async () => {
    const req = fixtureRequest('order-sign-interferon') as Record<string, any>;
    req.context.draftOrders = { resourceType: 'Bundle', type: 'collection' };
    expect((await post(OSN, req)).body).toEqual({ cards: [] });
  });

  it('order-sign of an interferon while another interferon is active (a renewal) → cards: []; the same one stopped → a card', async () => {
    const active = { resourceType: 'MedicationRequest', id: 'ifn-running', status: 'active', intent: 'order', subject: { reference: 'Patient/chb-window' }, medicationCodeableConcept: { text: 'peginterferon alfa-2a' } };
    const withMed = (status: string) => {
      const req = fixtureRequest('order-sign-interferon') as Record<string, any>;
      req.prefetch.medicationRequests = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { ...active, status } }] };
      return req;
    };
    expect((await post(OSN, withMed('active'))).body).toEqual({ cards: [] });
    expect((await post(OSN, withMed('stopped'))).body.cards).toHaveLength(1);
  });

  it('order-sign drafts without ids, entries without a resource, and a Bundle without type are not errors → 200, a conforming answer', async () => {
    const req = fixtureRequest('order-sign-interferon') as Record<string, any>;
    const ifn = req.context.draftOrders.entry.find((e: { resource: { id: string } }) => e.resource.id === 'ifn-draft-1').resource;
    const { id: _id, ...idless } = ifn;
    req.context.draftOrders = { resourceType: 'Bundle', entry: [{}, { fullUrl: 'urn:uuid:1' }, { resource: idless }, { resource: { resourceType: 'ServiceRequest', status: 'draft' } }] };
    const res = await post(OSN, req);
    expect(res.status).toBe(200);
    expect(responseErrors(res.body)).toEqual([]);
  });

  it('order-sign Sandbox quirks (no Bundle.type, a draft with no medication yet) → 200, no card', async () => {
    const res = await post(OSN, fixtureRequest('order-sign-sandbox-quirks'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it('a Chinese card when the request asks for it by extension', async () => {
    const res = await post(PV, { ...fixtureRequest('patient-view-full-prefetch'), extension: { 'org.ifn-timing-cds.locale': 'zh-CN' } });
    expect(res.body.cards[0].summary).toMatch(/^干扰素治疗时机：/);
  });

  it('Chinese by configuration', async () => {
    const zh = testApp({ CDS_LOCALE: 'zh-CN' });
    const res = await request(zh.app).post(PV).set('Content-Type', 'application/json').send(fixtureRequest('patient-view-full-prefetch'));
    expect(res.body.cards[0].source.label).toBe('慢性乙型肝炎干扰素治疗时机专家建议（中国专家共识）');
  });

  it('accepts application/fhir+json and unknown extra fields', async () => {
    const res = await request(t.app)
      .post(PV)
      .set('Content-Type', 'application/fhir+json; charset=utf-8')
      .send(JSON.stringify({ ...fixtureRequest('patient-view-full-prefetch'), somethingNew: 1, extension: { 'com.example': { a: 1 } } }));
    expect(res.status).toBe(200);
  });
});

/** Paths of every null, "", [] or {} in `x` (CDS Hooks 2.0 §JSON: optional elements are omitted, never empty). */
function emptyElements(x: unknown, at = '$'): string[] {
  if (x === null || x === '') return [at];
  if (Array.isArray(x)) return x.length ? x.flatMap((v, i) => emptyElements(v, `${at}[${i}]`)) : [at];
  if (typeof x === 'object') {
    const entries = Object.entries(x);
    return entries.length ? entries.flatMap(([k, v]) => emptyElements(v, `${at}.${k}`)) : [at];
  }
  return [];
}

describe('no null or empty elements (R3)', () => {
  it('in discovery, and in cards of every hook (warning cards with suggestions and override reasons included)', async () => {
    expect(emptyElements((await request(t.app).get('/cds-services')).body)).toEqual([]);
    const noAlt = (name: string) => ({ ...fixtureRequest(name), prefetch: { ...(fixtureRequest(name).prefetch as object), alt: null } });
    const calls: [string, unknown][] = [
      [PV, fixtureRequest('patient-view-full-prefetch')],
      [PV, fixtureRequest('null-prefetch-values')],
      [OS, fixtureRequest('order-select-interferon')],
      [OS, noAlt('order-select-interferon')],
      [OSN, fixtureRequest('order-sign-interferon')],
      [OSN, noAlt('order-sign-interferon')],
    ];
    for (const [url, body] of calls) {
      const res = await post(url, body);
      expect(res.body.cards.length).toBe(1);
      expect({ url, empty: emptyElements(res.body) }).toEqual({ url, empty: [] });
    }
  });

  it('cards: [] is the one empty array, when there is no guidance', async () => {
    const res = await post(OSN, fixtureRequest('order-sign-sandbox-quirks'));
    expect(emptyElements(res.body)).toEqual(['$.cards']);
  });
});

describe('hook calls: 412 when data cannot be had', () => {
  it('missing prefetch keys and no fhirServer → 412 naming each missing key', async () => {
    const text = await outcome(await post(PV, fixtureRequest('missing-prefetch-keys')), 412);
    for (const key of ['alt', 'hbvMarkers', 'safetyLabs', 'histology', 'familyHistory', 'medicationRequests', 'medicationStatements']) expect(text).toContain(`"${key}"`);
    expect(text).not.toContain('"patient"');
    expect(text).toContain('no fhirServer');
  });

  it('an OperationOutcome prefetch → 412, and the key is not fetched again', async () => {
    const fhir = await startFhirSandbox([]);
    try {
      const text = await outcome(await post(PV, { ...fixtureRequest('operation-outcome-prefetch'), fhirServer: fhir.url }), 412);
      expect(text).toContain('"alt"');
      expect(text).toContain('Observation search timed out in the EHR');
      expect(fhir.calls).toHaveLength(0);
    } finally {
      await fhir.close();
    }
  });

  it('a Bundle holding an error OperationOutcome → 412', async () => {
    expect(await outcome(await post(PV, fixtureRequest('operation-outcome-in-bundle-prefetch')), 412)).toContain('"safetyLabs"');
  });

  it('a paginated prefetch without fhirServer → 412 (never a card on partial data)', async () => {
    const req = fixtureRequest('paged-search', { fhirBase: 'http://127.0.0.1:9', token: 't' });
    delete req.fhirServer;
    delete req.fhirAuthorization;
    expect(await outcome(await post(PV, req), 412)).toContain('more pages');
  });
});

describe('hook calls: 400 for a bad envelope, with what is wrong', () => {
  const good = () => fixtureRequest('patient-view-full-prefetch') as Record<string, any>;
  const goodOs = () => fixtureRequest('order-select-interferon') as Record<string, any>;
  const goodSign = () => fixtureRequest('order-sign-interferon') as Record<string, any>;
  const cases: [string, string, () => unknown, RegExp][] = [
    ['array body', PV, () => [good()], /JSON object/],
    ['string body', PV, () => 'hello', /not valid JSON|JSON object/],
    ['missing hook', PV, () => ({ ...good(), hook: undefined }), /hook is required/],
    ['hook not a string', PV, () => ({ ...good(), hook: 42 }), /hook must be of type string/],
    ['missing hookInstance', PV, () => ({ ...good(), hookInstance: undefined }), /hookInstance is required/],
    ['hookInstance not a string', PV, () => ({ ...good(), hookInstance: {} }), /hookInstance must be of type string/],
    ['hook this service does not serve', PV, () => ({ ...good(), hook: 'order-select' }), /not served here/],
    ['unknown hook', PV, () => ({ ...good(), hook: 'encounter-start' }), /not served here/],
    ['missing context', PV, () => ({ ...good(), context: undefined }), /context is required/],
    ['context not an object', PV, () => ({ ...good(), context: 'p1' }), /context must be a JSON object/],
    ['missing context.patientId', PV, () => ({ ...good(), context: { userId: 'Practitioner/1' } }), /context\.patientId is required/],
    ['missing context.userId', PV, () => ({ ...good(), context: { patientId: 'p1' } }), /context\.userId is required/],
    ['patientId with query characters', PV, () => ({ ...good(), context: { userId: 'Practitioner/1', patientId: 'p1&code=x' } }), /context\.patientId has an invalid format/],
    ['order-select without selections', OS, () => ({ ...goodOs(), context: { ...goodOs().context, selections: undefined } }), /context\.selections is required/],
    ['order-select with empty selections', OS, () => ({ ...goodOs(), context: { ...goodOs().context, selections: [] } }), /context\.selections must NOT have fewer than 1 items/],
    ['selection not in draftOrders', OS, () => ({ ...goodOs(), context: { ...goodOs().context, selections: ['MedicationRequest/other'] } }), /not in context\.draftOrders/],
    ['draftOrders not a Bundle', OS, () => ({ ...goodOs(), context: { ...goodOs().context, draftOrders: { resourceType: 'MedicationRequest' } } }), /context\.draftOrders\.resourceType must be equal to constant/],
    ['missing draftOrders', OS, () => ({ ...goodOs(), context: { ...goodOs().context, draftOrders: undefined } }), /context\.draftOrders is required/],
    ['order-sign without draftOrders', OSN, () => ({ ...goodSign(), context: { ...goodSign().context, draftOrders: undefined } }), /context\.draftOrders is required/],
    ['order-sign with draftOrders not a Bundle', OSN, () => ({ ...goodSign(), context: { ...goodSign().context, draftOrders: { resourceType: 'MedicationRequest', id: 'x' } } }), /context\.draftOrders\.resourceType must be equal to constant/],
    ['order-sign with draftOrders an array', OSN, () => ({ ...goodSign(), context: { ...goodSign().context, draftOrders: [] } }), /context\.draftOrders must be a JSON object/],
    ['order-sign with draftOrders.entry not an array', OSN, () => ({ ...goodSign(), context: { ...goodSign().context, draftOrders: { resourceType: 'Bundle', entry: {} } } }), /context\.draftOrders\.entry must be of type array/],
    ['order-sign without patientId', OSN, () => ({ ...goodSign(), context: { ...goodSign().context, patientId: undefined } }), /context\.patientId is required/],
    ['order-select body sent to order-sign', OSN, () => goodOs(), /not served here/],
    ['fhirAuthorization without fhirServer', PV, () => ({ ...good(), fhirAuthorization: { access_token: 'x', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds' } }), /fhirServer is required when fhirAuthorization is present/],
    ['fhirAuthorization without access_token', PV, () => ({ ...good(), fhirServer: 'https://ehr.example.org/fhir', fhirAuthorization: { token_type: 'Bearer', expires_in: 300, scope: 's', subject: 'cds' } }), /fhirAuthorization\.access_token is required/],
    ['fhirAuthorization token_type not Bearer', PV, () => ({ ...good(), fhirServer: 'https://ehr.example.org/fhir', fhirAuthorization: { access_token: 'x', token_type: 'MAC', expires_in: 300, scope: 's', subject: 'cds' } }), /token_type has an invalid format/],
    ['fhirServer not a URL', PV, () => ({ ...good(), fhirServer: 'ehr.example.org' }), /fhirServer has an invalid format/],
    ['prefetch value a bare string', PV, () => ({ ...good(), prefetch: { ...good().prefetch, patient: '123' } }), /prefetch\.patient/],
    ['prefetch not an object', PV, () => ({ ...good(), prefetch: [] }), /prefetch must be a JSON object/],
  ];
  it.each(cases)('%s', async (_name, url, body, message) => {
    const payload = body();
    const res = typeof payload === 'string' ? await request(t.app).post(url).set('Content-Type', 'application/json').send(payload) : await post(url, payload);
    expect(await outcome(res, 400)).toMatch(message);
  });

  it('malformed JSON → 400 saying so', async () => {
    const res = await request(t.app).post(PV).set('Content-Type', 'application/json').send('{"hook": "patient-view",');
    expect(await outcome(res, 400)).toMatch(/not valid JSON/);
  });

  it('no body → 400', async () => {
    expect(await outcome(await request(t.app).post(PV), 400)).toMatch(/JSON request body is required/);
  });

  it('reports every problem at once, each with its expression', async () => {
    const res = await post(PV, { context: { patientId: 5 } });
    expect(res.status).toBe(400);
    const expressions = res.body.issue.map((i: { expression: string[] }) => i.expression[0]);
    expect(expressions).toEqual(expect.arrayContaining(['hook', 'hookInstance']));
  });
});

describe('other statuses', () => {
  it('404 for an unknown service id, as an OperationOutcome', async () => {
    await outcome(await post('/cds-services/nope', fixtureRequest('patient-view-full-prefetch')), 404);
    await outcome(await post('/cds-services/nope/feedback', { feedback: [] }), 404);
  });

  it('404 for an unknown path', async () => {
    await outcome(await request(t.app).get('/nothing-here'), 404);
  });

  it('405 for a wrong method, with Allow', async () => {
    const res = await request(t.app).get(PV);
    await outcome(res, 405);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    await outcome(await request(t.app).delete('/cds-services'), 405);
  });

  it('415 for a non-JSON content type', async () => {
    const res = await request(t.app).post(PV).set('Content-Type', 'text/plain').send('hook=patient-view');
    expect(await outcome(res, 415)).toMatch(/application\/json/);
    await outcome(await request(t.app).post(PV).type('form').send({ hook: 'patient-view' }), 415);
  });

  it('413 over the configured body limit', async () => {
    const small = testApp({ CDS_BODY_LIMIT: '2kb' });
    const big = { ...fixtureRequest('patient-view-full-prefetch'), padding: 'x'.repeat(4096) };
    const res = await request(small.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(big));
    await outcome(res, 413);
  });

  it('GET /healthz → 200', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('CORS and headers', () => {
  it('answers a preflight from an allowed origin with that origin, never * and never credentials', async () => {
    for (const url of ['/cds-services', PV, `${PV}/feedback`]) {
      const res = await request(t.app).options(url).set('Origin', 'https://sandbox.cds-hooks.org').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://sandbox.cds-hooks.org');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
      // Trace context and a request id from a browser-based EHR (logs and traces carry them).
      expect(res.headers['access-control-allow-headers']).toMatch(/traceparent, tracestate, X-Request-Id/);
      expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('localhost on any port is allowed by default', async () => {
    const res = await request(t.app).get('/cds-services').set('Origin', 'http://localhost:8080');
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:8080');
  });

  it('an origin not on the list gets no CORS headers', async () => {
    const res = await request(t.app).options(PV).set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(t.app).get('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org.evil.example.com');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('no x-powered-by; security headers for a JSON API', async () => {
    const res = await request(t.app).get('/cds-services');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('request log', () => {
  it('one structured line per request with service, hook, hookInstance, status, duration and topics; no token', async () => {
    const fresh = testApp();
    const fhir = await startFhirSandbox([]);
    try {
      await request(fresh.app).post(PV).set('Content-Type', 'application/json').send({ ...fixtureRequest('patient-view-full-prefetch') });
      await request(fresh.app)
        .post(PV)
        .set('Content-Type', 'application/json')
        .set('Authorization', 'Bearer eyJhbGciOiJFUzM4NCJ9.jwt-secret.sig')
        .send(fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: 'super-secret-access-token' }));
    } finally {
      await fhir.close();
    }
    const lines = fresh.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ serviceId: 'ifn-timing-patient-view', hook: 'patient-view', hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea', status: 200, topics: ['ifn-window'] });
    expect(typeof lines[0].durationMs).toBe('number');
    const all = fresh.logs.join('\n');
    expect(all).not.toContain('super-secret-access-token');
    expect(all).not.toContain('jwt-secret');
    expect(all).not.toContain('Wang'); // no resource contents
  });
});
