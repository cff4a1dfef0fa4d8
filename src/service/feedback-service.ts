/** Card feedback, as one use case: limits → validation → a durable write, timed by the one injected clock. */
import type { Settings } from '../config/settings.js';
import { checkLimits } from '../contract/limits.js';
import { validateFeedback } from '../contract/validate.js';
import type { FeedbackStore, SaveResult } from '../store/store.js';

export interface FeedbackServiceDeps {
  settings: Settings;
  store: FeedbackStore;
  now: () => Date;
}

export class FeedbackService {
  constructor(private readonly deps: FeedbackServiceDeps) {}

  /** Stores every item of one POST atomically; resolves once committed with the items posted and the rows new. */
  async submit(serviceId: string, body: unknown): Promise<SaveResult> {
    checkLimits(body, this.deps.settings.limits);
    const items = validateFeedback(body);
    return this.deps.store.save(serviceId, items, this.deps.now());
  }
}
