/** Reads the feedback table of a service's SQLite file, read-only, for tests (the service itself never reads it back). */
import Database from 'better-sqlite3';
import type { Feedback } from '../src/contract/types.js';
import type { FeedbackRow } from '../src/store/sqlite-store.js';

export interface StoredFeedback extends Feedback {
  serviceId: string;
  receivedAt: string;
}

function withDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Stored feedback rows, newest first, as the Feedback items they were posted as. */
export function feedbackRows(file: string, limit = 1000): StoredFeedback[] {
  const rows = withDb(file, (db) => db.prepare('SELECT * FROM feedback ORDER BY id DESC LIMIT ?').all(limit) as FeedbackRow[]);
  return rows.map((r) => {
    const f: StoredFeedback = { serviceId: r.service_id, card: r.card_uuid, outcome: r.outcome, outcomeTimestamp: r.outcome_timestamp, receivedAt: r.received_at };
    if (r.accepted_suggestions) f.acceptedSuggestions = (JSON.parse(r.accepted_suggestions) as string[]).map((id) => ({ id }));
    if (r.override_code || r.user_comment) {
      f.overrideReason = {};
      if (r.override_code) {
        f.overrideReason.reason = { code: r.override_code };
        if (r.override_system) f.overrideReason.reason.system = r.override_system;
        if (r.override_display) f.overrideReason.reason.display = r.override_display;
      }
      if (r.user_comment) f.overrideReason.userComment = r.user_comment;
    }
    return f;
  });
}

export function feedbackCount(file: string): number {
  return withDb(file, (db) => (db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n);
}
