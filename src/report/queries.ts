/**
 * The report's SQL, written once for every back end: `?` placeholders, no dialect functions beyond substr,
 * COUNT, MIN and MAX, timestamps compared as ISO-8601 text. ISO weeks, medians and the "offered?" checks
 * are computed in TypeScript from these rows (src/report/compute.ts).
 */
import type { FeedbackStore } from '../store/store.js';
import { computeReport, type Report, type ReportInput, type ReportOptions } from './compute.js';

/** Shown cards counted per decision, indicator, hook and UTC day of the period. */
export const SHOWN_SQL = `
SELECT decision_code, indicator, hook, substr(shown_at, 1, 10) AS day,
       COUNT(*) AS shown, MIN(shown_at) AS first_shown, MAX(shown_at) AS last_shown
FROM card_shown
WHERE shown_at >= ? AND shown_at < ?
GROUP BY decision_code, indicator, hook, substr(shown_at, 1, 10)`;

/** Every feedback item on a card shown in the period, with what that card offered. */
export const FEEDBACK_SQL = `
SELECT s.card_uuid, s.decision_code, s.indicator, s.hook, s.shown_at, s.override_reasons, s.suggestions,
       f.outcome, f.override_code, f.accepted_suggestions, f.outcome_timestamp
FROM feedback f JOIN card_shown s ON s.card_uuid = f.card_uuid
WHERE s.shown_at >= ? AND s.shown_at < ?`;

/** Feedback for card uuids the service has no record of showing, received in the period. */
export const UNKNOWN_CARD_SQL = `
SELECT COUNT(*) AS items, COUNT(DISTINCT f.card_uuid) AS cards
FROM feedback f LEFT JOIN card_shown s ON s.card_uuid = f.card_uuid
WHERE s.card_uuid IS NULL AND f.received_at >= ? AND f.received_at < ?`;

/** Bounds that compare as text below and above every ISO-8601 instant the store holds. */
const BEFORE_ALL = '0000-01-01T00:00:00.000Z';
const AFTER_ALL = '9999-12-31T23:59:59.999Z';

/** Reads the rows the report needs through the store's read-only query, then computes it. */
export async function buildReport(store: FeedbackStore, options: ReportOptions): Promise<Report> {
  const bounds = [options.since?.toISOString() ?? BEFORE_ALL, options.until?.toISOString() ?? AFTER_ALL];
  const [shown, feedback, unknown] = await Promise.all([
    store.readQuery(SHOWN_SQL, bounds),
    store.readQuery(FEEDBACK_SQL, bounds),
    store.readQuery(UNKNOWN_CARD_SQL, bounds),
  ]);
  const input: ReportInput = { shown, feedback, unknownCard: unknown[0] ?? {}, shownDropped: store.shownDropped() };
  return computeReport(input, options);
}
