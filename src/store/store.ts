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
  /** Answers whether the store can take writes (for /healthz). */
  healthy(): boolean;
  close(): void;
}
