/**
 * /readyz asks whether the store can write, not only read: one small upsert of a fixed row in jti_seen (a key no
 * token can have: token keys are "<iss> <jti>", with a space), at most once a second whatever the probe rate.
 */
export const PROBE_KEY = 'store-write-probe';
const PROBE_EVERY_MS = 1000;

export class WriteProbe {
  private last: { at: number; ok: Promise<boolean> } | undefined;

  constructor(private readonly probe: () => Promise<void>) {}

  check(now = Date.now()): Promise<boolean> {
    if (this.last && now - this.last.at < PROBE_EVERY_MS) return this.last.ok;
    const ok = this.probe().then(
      () => true,
      () => false,
    );
    this.last = { at: now, ok };
    return ok;
  }
}
