/**
 * The report's SQL: every count is a GROUP BY in the database, so a report over a million cards reads a few
 * thousand grouped rows, never a row per card or per feedback item. The SQL is one text per query; the few
 * things SQL does not say portably (seconds between two ISO-8601 texts, an instant's ISO-week Monday, a JSON
 * array's elements, a JSON object's member) come from a small table per back end. ISO week labels and the
 * "offered?" check of override reasons are finished in TypeScript (src/report/compute.ts) on grouped rows.
 */
import type { FeedbackStore } from '../store/store.js';
import { computeReport, type Report, type ReportInput, type ReportOptions } from './compute.js';

/** Which cards a report counts beyond its period: one clinical rules version, one clinical config (by its hash). */
export interface ReportFilter {
  rulesVersion?: string;
  configHash?: string;
}

export type Dialect = 'sqlite' | 'postgres';

interface DialectSql {
  /** Seconds from `earlier` to `later` (ISO-8601 texts), to the millisecond; NULL (SQLite) for an unreadable text. */
  seconds(later: string, earlier: string): string;
  /** The Monday (UTC, YYYY-MM-DD) of the ISO week an ISO-8601 instant falls in. */
  weekStart(instant: string): string;
  /** The non-null numbers of a group as one comma-separated text. */
  joinNumbers(column: string): string;
  /** FROM-clause items: each id of f.accepted_suggestions as `j.value`, its label on the card (NULL: not on the card) as `label`. */
  acceptedSuggestions: { from: string; label: string };
}

