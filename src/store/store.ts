/** Where card feedback goes. An interface, so a site can put it in another database. */
import type { Feedback } from '../contract/types.js';

/** A card the service returned, without patient data: enough to compute override rates per decision. */
export interface ShownCard {
  card: string;
  serviceId: string;
  hook: string;
  hookInstance: string;
  decisionCode: string;
  indicator: string;
  shownAt: string;
  /** Codes of the override reasons the card offered (none for a card without any). */
  overrideReasons?: string[];
  /** The card's suggestions, uuid → label, so accepted suggestions can be reported by label. */
  suggestions?: Record<string, string>;
}

export interface FeedbackStore {
  /**
   * Records cards as shown, for governance review joined with feedback (by card uuid). Buffered and written
   * in batches off the request path: a crash may lose the last fraction of a second of these, never feedback.
   */
  recordShown(cards: ShownCard[]): void;
  /** Writes buffered shown-card records now. */
  flushShown(): void;
  /** Stores every item of one feedback POST atomically; resolves only once they are durably committed. */
  save(serviceId: string, items: Feedback[], receivedAt: Date): Promise<number>;
  /**
   * Runs one read-only query (`?` placeholders; each back end rewrites them as it needs) for reports.
   * The SQL must be portable: SQLite and PostgreSQL both, timestamps compared as ISO-8601 text.
   */
  readQuery(sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]>;
  /** Shown-card rows this process could not record (buffer full, store down), for the report to say so. */
  shownDropped(): number;
  /** Answers whether the store can take writes (for /healthz). */
  healthy(): boolean;
  close(): void;
}
