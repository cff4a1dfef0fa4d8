-- What produced each row (clinical rules version, clinical config hash, service version; older rows: 'unknown'),
-- and the indexes the report's GROUP BY queries read: the period scan covers every column they group by.
ALTER TABLE card_shown ADD COLUMN rules_version TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE card_shown ADD COLUMN config_hash TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE card_shown ADD COLUMN service_version TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE feedback ADD COLUMN rules_version TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE feedback ADD COLUMN config_hash TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE feedback ADD COLUMN service_version TEXT NOT NULL DEFAULT 'unknown';
CREATE INDEX card_shown_report ON card_shown (shown_at, decision_code, indicator, hook, rules_version, config_hash);
CREATE INDEX feedback_card_outcome ON feedback (card_uuid, outcome, override_code, outcome_timestamp);