export const DIALECT_SQL: Record<Dialect, DialectSql> = {
  sqlite: {
    seconds: (later, earlier) => `round((julianday(${later}) - julianday(${earlier})) * 86400.0, 3)`,
    // 'weekday 0' moves to the coming Sunday (or stays on one): six days back is that ISO week's Monday.
    weekStart: (t) => `date(${t}, 'weekday 0', '-6 days')`,
    joinNumbers: (c) => `group_concat(${c}, ',')`,
    acceptedSuggestions: { from: 'JOIN json_each(f.accepted_suggestions) AS j LEFT JOIN json_each(s.suggestions) AS sj ON sj.key = j.value', label: 'sj.value' },
  },
  postgres: {
    seconds: (later, earlier) => `round(EXTRACT(EPOCH FROM (${later}::timestamptz - ${earlier}::timestamptz))::numeric, 3)`,
    // date_trunc('week') is ISO: weeks start on Monday.
    weekStart: (t) => `to_char(date_trunc('week', ${t}::timestamptz AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
    joinNumbers: (c) => `string_agg(${c}::text, ',')`,
    acceptedSuggestions: { from: 'CROSS JOIN LATERAL json_array_elements_text(f.accepted_suggestions::json) AS j(value)', label: '(s.suggestions::json ->> j.value)' },
  },
};

/** The period and the version filters on card_shown `s`, with their parameters. */
function shownWhere(filter: ReportFilter, bounds: string[]): { sql: string; params: string[] } {
  const parts = ['s.shown_at >= ?', 's.shown_at < ?'];
  const params = [...bounds];
  if (filter.rulesVersion !== undefined) parts.push('s.rules_version = ?'), params.push(filter.rulesVersion);
  if (filter.configHash !== undefined) parts.push('s.config_hash = ?'), params.push(filter.configHash);
  return { sql: parts.join(' AND '), params };
}

/** What a card is counted under: decision, indicator, hook, ISO week (its Monday), rules version, config hash. */
const cardKeys = (d: DialectSql) => `s.decision_code, s.indicator, s.hook, ${d.weekStart('s.shown_at')} AS week_start, s.rules_version, s.config_hash`;
const KEY_COLUMNS = 'decision_code, indicator, hook, week_start, rules_version, config_hash';

/** Shown cards per decision, indicator, hook, UTC day, rules version and config (a day is cheaper to cut than a week; compute.ts maps it). */
export const shownSql = (where: string): string => `
SELECT s.decision_code, s.indicator, s.hook, substr(s.shown_at, 1, 10) AS day, s.rules_version, s.config_hash,
       COUNT(*) AS shown, MIN(s.shown_at) AS first_shown, MAX(s.shown_at) AS last_shown
FROM card_shown s
WHERE ${where}
GROUP BY 1, 2, 3, 4, 5, 6`;

/**
 * One row per card with feedback (shown in the period) folded in the database: accepted if any item says so,
 * overridden likewise, and the seconds from shown to its earliest feedback (times before the card was shown
 * left out). Then per group: cards with feedback, accepted, overridden, and the cards' seconds as one
 * comma-separated text (a median cannot be added up from groups: compute.ts takes it from these lists, which
 * cost a number each, not an object per card).
 * The join is driven from feedback (CROSS JOIN keeps that order in SQLite): it is the smaller table.
 */
export function cardsSql(d: DialectSql, where: string): string {
  const secs = d.seconds('f.outcome_timestamp', 's.shown_at');
  return `
SELECT ${KEY_COLUMNS}, COUNT(*) AS with_feedback, SUM(accepted) AS accepted, SUM(overridden) AS overridden, ${d.joinNumbers('seconds')} AS seconds
FROM (
  SELECT ${cardKeys(d)},
         MAX(CASE WHEN f.outcome = 'accepted' THEN 1 ELSE 0 END) AS accepted,
         MAX(CASE WHEN f.outcome = 'overridden' THEN 1 ELSE 0 END) AS overridden,
         MIN(CASE WHEN ${secs} >= 0 THEN ${secs} END) AS seconds
  FROM feedback f CROSS JOIN card_shown s
  WHERE s.card_uuid = f.card_uuid AND ${where}
  GROUP BY s.card_uuid
) cards
GROUP BY ${KEY_COLUMNS}`;
}

/** Overridden cards per group, reason code and the list of reasons the card offered (few distinct lists), each card once per code. */
export const reasonsSql = (d: DialectSql, where: string): string => `
SELECT ${cardKeys(d)}, f.override_code, s.override_reasons, COUNT(DISTINCT f.card_uuid) AS cards
FROM feedback f CROSS JOIN card_shown s
WHERE s.card_uuid = f.card_uuid AND f.outcome = 'overridden' AND ${where}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

/** Accepted cards per group and suggestion label (each card once per label); ids not on the card per id (each card once per id). */
export function suggestionsSql(d: DialectSql, where: string): string {
  const { from, label } = d.acceptedSuggestions;
  return `
SELECT ${cardKeys(d)}, ${label} AS label, CASE WHEN ${label} IS NULL THEN j.value END AS missing_id, COUNT(DISTINCT f.card_uuid) AS cards
FROM feedback f CROSS JOIN card_shown s ${from}
WHERE s.card_uuid = f.card_uuid AND f.outcome = 'accepted' AND f.accepted_suggestions IS NOT NULL AND ${where}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;
}

/** Feedback received in the period for card uuids with no card_shown row (filtered by the versions of the service that received it). */
export function unknownCardsSql(filter: ReportFilter): string {
  const versions = `${filter.rulesVersion !== undefined ? ' AND f.rules_version = ?' : ''}${filter.configHash !== undefined ? ' AND f.config_hash = ?' : ''}`;
  return `
SELECT COUNT(*) AS items, COUNT(DISTINCT f.card_uuid) AS cards
FROM feedback f
WHERE f.received_at >= ? AND f.received_at < ?${versions}
  AND NOT EXISTS (SELECT 1 FROM card_shown s WHERE s.card_uuid = f.card_uuid)`;
}

/** Bounds that compare as text below and above every ISO-8601 instant the store holds. */
const BEFORE_ALL = '0000-01-01T00:00:00.000Z';
const AFTER_ALL = '9999-12-31T23:59:59.999Z';

/** The report's queries for one request, with their parameters: what the report runs, and what the benchmark times. */
export function reportQueries(dialect: Dialect, options: { since?: Date; until?: Date } & ReportFilter): Record<'shown' | 'cards' | 'reasons' | 'suggestions' | 'unknown', [sql: string, params: string[]]> {
  const d = DIALECT_SQL[dialect];
  const bounds = [options.since?.toISOString() ?? BEFORE_ALL, options.until?.toISOString() ?? AFTER_ALL];
  const filter: ReportFilter = {
    ...(options.rulesVersion !== undefined ? { rulesVersion: options.rulesVersion } : {}),
    ...(options.configHash !== undefined ? { configHash: options.configHash } : {}),
  };
  const where = shownWhere(filter, bounds);
  return {
    shown: [shownSql(where.sql), where.params],
    cards: [cardsSql(d, where.sql), where.params],
    reasons: [reasonsSql(d, where.sql), where.params],
    suggestions: [suggestionsSql(d, where.sql), where.params],
    unknown: [unknownCardsSql(filter), [...bounds, ...(filter.rulesVersion !== undefined ? [filter.rulesVersion] : []), ...(filter.configHash !== undefined ? [filter.configHash] : [])]],
  };
}

/** Reads the grouped rows the report needs through the store's read-only query, then computes it. */
export async function buildReport(store: FeedbackStore, options: ReportOptions & ReportFilter): Promise<Report> {
  const q = reportQueries(store.dialect ?? 'sqlite', options);
  const run = ([sql, params]: [string, string[]]) => store.readQuery(sql, params);
  const [shown, cards, reasons, suggestions, unknown] = await Promise.all([run(q.shown), run(q.cards), run(q.reasons), run(q.suggestions), run(q.unknown)]);
  const input: ReportInput = { shown, cards, reasons, suggestions, unknown: unknown[0] ?? {}, shownDropped: store.shownDropped() };
  return computeReport(input, options);
}
