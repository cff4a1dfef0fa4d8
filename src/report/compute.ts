/**
 * The governance report, pure: rows read from the store → counts, rates, reasons and medians per decision
 * code, per decision × indicator × hook, per ISO week, and in total. No I/O, no clock (the caller passes one).
 */
import { isoWeek } from './iso-week.js';

export interface ReportOptions {
  /** Cards shown at or after this instant (inclusive). */
  since?: Date;
  /** Cards shown before this instant (exclusive). */
  until?: Date;
  /** When the report is made (shown on it). */
  now: Date;
  /** Readable name of a decision code (the card topic's display); the code itself when it has none. */
  nameOf: (code: string) => string;
  /** Only cards of this rules version / config hash (recorded with the card). */
  rulesVersion?: string;
  configHash?: string;
}

/** The grouped rows the queries of src/report/queries.ts return; values may come as strings or bigints from some drivers. */
export interface ReportInput {
  /** Shown cards per decision, indicator, hook, day, rules version, config hash. */
  shown: Record<string, unknown>[];
  /** Per group: cards with feedback, accepted, overridden, and each card's seconds to first feedback (comma-separated). */
  cards: Record<string, unknown>[];
  /** Overridden cards per group, reason code and the list of reasons offered. */
  reasons: Record<string, unknown>[];
  /** Accepted cards per group and suggestion label, or per id not on the card. */
  suggestions: Record<string, unknown>[];
  /** Feedback for card uuids with no card_shown row: items and distinct cards. */
  unknown: Record<string, unknown>;
  shownDropped: number;
}

/** An override with no reason code is counted under this key. */
export const NO_REASON = '(none)';

export interface Counts {
  shown: number;
  with_feedback: number;
  accepted: number;
  overridden: number;
  /** overridden ÷ with_feedback; null without feedback. */
  override_rate: number | null;
  /** overridden ÷ shown; null when nothing was shown. */
  override_rate_per_shown: number | null;
  /** Override reasons the card offered, by code, in cards; `(none)` = overridden without a reason. */
  override_reasons: Record<string, number>;
  /** Override reason codes the card did not offer (flagged), in cards. */
  override_reasons_not_offered: Record<string, number>;
  /** Accepted suggestions by label, in cards. */
  accepted_suggestions: Record<string, number>;
  /** Accepted suggestion ids that were not on the card (flagged). */
  accepted_suggestions_not_on_card: number;
  /** Median seconds from the card being shown to its first feedback; null without usable times. */
  median_seconds_to_feedback: number | null;
}

export interface DecisionRow extends Counts {
  decision_code: string;
  name: string;
}

export interface IndicatorHookRow extends DecisionRow {
  indicator: string;
  hook: string;
}

/** A clinical rules version and config: what produced the cards counted in the row. */
export interface VersionRow extends Counts {
  rules_version: string;
  config_hash: string;
}

export interface WeekRow extends Counts {
  /** ISO week, e.g. `2026-W24`. */
  week: string;
  /** Its Monday (UTC). */
  week_start: string;
  rows: DecisionRow[];
}

export interface Report {
  generated_at: string;
  period: { since: string | null; until: string | null; first_shown: string | null; last_shown: string | null };
  /** False when no card was shown in the period (and no feedback arrived): the report then says there is no data. */
  has_data: boolean;
  totals: Counts;
  rows: DecisionRow[];
  by_indicator_hook: IndicatorHookRow[];
  weeks: WeekRow[];
  /** Per rules version and config hash ("unknown" for cards recorded before versions were), oldest first. */
  by_version: VersionRow[];
  /** The filter the report was made with (null: all). */
  filter: { rules_version: string | null; config_hash: string | null };
  /** Feedback a report cannot attribute, counted apart from the rows. */
  flagged: {
    /** Feedback for card uuids this service has no record of showing (received in the period). */
    feedback_unknown_card: { items: number; cards: number };
    /** Overrides whose reason code was not one the card offered. */
    override_reasons_not_offered: number;
    accepted_suggestions_not_on_card: number;
  };
  /** Shown-card rows the store reports it could not record. */
  shown_dropped: number;
  notes: string[];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function parseJson<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string' || v === '') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

class Tally {
  shown = 0;
  withFeedback = 0;
  accepted = 0;
  overridden = 0;
  reasons = new Map<string, number>();
  reasonsNotOffered = new Map<string, number>();
  suggestions = new Map<string, number>();
  suggestionsNotOnCard = 0;
  seconds: number[] = [];

