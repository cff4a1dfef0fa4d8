/** The /rules page: every P-id and D-id anchored in both languages, served as a static page; cards link to it. */
import request from 'supertest';
import { renderRulesPage } from '../../src/cards/rules-page.js';
import { LOCALES } from '../../src/config/locale.js';
import { DECISION_CODE, STEP_DECISION } from '../../src/engine/types.js';
import { fixtureRequest, testApp } from '../../devkit/test-app.js';
import { EVALUATION_DATE } from '../../devkit/dates.js';

describe('/rules', () => {
  it.each(LOCALES)('%s: anchors P1–P7 and D0–D13 once each, with each decision code', (locale) => {
    const html = renderRulesPage(locale);
    for (const id of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', ...Object.keys(DECISION_CODE)]) expect(html.split(`id="${id}"`)).toHaveLength(2);
    for (const code of Object.values(DECISION_CODE)) expect(html).toContain(`<code>${code}</code>`);
    expect(html).toContain(`lang="${locale}"`);
    expect(html).not.toMatch(/style=|<script/);
  });

  it.each(LOCALES)('%s: version 3, the source publication, steps 1–16 in the order and with the decisions of the card trace', (locale) => {
    const html = renderRulesPage(locale);
    expect(html).toMatch(locale === 'en' ? /clinical rules, version 3/ : /临床规则第3版/);
    expect(html).toContain(locale === 'en' ? 'Expert recommendations on interferon therapy timing for chronic hepatitis B' : '慢性乙型肝炎干扰素治疗时机专家建议');
    const rows = [...html.matchAll(/<td id="step-(\d+)">\d+<\/td><th><a href="#(D\d+)">/g)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(Object.entries(STEP_DECISION).map(([step, id]) => [Number(step), id]));
    expect(rows.map(([step]) => step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('the step numbers are the ones a card traces', () => {
    const html = renderRulesPage('en');
    // The D1 card of the render tests traces "11·D1✔" (test/cards/render.test.ts); the page says step 11 is D1.
    expect(html).toContain('<td id="step-11">11</td><th><a href="#D1">D1</a></th>');
    expect(html).toContain('<td id="step-1">1</td><th><a href="#D10">D10</a></th>');
  });

  it.each(LOCALES)('%s: a section links the FHIR artifacts it is given (Library and PlanDefinitions), escaped', (locale) => {
    const artifacts = [
      { type: 'Library', id: 'ifn-timing', title: 'IFNTiming <logic>' },
      { type: 'PlanDefinition', id: 'ifn-timing-patient-view', title: 'Interferon timing' },
    ];
    const html = renderRulesPage(locale, artifacts);
    expect(html).toContain('<a href="fhir/Library/ifn-timing"><code>Library/ifn-timing</code></a> IFNTiming &lt;logic&gt;');
    expect(html).toContain('<a href="fhir/PlanDefinition/ifn-timing-patient-view">');
    expect(html).toContain(locale === 'en' ? 'The rules as FHIR artifacts' : '规则的FHIR构件');
    expect(html).toMatch(locale === 'en' ? /Version 3, FHIR JSON/ : /第3版，FHIR JSON/);
    expect(renderRulesPage(locale)).not.toContain('id="fhir"');
  });

  it('is served as HTML with its stylesheet from the same route, under a strict CSP', async () => {
    const { app } = testApp({});
    const page = await request(app).get('/rules?lang=zh-CN');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('id="D9"');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const css = await request(app).get('/rules?format=css');
    expect(css.type).toBe('text/css');
  });

  it("a card's source.url points at its decision on the page, from the request's own base", async () => {
    const { app } = testApp({}, new Date(EVALUATION_DATE));
    const res = await request(app).post('/cds-services/ifn-timing-patient-view').set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patients/d5-window-tbil-elevated.patient-view')));
    expect(res.status).toBe(200);
    expect(res.body.cards[0].source.url).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/rules\?lang=en#D5$/);
  });
});
