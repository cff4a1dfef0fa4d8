-- The same tables and columns as SQLite's 001.
CREATE TABLE feedback (
  id                   BIGSERIAL PRIMARY KEY,
  service_id           TEXT NOT NULL,
  card_uuid            TEXT NOT NULL,
  outcome              TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  accepted_suggestions TEXT,
  override_system      TEXT,
  override_code        TEXT,
  override_display     TEXT,
  user_comment         TEXT,
  outcome_timestamp    TEXT NOT NULL,
  received_at          TEXT NOT NULL
);
CREATE INDEX feedback_card ON feedback (card_uuid);
CREATE INDEX feedback_received ON feedback (received_at);
CREATE TABLE card_shown (
  card_uuid     TEXT PRIMARY KEY,
  service_id    TEXT NOT NULL,
  hook          TEXT NOT NULL,
  hook_instance TEXT NOT NULL,
  decision_code TEXT NOT NULL,
  indicator     TEXT NOT NULL,
  shown_at      TEXT NOT NULL
);
CREATE INDEX card_shown_at ON card_shown (shown_at);
