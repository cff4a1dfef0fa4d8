/** Feedback items and shown cards as table rows: one mapping for both back ends. */
import { createHash } from 'node:crypto';
import type { Feedback } from '../contract/types.js';
import { withoutNul } from './errors.js';
import type { RowVersions, ShownCard } from './store.js';

/** One row of the feedback table (the same columns in SQLite and PostgreSQL). */
export interface FeedbackRow {
  service_id: string;
  card_uuid: string;
  outcome: 'accepted' | 'overridden';
  accepted_suggestions: string | null;
  override_system: string | null;
  override_code: string | null;
  override_display: string | null;
  user_comment: string | null;
  outcome_timestamp: string;
  received_at: string;
  dedup_key: string;
  rules_version: string;
  config_hash: string;
  service_version: string;
}

export const FEEDBACK_COLUMNS = [
  'service_id', 'card_uuid', 'outcome', 'accepted_suggestions', 'override_system', 'override_code', 'override_display',
  'user_comment', 'outcome_timestamp', 'received_at', 'dedup_key', 'rules_version', 'config_hash', 'service_version',
] as const satisfies readonly (keyof FeedbackRow)[];

/**
 * The identity of a feedback item: card, outcome, outcomeTimestamp and the override reason or the accepted
 * suggestion ids. An EHR that retries a POST sends the same item again; it is stored once (UNIQUE dedup_key).
 */
export function dedupKey(f: Feedback): string {
  const identity = [
    f.card,
    f.outcome,
    f.outcomeTimestamp,
    f.overrideReason?.reason?.system ?? null,
    f.overrideReason?.reason?.code ?? null,
    f.acceptedSuggestions ? f.acceptedSuggestions.map((s) => s.id).sort() : null,
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** Rows written without versions (and rows older than migration 004) read as this. */
const UNKNOWN = 'unknown';

/** Text is stored without U+0000 (ids carrying it are refused before the store: see the feedback service). */
export function feedbackRow(serviceId: string, f: Feedback, receivedAt: string, versions?: RowVersions): FeedbackRow {
  const row: FeedbackRow = {
    service_id: serviceId,
    card_uuid: f.card,
    outcome: f.outcome,
    accepted_suggestions: f.acceptedSuggestions ? JSON.stringify(f.acceptedSuggestions.map((s) => s.id)) : null,
    override_system: f.overrideReason?.reason?.system ?? null,
    override_code: f.overrideReason?.reason?.code ?? null,
    override_display: f.overrideReason?.reason?.display ?? null,
    user_comment: f.overrideReason?.userComment ?? null,
    outcome_timestamp: f.outcomeTimestamp,
    received_at: receivedAt,
    dedup_key: dedupKey(f),
    rules_version: versions?.rulesVersion ?? UNKNOWN,
    config_hash: versions?.configHash ?? UNKNOWN,
    service_version: versions?.serviceVersion ?? UNKNOWN,
  };
  for (const c of FEEDBACK_COLUMNS) if (typeof row[c] === 'string') (row as unknown as Record<string, string | null>)[c] = withoutNul(row[c]);
  return row;
}

export const SHOWN_COLUMNS = ['card_uuid', 'service_id', 'hook', 'hook_instance', 'decision_code', 'indicator', 'shown_at', 'override_reasons', 'suggestions', 'rules_version', 'config_hash', 'service_version'] as const;

/** Text without U+0000: a hookInstance carrying one (PostgreSQL refuses it, 22021) must not stop the rows behind it. */
export function shownRow(c: ShownCard): (string | null)[] {
  return [c.card, c.serviceId, c.hook, c.hookInstance, c.decisionCode, c.indicator, c.shownAt, JSON.stringify(c.overrideReasons ?? []), JSON.stringify(c.suggestions ?? {}),
    c.versions?.rulesVersion ?? UNKNOWN, c.versions?.configHash ?? UNKNOWN, c.versions?.serviceVersion ?? UNKNOWN].map(withoutNul);
}

/**
 * The jti memory's key as stored: as given when short and plain, else its SHA-256 (a primary key past PostgreSQL's
 * index row limit, or text with U+0000, would be refused as data: a token must be refused as a replay or accepted,
 * never answered 503 for ever). Hashing keeps replay detection exact.
 */
export function jtiKey(key: string): string {
  return key.length <= 512 && !key.includes('\u0000') ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
