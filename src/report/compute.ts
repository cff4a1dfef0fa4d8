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
}

/** What the queries of src/report/queries.ts return; values may come as strings or bigints from some drivers. */
export interface ReportInput {
  shown: Record<string, unknown>[];
  /** Feedback items; those with a null `card_uuid` are for cards the store has no record of showing. */
  feedback: Record<string, unknown>[];
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
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** One shown card's feedback, all its items folded together. Lists stay undefined until needed: there are many cards. */
interface CardFeedback {
  decision: string;
  indicator: string;
  hook: string;
  day: string;
  accepted: boolean;
  overridden: boolean;
  reasons?: string[];
  reasonsNotOffered?: string[];
  suggestions?: string[];
  suggestionsNotOnCard?: string[];
  /** Seconds from shown to the earliest feedback item with a usable time. */
  seconds?: number;
}

/** Adds `value` to a card's list once (the same reason posted twice counts once). */
function once(list: string[] | undefined, value: string): string[] {
  if (!list) return [value];
  if (!list.includes(value)) list.push(value);
  return list;
}

const bump = (m: Map<string, number>, list: string[] | undefined) => {
  for (const k of list ?? []) m.set(k, (m.get(k) ?? 0) + 1);
};

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

  add(card: CardFeedback): void {
    this.withFeedback++;
    if (card.accepted) this.accepted++;
    if (card.overridden) this.overridden++;
    bump(this.reasons, card.reasons);
    bump(this.reasonsNotOffered, card.reasonsNotOffered);
    bump(this.suggestions, card.suggestions);
    this.suggestionsNotOnCard += card.suggestionsNotOnCard?.length ?? 0;
    if (card.seconds !== undefined) this.seconds.push(card.seconds);
  }

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

/** Folds every feedback item into its card: a card is accepted (overridden) when any of its items says so. */
function foldFeedback(rows: Record<string, unknown>[]): { cards: Map<string, CardFeedback>; unknown: { items: number; cards: number } } {
  const cards = new Map<string, CardFeedback>();
  const unknownCards = new Set<string>();
  let unknownItems = 0;
  // Cards share a few lists of offered reasons: parse each list once.
  const offeredLists = new Map<string, Set<string>>();
  const offered = (v: unknown): Set<string> => {
    const key = str(v);
    let set = offeredLists.get(key);
    if (!set) offeredLists.set(key, (set = new Set(parseJson<unknown[]>(key, []).map(String))));
    return set;
  };
  for (const row of rows) {
    if (row.card_uuid === null || row.card_uuid === undefined) {
      unknownItems++;
      unknownCards.add(str(row.feedback_card));
      continue;
    }
    const uuid = str(row.card_uuid);
    let card = cards.get(uuid);
    if (!card) {
      const shownAt = str(row.shown_at);
      card = {
        decision: str(row.decision_code),
        indicator: str(row.indicator),
        hook: str(row.hook),
        day: shownAt.slice(0, 10),
        accepted: false,
        overridden: false,
      };
      cards.set(uuid, card);
    }
    const seconds = (Date.parse(str(row.outcome_timestamp)) - Date.parse(str(row.shown_at))) / 1000;
    // The EHR's clock against ours: a feedback time before the card was shown is not a usable duration.
    if (Number.isFinite(seconds) && seconds >= 0) card.seconds = card.seconds === undefined ? seconds : Math.min(card.seconds, seconds);
    if (row.outcome === 'accepted') {
      card.accepted = true;
      const labels = parseJson<Record<string, string>>(row.suggestions, {});
      for (const id of parseJson<unknown[]>(row.accepted_suggestions, [])) {
        const label = Object.hasOwn(labels, String(id)) ? labels[String(id)] : undefined;
        if (label === undefined) card.suggestionsNotOnCard = once(card.suggestionsNotOnCard, String(id));
        else card.suggestions = once(card.suggestions, label);
      }
    } else if (row.outcome === 'overridden') {
      card.overridden = true;
      const code = str(row.override_code);
      if (code === '') card.reasons = once(card.reasons, NO_REASON);
      else if (offered(row.override_reasons).has(code)) card.reasons = once(card.reasons, code);
      else card.reasonsNotOffered = once(card.reasonsNotOffered, code);
    }
  }
  return { cards, unknown: { items: unknownItems, cards: unknownCards.size } };
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
    `Shown-card rows dropped (not recorded): ${report.shown_dropped}.`,
  ];
}

export function computeReport(input: ReportInput, options: ReportOptions): Report {
  const byDecision = new Tallies();
  const byIndicatorHook = new Tallies();
  const byWeek = new Tallies();
  const byWeekDecision = new Tallies();
  const totals = new Tally();
  const weekOf = new Map<string, { week: string; start: string }>();
  const week = (day: string) => {
    let w = weekOf.get(day);
    if (!w) weekOf.set(day, (w = isoWeek(day)));
    return w;
  };
  const tallies = (decision: string, indicator: string, hook: string, day: string): Tally[] => {
    const w = week(day).week;
    return [totals, byDecision.get(decision), byIndicatorHook.get([decision, indicator, hook].join(SEP)), byWeek.get(w), byWeekDecision.get(w + SEP + decision)];
  };

  let firstShown: string | null = null;
  let lastShown: string | null = null;
  for (const row of input.shown) {
    const n = num(row.shown);
    for (const t of tallies(str(row.decision_code), str(row.indicator), str(row.hook), str(row.day))) t.shown += n;
    const first = str(row.first_shown);
    const last = str(row.last_shown);
    if (first && (firstShown === null || first < firstShown)) firstShown = first;
    if (last && (lastShown === null || last > lastShown)) lastShown = last;
  }
  const folded = foldFeedback(input.feedback);
  for (const card of folded.cards.values()) {
    for (const t of tallies(card.decision, card.indicator, card.hook, card.day)) t.add(card);
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

  const sum = (key: 'override_reasons_not_offered') => rows.reduce((n, r) => n + Object.values(r[key]).reduce((a, b) => a + b, 0), 0);
  const unknownItems = folded.unknown.items;
  const flagged = {
    feedback_unknown_card: folded.unknown,
    override_reasons_not_offered: sum('override_reasons_not_offered'),
    accepted_suggestions_not_on_card: totals.suggestionsNotOnCard,
  };
  return {
    generated_at: options.now.toISOString(),
    period: { since: options.since?.toISOString() ?? null, until: options.until?.toISOString() ?? null, first_shown: firstShown, last_shown: lastShown },
    has_data: totals.shown > 0 || unknownItems > 0,
    totals: totals.counts(),
    rows,
    by_indicator_hook,
    weeks,
    flagged,
    shown_dropped: input.shownDropped,
    notes: notesFor({ shown_dropped: input.shownDropped, flagged }),
  };
}
