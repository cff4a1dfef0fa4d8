-- Suggestions offered per card (uuid → label), so accepted suggestions can be reported by label.
ALTER TABLE card_shown ADD COLUMN suggestions TEXT NOT NULL DEFAULT '{}';
