/**
 * Shown cards and feedback written straight into a SQLite store (no service in between), for the report's
 * benchmark and the README screenshot: realistic proportions from a seeded generator (the same counts every run), spread over weeks.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { MESSAGES } from '../src/cards/messages.js';
import { WORDS } from '../src/cards/words.js';
import { HOOKS } from '../src/contract/schemas.js';
import { DECISION_CODE, type DecisionId } from '../src/engine/types.js';
import { DAY_MS } from '../src/fhir/time.js';
import { SqliteFeedbackStore } from '../src/store/sqlite-store.js';

export interface SeedOptions {
  shown: number;
  /** Cards are spread evenly over this many days, ending at `end`. */
  days: number;
  end: Date;
  /** Share of shown cards that get feedback. */
  feedbackShare?: number;
  seed?: number;
}

/** mulberry32: a small seeded generator, so every run seeds the same rows. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indicator a decision's card usually has (§4): enough for seeded rows, which hold no facts. */
function typicalIndicator(id: DecisionId, hook: string): 'info' | 'warning' | 'critical' {
  const order = hook !== 'patient-view';
  if (id === 'D8') return order ? 'critical' : 'warning';
  if (id === 'D5') return 'warning';
  return order && id !== 'D1' && id !== 'D3' && id !== 'D6' ? 'warning' : 'info';
}

/** Creates the store's schema in `file` (through the store itself, migrations included), then inserts the rows in one transaction. */
export async function seedReportRows(file: string, o: SeedOptions): Promise<{ shown: number; feedback: number }> {
  await new SqliteFeedbackStore(file).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const rnd = random(o.seed ?? 15);
  const ids = Object.keys(DECISION_CODE) as DecisionId[];
  // Not every decision is equally common: D1 and D7 most, D8 rare.
  const weights = ids.map((id, i) => (id === 'D1' || id === 'D7' ? 4 : id === 'D8' ? 0.5 : 1 + (i % 3)));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = rnd() * total;
    for (let i = 0; i < ids.length; i++) if ((x -= weights[i]!) < 0) return ids[i]!;
    return ids[ids.length - 1]!;
  };
  const reasons = Object.keys(MESSAGES.en.overrideReason);
  const labels = Object.values(WORDS.en.suggestion);
  const shown = db.prepare(`INSERT INTO card_shown (card_uuid, service_id, hook, hook_instance, decision_code, indicator, shown_at, override_reasons, suggestions, rules_version, config_hash, service_version)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const feedback = db.prepare(`INSERT INTO feedback (service_id, card_uuid, outcome, accepted_suggestions, override_system, override_code, override_display, user_comment, outcome_timestamp, received_at, rules_version, config_hash, service_version)
    VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?)`);
  const start = o.end.getTime() - o.days * DAY_MS;
  // Two rules versions: rules 2 for the first 60 % of the period (the first weeks recorded before versions were
  // kept, so "unknown"), then rules 3 with a new config, as a committee would see a rules change.
  const versionAt = (at: number): [string, string, string] => {
    const share = (at - start) / (o.days * DAY_MS);
    if (share < 0.15) return ['unknown', 'unknown', 'unknown'];
    return share < 0.6 ? ['2', '5d41402abc4b', '0.1.0'] : ['3', '7f9c2ba4e88f', '0.2.0'];
  };
  let feedbackRows = 0;
  db.transaction(() => {
    for (let n = 0; n < o.shown; n++) {
      const id = pick();
      const hook = rnd() < 0.6 ? HOOKS[0] : HOOKS[1];
      const indicator = typicalIndicator(id, hook);
      const offered = indicator === 'info' ? [] : reasons;
      const suggestion = randomUUID();
      const label = labels[n % labels.length]!;
      const card = randomUUID();
      const at = start + Math.floor((n / o.shown) * o.days * DAY_MS);
      const service = `ifn-timing-${hook}`;
      const v = versionAt(at);
      shown.run(card, service, hook, `hi-${n}`, DECISION_CODE[id], indicator, new Date(at).toISOString(), JSON.stringify(offered), JSON.stringify({ [suggestion]: label }), ...v);
      if (rnd() >= (o.feedbackShare ?? 0.35)) continue;
      const when = new Date(at + Math.floor(rnd() * rnd() * 3_600_000)).toISOString();
      // Override rates differ per decision and rise over the period, so the charts have something to show.
      const overrideChance = 0.15 + (ids.indexOf(id) % 4) * 0.12 + (0.1 * (at - start)) / (o.days * DAY_MS);
      if (rnd() < overrideChance) {
        const r = rnd();
        const code = r < 0.1 ? null : r < 0.12 ? 'not-offered-reason' : offered.length ? offered[Math.floor(rnd() * offered.length)]! : null;
        feedback.run(service, card, 'overridden', null, code ? 'https://example.org' : null, code, when, when, ...v);
      } else {
        feedback.run(service, card, 'accepted', JSON.stringify([suggestion]), null, null, when, when, ...v);
      }
      feedbackRows++;
    }
  })();
  db.close();
  return { shown: o.shown, feedback: feedbackRows };
}
