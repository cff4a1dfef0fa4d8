/** Where card feedback goes. An interface, so a site can put it in another database. */
import type { Feedback } from '../api/cds-hooks.js';

export interface StoredFeedback extends Feedback {
  serviceId: string;
  receivedAt: string;
}

export interface FeedbackStore {
  /** Stores every item of one feedback POST atomically; resolves only once they are durably committed. */
  save(serviceId: string, items: Feedback[], receivedAt: Date): Promise<number>;
  list(limit?: number): Promise<StoredFeedback[]>;
  count(): Promise<number>;
  /** Answers whether the store can take writes (for /healthz). */
  healthy(): boolean;
  close(): void;
}
