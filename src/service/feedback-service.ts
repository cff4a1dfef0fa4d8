/** Card feedback, as one use case: limits → validation → field checks → a durable write, timed by the one injected clock. */
import type { Settings } from '../config/settings.js';
import { checkLimits } from '../contract/limits.js';
import { badRequest, type IssueDetail } from '../contract/outcomes.js';
import type { Feedback } from '../contract/types.js';
import { validateFeedback } from '../contract/validate.js';
import { StoreDataError } from '../store/errors.js';
import type { ClinicalConfig } from '../engine/config.js';
import type { FeedbackStore, SaveResult } from '../store/store.js';
import { rowVersions } from './versions.js';
import { storeWriteSpan } from '../telemetry/spans.js';

export interface FeedbackServiceDeps {
  settings: Settings;
  store: FeedbackStore;
  now: () => Date;
  /** The engine in effect: its config stamps each stored item's versions. */
  engine?: { readonly config: ClinicalConfig };
}

/**
 * Longest value of each field, in characters. Ids are short (a card uuid is 36 characters); the bounds keep every
 * value far below PostgreSQL's index row limit (~2.7 KB, on card_uuid), so an item is never refused by the database.
 */
export const FEEDBACK_FIELD_LIMITS = {
  id: 256,
  system: 1024,
  text: 4096,
  acceptedSuggestions: 100,
} as const;

/** Control characters (U+0000–U+001F, U+007F) have no place in an id, a code or a system. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What is wrong with each item's fields (ids and codes: length and control characters; free text: length). */
export function feedbackFieldIssues(items: Feedback[]): IssueDetail[] {
  const issues: IssueDetail[] = [];
  const L = FEEDBACK_FIELD_LIMITS;
  const id = (value: string | undefined, at: string, max: number = L.id) => {
    if (value === undefined) return;
    if (value.length > max) issues.push({ diagnostics: `${at} is longer than ${max} characters`, expression: at });
    else if (CONTROL.test(value)) issues.push({ diagnostics: `${at} contains a control character`, expression: at });
  };
  const text = (value: string | undefined, at: string) => {
    if (value !== undefined && value.length > L.text) issues.push({ diagnostics: `${at} is longer than ${L.text} characters`, expression: at });
  };
  for (const [i, f] of items.entries()) {
    const at = `feedback[${i}]`;
    id(f.card, `${at}.card`);
    const suggestions = f.acceptedSuggestions ?? [];
    if (suggestions.length > L.acceptedSuggestions) issues.push({ diagnostics: `${at}.acceptedSuggestions has more than ${L.acceptedSuggestions} items`, expression: `${at}.acceptedSuggestions` });
    else suggestions.forEach((s, j) => id(s.id, `${at}.acceptedSuggestions[${j}].id`));
    const reason = f.overrideReason?.reason;
    id(reason?.code, `${at}.overrideReason.reason.code`);
    id(reason?.system, `${at}.overrideReason.reason.system`, L.system);
    text(reason?.display, `${at}.overrideReason.reason.display`);
    text(f.overrideReason?.userComment, `${at}.overrideReason.userComment`);
    // Bounded answer: the first few problems say enough.
    if (issues.length >= 20) break;
  }
  return issues.slice(0, 20);
}

export class FeedbackService {
  constructor(private readonly deps: FeedbackServiceDeps) {}

  /**
   * Stores every item of one POST atomically; resolves once committed with the items posted and the rows new.
   * An item with a bad field, or one the database refuses as data, is a 400 naming it, and nothing of the POST is
   * stored (the EHR corrects it and posts again; the items already right are then stored once, deduplicated).
   */
  async submit(serviceId: string, body: unknown): Promise<SaveResult> {
    checkLimits(body, this.deps.settings.limits);
    const items = validateFeedback(body);
    const issues = feedbackFieldIssues(items);
    if (issues.length) throw badRequest(issues);
    try {
      const versions = this.deps.engine ? rowVersions(this.deps.engine.config) : undefined;
      const db = this.deps.settings.database ? 'postgresql' : 'sqlite';
      return await storeWriteSpan('store.feedback.write', db, 'feedback', items.length, () => this.deps.store.save(serviceId, items, this.deps.now(), versions));
    } catch (e) {
      if (!(e instanceof StoreDataError)) throw e;
      throw badRequest(
        e.items.slice(0, 20).map((i) => ({ diagnostics: `feedback[${i}] could not be stored as sent (the database refused it: ${e.code}); nothing of this request was stored`, expression: `feedback[${i}]` })),
      );
    }
  }
}