  counts(): Counts {
    const byCount = (m: Map<string, number>) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
    return {
      shown: this.shown,
      with_feedback: this.withFeedback,
      accepted: this.accepted,
      overridden: this.overridden,
      override_rate: rate(this.overridden, this.withFeedback),
      override_rate_per_shown: rate(this.overridden, this.shown),
      override_reasons: byCount(this.reasons),
      override_reasons_not_offered: byCount(this.reasonsNotOffered),
      accepted_suggestions: byCount(this.suggestions),
      accepted_suggestions_not_on_card: this.suggestionsNotOnCard,
      median_seconds_to_feedback: median(this.seconds),
    };
  }
}

class Tallies {
  private readonly map = new Map<string, Tally>();
  get(key: string): Tally {
    let t = this.map.get(key);
    if (!t) this.map.set(key, (t = new Tally()));
    return t;
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

const SEP = '\u0000';

export function notesFor(report: Pick<Report, 'shown_dropped' | 'flagged'>): string[] {
  return [
    'Counts come from two tables: card_shown (every card the service returned: card uuid, service, hook, decision code, indicator, time, the override reasons and suggestions it offered) and feedback (every item EHRs posted). Neither holds patient data: no patient or encounter ids, no results, no free-text comments.',
    'The period filters by when the card was shown (UTC; since inclusive, until exclusive); feedback counts for the cards shown in the period, whenever it arrived.',
    'Cards without feedback are not known to be accepted or ignored: EHRs need not send feedback. The override rate is overridden ÷ cards with feedback; the rate per shown card is overridden ÷ shown.',
    'A card counts as accepted (or overridden) when any of its feedback items says so; a card with both counts in both. Reasons and suggestions are counted once per card.',
    `An override without a reason code counts under "${NO_REASON}". Free-text comments are stored but never reported.`,
    `Flags are computed when the report is made, by joins: feedback for a card uuid with no card_shown row (never shown by this service, or its row lost) is counted apart (${report.flagged.feedback_unknown_card.items} items on ${report.flagged.feedback_unknown_card.cards} cards, by time received); an override reason code the card did not offer is counted apart (${report.flagged.override_reasons_not_offered}), the card still counting as overridden; accepted suggestion ids not on the card are counted apart (${report.flagged.accepted_suggestions_not_on_card}). Cards recorded before the offered reasons and suggestions were stored carry none, so their reasons count as not offered.`,
    'Time to feedback: from the card being shown (service clock) to its earliest feedback item (outcomeTimestamp, the EHR clock); times before the card was shown are left out of the median.',
    'Weeks are ISO 8601 weeks (Monday to Sunday, UTC).',
    `Each card and feedback item records the clinical rules version, a short hash (sha256, 12 hex characters) of the clinical config in effect and the service version; rows recorded before these were kept read "unknown". Override rates per rules version and config are shown side by side; a report can be limited to one (rules_version, config_hash).`,
    `Shown-card rows dropped (not recorded): ${report.shown_dropped}.`,
  ];
}

export function computeReport(input: ReportInput, options: ReportOptions): Report {
  const byDecision = new Tallies();
  const byIndicatorHook = new Tallies();
  const byWeek = new Tallies();
  const byWeekDecision = new Tallies();
  const byVersion = new Tallies();
  const totals = new Tally();
  const weekOf = new Map<string, { week: string; start: string }>();
  const week = (day: string) => {
    let w = weekOf.get(day);
    if (!w) weekOf.set(day, (w = isoWeek(day)));
    return w;
  };
  /** Every tally a group of cards counts in. `day` may be any day of the week (the SQL gives its Monday or the day). */
  const tallies = (row: Record<string, unknown>, day: string): Tally[] => {
    const decision = str(row.decision_code);
    const w = week(day).week;
    return [
      totals,
      byDecision.get(decision),
      byIndicatorHook.get([decision, str(row.indicator), str(row.hook)].join(SEP)),
      byWeek.get(w),
      byWeekDecision.get(w + SEP + decision),
      byVersion.get(str(row.rules_version) + SEP + str(row.config_hash)),
    ];
  };

  let firstShown: string | null = null;
  let lastShown: string | null = null;
  for (const row of input.shown) {
    const n = num(row.shown);
    for (const t of tallies(row, str(row.day))) t.shown += n;
    const first = str(row.first_shown);
    const last = str(row.last_shown);
    if (first && (firstShown === null || first < firstShown)) firstShown = first;
    if (last && (lastShown === null || last > lastShown)) lastShown = last;
  }
  for (const row of input.cards) {
    const list = str(row.seconds);
    const seconds = list === '' ? [] : list.split(',').map(Number).filter(Number.isFinite);
    for (const t of tallies(row, str(row.week_start))) {
      t.withFeedback += num(row.with_feedback);
      t.accepted += num(row.accepted);
      t.overridden += num(row.overridden);
      for (const x of seconds) t.seconds.push(x);
    }
  }
  // Cards share a few lists of offered reasons: parse each list once.
  const offeredLists = new Map<string, Set<string>>();
  const offered = (v: unknown): Set<string> => {
    const key = str(v);
    let set = offeredLists.get(key);
    if (!set) offeredLists.set(key, (set = new Set(parseJson<unknown[]>(key, []).map(String))));
    return set;
  };
  for (const row of input.reasons) {
    const code = str(row.override_code);
    const n = num(row.cards);
    const key = code === '' ? NO_REASON : code;
    const asOffered = code === '' || offered(row.override_reasons).has(code);
    for (const t of tallies(row, str(row.week_start))) {
      const m = asOffered ? t.reasons : t.reasonsNotOffered;
      m.set(key, (m.get(key) ?? 0) + n);
    }
  }
  for (const row of input.suggestions) {
    const n = num(row.cards);
    const label = row.label === null || row.label === undefined ? undefined : str(row.label);
    for (const t of tallies(row, str(row.week_start))) {
      if (label === undefined) t.suggestionsNotOnCard += n;
      else t.suggestions.set(label, (t.suggestions.get(label) ?? 0) + n);
    }
  }

  const decisionRow = (code: string, t: Tally): DecisionRow => ({ decision_code: code, name: options.nameOf(code), ...t.counts() });
  const byShown = <R extends Counts & { decision_code: string }>(a: R, b: R) => b.shown - a.shown || a.decision_code.localeCompare(b.decision_code);
  const rows = byDecision.keys().map((code) => decisionRow(code, byDecision.get(code))).sort(byShown);
  const by_indicator_hook = byIndicatorHook
    .keys()
    .map((key) => {
      const [code = '', indicator = '', hook = ''] = key.split(SEP);
      return { ...decisionRow(code, byIndicatorHook.get(key)), indicator, hook };
    })
    .sort((a, b) => byShown(a, b) || a.indicator.localeCompare(b.indicator) || a.hook.localeCompare(b.hook));
  const starts = new Map([...weekOf.values()].map((w) => [w.week, w.start]));
  const weeks: WeekRow[] = byWeek
    .keys()
    .sort()
    .map((w) => ({
      week: w,
      week_start: starts.get(w) ?? '',
      ...byWeek.get(w).counts(),
      rows: byWeekDecision
        .keys()
        .filter((k) => k.startsWith(w + SEP))
        .map((k) => decisionRow(k.slice(w.length + 1), byWeekDecision.get(k)))
        .sort(byShown),
    }));
  // Versions in the order they were first shown; feedback-only groups (no card shown in the period) last.
  const firstSeen = new Map<string, string>();
  for (const row of input.shown) {
    const key = str(row.rules_version) + SEP + str(row.config_hash);
    const first = str(row.first_shown);
    if (!firstSeen.has(key) || first < firstSeen.get(key)!) firstSeen.set(key, first);
  }
  const by_version: VersionRow[] = byVersion
    .keys()
    .sort((a, b) => (firstSeen.get(a) ?? '\uffff').localeCompare(firstSeen.get(b) ?? '\uffff') || a.localeCompare(b))
    .map((key) => {
      const [rules_version = '', config_hash = ''] = key.split(SEP);
      return { rules_version, config_hash, ...byVersion.get(key).counts() };
    });

  const sum = (key: 'override_reasons_not_offered') => rows.reduce((n, r) => n + Object.values(r[key]).reduce((a, b) => a + b, 0), 0);
  const unknown = { items: num(input.unknown.items), cards: num(input.unknown.cards) };
  const flagged = {
    feedback_unknown_card: unknown,
    override_reasons_not_offered: sum('override_reasons_not_offered'),
    accepted_suggestions_not_on_card: totals.suggestionsNotOnCard,
  };
  return {
    generated_at: options.now.toISOString(),
    period: { since: options.since?.toISOString() ?? null, until: options.until?.toISOString() ?? null, first_shown: firstShown, last_shown: lastShown },
    has_data: totals.shown > 0 || unknown.items > 0,
    totals: totals.counts(),
    rows,
    by_indicator_hook,
    weeks,
    by_version,
    filter: { rules_version: options.rulesVersion ?? null, config_hash: options.configHash ?? null },
    flagged,
    shown_dropped: input.shownDropped,
    notes: notesFor({ shown_dropped: input.shownDropped, flagged }),
  };
}
