/** Card feedback, as one use case: limits → validation → a durable write, timed by the one injected clock. */
import type { Settings } from '../config/settings.js';
import { checkLimits } from '../contract/limits.js';
import { validateFeedback } from '../contract/validate.js';
import type { ClinicalConfig } from '../engine/config.js';
import type { FeedbackStore, SaveResult } from '../store/store.js';
import { rowVersions } from './versions.js';

export interface FeedbackServiceDeps {
  settings: Settings;
  store: FeedbackStore;
  now: () => Date;
  /** The engine in effect: its config stamps each stored item's versions. */
  engine?: { readonly config: ClinicalConfig };
}

export class FeedbackService {
  constructor(private readonly deps: FeedbackServiceDeps) {}

  /** Stores every item of one POST atomically; resolves once committed with the items posted and the rows new. */
  async submit(serviceId: string, body: unknown): Promise<SaveResult> {
    checkLimits(body, this.deps.settings.limits);
    const items = validateFeedback(body);
    return this.deps.store.save(serviceId, items, this.deps.now(), this.deps.engine ? rowVersions(this.deps.engine.config) : undefined);
  }
}
