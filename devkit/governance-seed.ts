/**
 * A store seeded through the real endpoints, for the report's tests: hook calls that show known cards over
 * two ISO weeks, then accepted and overridden feedback (reasons offered and not, duplicates, unknown cards).
 * What was posted is returned, so tests derive labels and uuids from the service's own answers.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Card } from '../src/contract/types.js';
import { DAY_MS } from '../src/fhir/time.js';
import { NOW } from './builders.js';
import { fixtureRequest, OS, PV, testApp, type TestApp } from './test-app.js';

/** Week A is the pinned fixture date's ISO week (2026-W25); week B the next one. */
export const WEEK_A = NOW;
export const WEEK_B = new Date(NOW.getTime() + 7 * DAY_MS);

export interface ShownSeed {
  card: Card;
  at: Date;
}

export interface GovernanceSeed {
  /** The week-A app; `withAdmin` serves /admin/report over the same store. */
  t: TestApp;
  file: string;
  pvBiopsy: ShownSeed[];
  osBiopsy: ShownSeed[];
  pvWindow: ShownSeed[];
  /** Patient ids and hookInstances sent: a report must contain none of them. */
  patientData: string[];
}

const later = (s: ShownSeed, seconds: number) => new Date(s.at.getTime() + seconds * 1000).toISOString();
const suggestion = (s: ShownSeed, i: number) => s.card.suggestions![i]!.uuid!;

async function show(t: TestApp, url: string, fixture: string, at: Date, patientData: string[]): Promise<ShownSeed> {
  const body = fixtureRequest(`patients/${fixture}`);
  body.hookInstance = randomUUID(); // one per call (CDS Hooks: a UUID)
  patientData.push(body.hookInstance as string, (body.context as { patientId: string }).patientId);
  const res = await request(t.app).post(url).set('Content-Type', 'application/json').send(JSON.stringify(body));
  if (res.status !== 200 || res.body.cards.length !== 1) throw new Error(`seed: ${fixture} answered ${res.status} with ${JSON.stringify(res.body).slice(0, 300)}`);
  return { card: res.body.cards[0] as Card, at };
}

async function feedback(t: TestApp, url: string, items: unknown[]): Promise<void> {
  const res = await request(t.app).post(`${url}/feedback`).set('Content-Type', 'application/json').send(JSON.stringify({ feedback: items }));
  if (res.status !== 200) throw new Error(`seed feedback: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
}

export async function seedGovernance(env: Record<string, string> = {}): Promise<GovernanceSeed> {
  const a = testApp(env, WEEK_A);
  const b = testApp(env, WEEK_B, { store: a.store });
  const patientData: string[] = [];
  const pvBiopsy = [await show(a, PV, 'd2-age-40-today.patient-view', WEEK_A, patientData), await show(a, PV, 'd2-age-40-today.patient-view', WEEK_A, patientData)];
  const osBiopsy = [
    await show(a, OS, 'd2-age-40-today.order-select', WEEK_A, patientData),
    await show(a, OS, 'd2-age-40-today.order-select', WEEK_A, patientData),
    await show(b, OS, 'd2-age-40-today.order-select', WEEK_B, patientData),
  ];
  const pvWindow = [await show(a, PV, 'd1-window-lab-uln.patient-view', WEEK_A, patientData), await show(b, PV, 'd1-window-lab-uln.patient-view', WEEK_B, patientData)];
  const [pv1, pv2] = pvBiopsy as [ShownSeed, ShownSeed];
  const [os1, os2, os3] = osBiopsy as [ShownSeed, ShownSeed, ShownSeed];
  const overridden = (s: ShownSeed, seconds: number, code?: string) => ({
    card: s.card.uuid,
    outcome: 'overridden',
    outcomeTimestamp: later(s, seconds),
    ...(code ? { overrideReason: { reason: { code, system: 'https://example.org/override-reason' }, userComment: 'free text that must never be reported' } } : {}),
  });
  await feedback(a, PV, [
    { card: pv1.card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion(pv1, 0) }], outcomeTimestamp: later(pv1, 60) },
    overridden(pv2, 120),
    overridden(pvWindow[0]!, 90),
  ]);
  // The same override posted twice (an EHR retrying): one card, counted once.
  await feedback(a, OS, [overridden(os1, 300, 'patient-preference')]);
  await feedback(a, OS, [overridden(os1, 300, 'patient-preference'), overridden(os2, 600, 'made-up-reason')]);
  // Week B: one suggestion on the card, one id that is not.
  await feedback(b, OS, [{ card: os3.card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion(os3, 0) }, { id: 'not-a-suggestion-here' }], outcomeTimestamp: later(os3, 30) }]);
  // Feedback for a card this service never showed, twice.
  await feedback(a, OS, [overridden({ card: { ...os1.card, uuid: 'never-shown-card' }, at: WEEK_A }, 10, 'patient-preference')]);
  await feedback(a, OS, [overridden({ card: { ...os1.card, uuid: 'never-shown-card' }, at: WEEK_A }, 20)]);
  return { t: a, file: a.store.file, pvBiopsy, osBiopsy, pvWindow, patientData };
}
