-- Shared jti replay memory; idempotent feedback (same item posted again is stored once); reasons offered per card.
CREATE TABLE jti_seen (
  key        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX jti_seen_expires ON jti_seen (expires_at);
ALTER TABLE feedback ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX feedback_dedup ON feedback (dedup_key);
ALTER TABLE card_shown ADD COLUMN override_reasons TEXT NOT NULL DEFAULT '[]';
