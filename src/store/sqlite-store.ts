/**
 * Feedback in an embedded SQLite database (better-sqlite3): WAL journal with synchronous=FULL, so a
 * committed row survives a crash or power loss; a 200 is sent only after the commit returns.
 * better-sqlite3 is synchronous and Node runs it on one thread: concurrent posts are serialized, none lost.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Feedback } from '../contract/types.js';
import type { FeedbackStore, ShownCard } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS feedback (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  service_id          TEXT NOT NULL,
  card_uuid           TEXT NOT NULL,
  outcome             TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  accepted_suggestions TEXT,
  override_system     TEXT,
  override_code       TEXT,
  override_display    TEXT,
  user_comment        TEXT,
  outcome_timestamp   TEXT NOT NULL,
  received_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_card ON feedback (card_uuid);
CREATE INDEX IF NOT EXISTS feedback_received ON feedback (received_at);
CREATE TABLE IF NOT EXISTS card_shown (
  card_uuid       TEXT PRIMARY KEY,
  service_id      TEXT NOT NULL,
  hook            TEXT NOT NULL,
  hook_instance   TEXT NOT NULL,
  decision_code   TEXT NOT NULL,
  indicator       TEXT NOT NULL,
  shown_at        TEXT NOT NULL,
  override_reasons TEXT NOT NULL DEFAULT '[]',
  suggestions     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS card_shown_at ON card_shown (shown_at);
`;

/** Shown-card records wait at most this long, or until this many, before one batched commit. */
const SHOWN_FLUSH_MS = 250;
const SHOWN_FLUSH_ROWS = 500;

/** One row of the feedback table, as better-sqlite3 returns it. */
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
}

export class SqliteFeedbackStore implements FeedbackStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly insertAll: (serviceId: string, items: Feedback[], receivedAt: string) => number;
  private readonly insertShown: (rows: ShownCard[]) => void;
  private shownBuffer: ShownCard[] = [];
  private shownTimer: NodeJS.Timeout | undefined;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(`INSERT INTO feedback
      (service_id, card_uuid, outcome, accepted_suggestions, override_system, override_code, override_display, user_comment, outcome_timestamp, received_at)
      VALUES (@service_id, @card_uuid, @outcome, @accepted_suggestions, @override_system, @override_code, @override_display, @user_comment, @outcome_timestamp, @received_at)`);
    this.insertAll = this.db.transaction((serviceId: string, items: Feedback[], receivedAt: string) => {
      for (const f of items) {
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
        };
        this.insert.run(row);
      }
      return items.length;
    });
    const shown = this.db.prepare(`INSERT OR IGNORE INTO card_shown (card_uuid, service_id, hook, hook_instance, decision_code, indicator, shown_at, override_reasons, suggestions)
      VALUES (@card, @serviceId, @hook, @hookInstance, @decisionCode, @indicator, @shownAt, @overrideReasons, @suggestions)`);
    this.insertShown = this.db.transaction((rows: ShownCard[]) => {
      for (const r of rows) shown.run({ ...r, overrideReasons: JSON.stringify(r.overrideReasons ?? []), suggestions: JSON.stringify(r.suggestions ?? {}) });
    });
  }

  recordShown(cards: ShownCard[]): void {
    this.shownBuffer.push(...cards);
    if (this.shownBuffer.length >= SHOWN_FLUSH_ROWS) this.flushShown();
    else this.shownTimer ??= setTimeout(() => this.flushShown(), SHOWN_FLUSH_MS).unref();
  }

  flushShown(): void {
    if (this.shownTimer) clearTimeout(this.shownTimer);
    this.shownTimer = undefined;
    if (this.shownBuffer.length === 0 || !this.db.open) return;
    const rows = this.shownBuffer;
    this.shownBuffer = [];
    this.insertShown(rows);
  }

  /** Shown cards with the feedback they received, newest first (what a governance review reads). */
  shownWithFeedback(limit = 1000): { card: string; decisionCode: string; hook: string; outcome: string | null; overrideCode: string | null }[] {
    this.flushShown();
    return this.db
      .prepare(
        `SELECT s.card_uuid AS card, s.decision_code AS decisionCode, s.hook AS hook, f.outcome AS outcome, f.override_code AS overrideCode
         FROM card_shown s LEFT JOIN feedback f ON f.card_uuid = s.card_uuid ORDER BY s.shown_at DESC LIMIT ?`,
      )
      .all(limit) as { card: string; decisionCode: string; hook: string; outcome: string | null; overrideCode: string | null }[];
  }

  async readQuery(sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]> {
    this.flushShown();
    const statement = this.db.prepare(sql);
    if (!statement.reader || !statement.readonly) throw new Error('readQuery takes a read-only query that returns rows');
    return statement.all(...params) as Record<string, unknown>[];
  }

  /** Shown-card rows are never dropped here: the buffer is unbounded and flushed on close. */
  shownDropped(): number {
    return 0;
  }

  async save(serviceId: string, items: Feedback[], receivedAt: Date): Promise<number> {
    return this.insertAll(serviceId, items, receivedAt.toISOString());
  }

  healthy(): boolean {
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.flushShown();
    this.db.close();
  }
}
