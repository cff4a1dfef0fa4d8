/** Feedback: validated, durably stored in SQLite before the 200, nothing lost under concurrency. */
import path from 'node:path';
import request from 'supertest';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { PV, testApp } from '../../devkit/test-app.js';
import { feedbackCount, feedbackRows } from '../../devkit/store-rows.js';

const FB = `${PV}/feedback`;
const SHOWN_WITH_FEEDBACK = `SELECT s.card_uuid AS card, s.decision_code AS "decisionCode", s.hook AS hook, f.outcome AS outcome, f.override_code AS "overrideCode"
  FROM card_shown s LEFT JOIN feedback f ON f.card_uuid = s.card_uuid ORDER BY s.shown_at DESC`;
const accepted = (card = 'c0a8b3f4-2b1e-4c1a-9d2e-1f2a3b4c5d6e') => ({
  card,
  outcome: 'accepted',
  acceptedSuggestions: [{ id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }],
  outcomeTimestamp: '2026-06-15T10:20:50.52Z',
});
const overridden = {
  card: 'c0a8b3f4-2b1e-4c1a-9d2e-1f2a3b4c5d6e',
  outcome: 'overridden',
  overrideReason: { reason: { system: 'https://ifn-timing-cds.org/fhir/CodeSystem/override-reason', code: 'specialist-reviewed', display: 'reviewed' }, userComment: 'seen in clinic' },
  outcomeTimestamp: '2026-06-15T10:21:00Z',
};

describe('feedback', () => {
  it('200 only after the rows are committed: another connection to the file sees them', async () => {
    const t = testApp();
    const res = await request(t.app).post(FB).set('Content-Type', 'application/json').send({ feedback: [accepted(), overridden] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 2, new: 2 });
    const rows = feedbackRows(path.join(t.dataDir, 'feedback.sqlite'));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.outcome === 'overridden')).toMatchObject({
      serviceId: 'ifn-timing-patient-view',
      overrideReason: { reason: { code: 'specialist-reviewed' }, userComment: 'seen in clinic' },
    });
    expect(rows.find((r) => r.outcome === 'accepted')?.acceptedSuggestions).toEqual([{ id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }]);
  });

  it('an override reason with a code but no system (as the Sandbox sends) is accepted', async () => {
    const t = testApp();
    const res = await request(t.app).post(FB).send({ feedback: [{ ...overridden, overrideReason: { reason: { code: 'x' } } }] });
    expect(res.status).toBe(200);
  });

  it('200 concurrent posts → 200 rows', async () => {
    const t = testApp();
    const posts = Array.from({ length: 200 }, (_, i) => request(t.app).post(FB).send({ feedback: [accepted(`card-${i}`)] }));
    const results = await Promise.all(posts);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(feedbackCount(t.store.file)).toBe(200);
    expect(new Set(feedbackRows(t.store.file).map((r) => r.card)).size).toBe(200);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not the {feedback: [...]} wrapper', accepted(), /feedback is required/],
    ['empty list', { feedback: [] }, /feedback must NOT have fewer than 1 items/],
    ['missing card', { feedback: [{ ...accepted(), card: undefined }] }, /feedback\[0\]\.card is required/],
    ['unknown outcome', { feedback: [{ ...accepted(), outcome: 'ignored' }] }, /feedback\[0\]\.outcome must be equal to one of the allowed values/],
    ['accepted without acceptedSuggestions', { feedback: [{ ...accepted(), acceptedSuggestions: undefined }] }, /feedback\[0\]\.acceptedSuggestions is required/],
    ['bad outcomeTimestamp', { feedback: [{ ...accepted(), outcomeTimestamp: 'yesterday' }] }, /outcomeTimestamp must match format "date-time"/],
    ['missing outcomeTimestamp', { feedback: [{ ...overridden, outcomeTimestamp: undefined }] }, /outcomeTimestamp is required/],
  ];
  it.each(bad)('400: %s, and nothing stored', async (_n, body, message) => {
    const t = testApp();
    const res = await request(t.app).post(FB).set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue.map((i: { diagnostics: string }) => i.diagnostics).join(' ')).toMatch(message);
    expect(feedbackCount(t.store.file)).toBe(0);
  });

  it('one bad item rejects the whole post (atomic)', async () => {
    const t = testApp();
    const res = await request(t.app).post(FB).send({ feedback: [accepted(), { ...accepted(), outcome: 'nope' }] });
    expect(res.status).toBe(400);
    expect(feedbackCount(t.store.file)).toBe(0);
  });
});

describe('governance: shown cards joined with feedback', () => {
  it('records each card shown (no patient data) and joins it with the feedback it got', async () => {
    const t = testApp();
    const { fixtureRequest } = await import('../../devkit/test-app.js');
    const shown = await request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
    const uuid = shown.body.cards[0].uuid as string;
    await request(t.app).post(FB).send({ feedback: [{ card: uuid, outcome: 'overridden', overrideReason: { reason: { code: 'patient-preference' } }, outcomeTimestamp: '2026-06-15T10:21:00Z' }] });
    const rows = await t.store.readQuery(SHOWN_WITH_FEEDBACK, []);
    expect(rows).toEqual([{ card: uuid, decisionCode: 'ifn-window', hook: 'patient-view', outcome: 'overridden', overrideCode: 'patient-preference' }]);
  });

  it('silent calls record nothing; buffered records are written on close', async () => {
    const t = testApp();
    const { fixtureRequest } = await import('../../devkit/test-app.js');
    await request(t.app).post('/cds-services/ifn-timing-order-select').set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('order-select-sandbox-quirks')));
    await request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
    await t.store.close();
    const reopened = new SqliteFeedbackStore(path.join(t.dataDir, 'feedback.sqlite'));
    try {
      expect((await reopened.readQuery(SHOWN_WITH_FEEDBACK, [])).map((r) => r.decisionCode)).toEqual(['ifn-window']);
    } finally {
      await reopened.close();
    }
  });
});
