/** Probes and metrics: GET /livez, /readyz (= /healthz), /metrics, and the middleware that counts hook calls. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { addressMatcher } from '../config/address-list.js';
import type { Settings } from '../config/settings.js';
import { CdsError, Failure, notFound } from '../contract/outcomes.js';
import type { DiscoveryDocument } from '../contract/types.js';
import type { Metrics } from '../metrics/metrics.js';
import type { FeedbackStore } from '../store/store.js';
import { logFields } from './logging.js';

/**
 * Set once SIGTERM (or SIGINT) arrives: /readyz answers 503 so a load balancer stops sending, while the listener
 * stays open for the drain (CDS_DRAIN_MS, main.ts) and in-flight calls finish; /livez stays 200.
 */
export interface Lifecycle {
  draining: boolean;
}

/** GET /livez: the process runs and its event loop answers. */
export function livezHandler(): RequestHandler {
  return (_req, res) => {
    res.json({ status: 'ok' });
  };
}

/** GET /readyz and /healthz: 200 when the store takes writes and the service is not shutting down. */
export function readyzHandler(store: FeedbackStore, lifecycle: Lifecycle): RequestHandler {
  return async (_req, res) => {
    if (lifecycle.draining) res.status(503).json({ status: 'shutting down' });
    else if (await store.healthy()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'store unavailable' });
  };
}

/** GET /metrics: Prometheus text, only for the allowed client addresses or blocks (others get a 404, as if nothing were here). */
export function metricsHandler(metrics: Metrics, allow: Settings['metrics']['allow']): RequestHandler {
  const allowed = allow === 'any' ? () => true : addressMatcher(allow);
  return async (req, res) => {
    if (!allowed(req.socket.remoteAddress)) throw notFound(`Nothing at ${req.method} ${req.path}`);
    res.type(metrics.contentType).send(await metrics.text());
  };
}

/** Counts each hook call when its answer is sent: service (known ids only), status, decision code, latency. */
export function observeHookCalls(metrics: Metrics, discovery: DiscoveryDocument): RequestHandler {
  const known = new Set(discovery.services.map((s) => s.id));
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const id = req.params.id as string;
    res.on('finish', () => {
      const service = known.has(id) ? id : 'unknown';
      const decision = logFields(res).topics?.find(Boolean) ?? 'none';
      metrics.hookCall(service, res.statusCode, decision, Number(process.hrtime.bigint() - start) / 1e9);
      const failure = res.locals.failure as CdsError | undefined;
      if (failure?.failure === Failure.PreconditionFailed) metrics.preconditionFailed(failure.issues.map((i) => i.diagnostics));
    });
    next();
  };
}
