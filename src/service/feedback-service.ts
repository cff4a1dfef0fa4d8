/** Card feedback, as one use case: limits → validation → a durable write, timed by the one injected clock. */
import type { Settings } from '../config/settings.js';
import { checkLimits } from '../contract/limits.js';
import { validateFeedback } from '../contract/validate.js';
import type { FeedbackStore } from '../store/store.js';

export interface FeedbackServiceDeps {
  settings: Settings;
  store: FeedbackStore;
  now: () => Date;
}

export class FeedbackService {
  constructor(private readonly deps: FeedbackServiceDeps) {}

  /** Stores every item of one POST atomically; resolves with the number stored once they are committed. */
  async submit(serviceId: string, body: unknown): Promise<number> {
    checkLimits(body, this.deps.settings.limits);
    const items = validateFeedback(body);
    return this.deps.store.save(serviceId, items, this.deps.now());
  }
}
