/**
 * The report's SQL, written once for every back end: `?` placeholders, no dialect functions beyond substr,
 * COUNT, MIN, MAX and CASE, timestamps compared as ISO-8601 text. ISO weeks, medians and the "offered?" checks
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

/**
 * Every feedback item on a card shown in the period, with what that card offered (only where the item needs
 * it), and every item received in the period for a card uuid with no card_shown row (its card columns null).
 * One pass over feedback (the smaller table), each card looked up by its key.
 */
export const FEEDBACK_SQL = `
SELECT f.card_uuid AS feedback_card, s.card_uuid, s.decision_code, s.indicator, s.hook, s.shown_at,
       CASE WHEN f.override_code IS NOT NULL THEN s.override_reasons END AS override_reasons,
       CASE WHEN f.outcome = 'accepted' THEN s.suggestions END AS suggestions,
       f.outcome, f.override_code, f.accepted_suggestions, f.outcome_timestamp
FROM feedback f LEFT JOIN card_shown s ON s.card_uuid = f.card_uuid
WHERE (s.card_uuid IS NULL AND f.received_at >= ? AND f.received_at < ?) OR (s.shown_at >= ? AND s.shown_at < ?)`;

/** Bounds that compare as text below and above every ISO-8601 instant the store holds. */
const BEFORE_ALL = '0000-01-01T00:00:00.000Z';
const AFTER_ALL = '9999-12-31T23:59:59.999Z';

/** Which cards a report counts beyond its period: one clinical rules version, one clinical config (by its hash). */
export interface ReportFilter {
  rulesVersion?: string;
  configHash?: string;
}

/** Reads the rows the report needs through the store's read-only query, then computes it. */
export async function buildReport(store: FeedbackStore, options: ReportOptions & ReportFilter): Promise<Report> {
  const bounds = [options.since?.toISOString() ?? BEFORE_ALL, options.until?.toISOString() ?? AFTER_ALL];
  const [shown, feedback] = await Promise.all([store.readQuery(SHOWN_SQL, bounds), store.readQuery(FEEDBACK_SQL, [...bounds, ...bounds])]);
  const input: ReportInput = { shown, feedback, shownDropped: store.shownDropped() };
  return computeReport(input, options);
}
