/**
 * HTTP wiring only: the middleware chain and one named handler per route. The use cases (src/service/)
 * do the work; src/http/ holds the middleware and handlers.
 */
import express from 'express';
import type { Logger } from 'pino';
import { ClientAuthenticator } from './auth/client-jwt.js';
import type { Settings } from './config/settings.js';
import type { DiscoveryDocument } from './contract/types.js';
import { adminRoutes } from './http/admin.js';
import { requireClient } from './http/client-auth.js';
import { cors, preflight } from './http/cors.js';
import { inFlightCap } from './http/concurrency.js';
import { errorHandler } from './http/errors.js';
import { discoveryHandler, feedbackHandler, hookHandler, knowledgeHandler, knownService, methodNotAllowed, nothingHere, rulesPageHandler } from './http/handlers.js';
import { livezHandler, metricsHandler, observeHookCalls, readyzHandler, type Lifecycle } from './http/probes.js';
import { jsonParser, requireJson } from './http/json-body.js';
import { requestLog } from './http/logging.js';
import { securityHeaders } from './http/security-headers.js';
import { smartAppRoutes } from './http/smart-app.js';
import type { CardEngine } from './service/card-engine.js';
import { FeedbackService } from './service/feedback-service.js';
import { HookService } from './service/hook-service.js';
import { shippedKnowledge, type KnowledgeService } from './service/knowledge-service.js';
import { Metrics } from './metrics/metrics.js';
import { ReportService } from './service/report-service.js';
import type { FeedbackStore } from './store/store.js';

export interface AppDeps {
  settings: Settings;
  discovery: DiscoveryDocument;
  engine: CardEngine;
  store: FeedbackStore;
  logger: Logger;
  /** The one clock: evaluation date, shown-card and feedback times. Injectable so tests and fixtures can pin it. */
  now: () => Date;
  /** Prometheus metrics; when not given, a fresh registry without process metrics (tests build many apps). */
  metrics?: Metrics;
  /** Shutdown state (main.ts sets draining on SIGTERM). */
  lifecycle?: Lifecycle;
  /** Verifies client JWTs when settings.auth.required; built from settings when not given. */
  authenticator?: ClientAuthenticator;
  /** The FHIR artifacts served under /fhir; the shipped ones (knowledge/fhir) when not given. */
  knowledge?: KnowledgeService;
}

function authenticatorFor(deps: AppDeps): ClientAuthenticator | undefined {
  const { auth } = deps.settings;
  if (!auth.required) return undefined;
  return (
    deps.authenticator ??
    new ClientAuthenticator({
      clients: auth.clients,
      clockSkewSeconds: auth.clockSkewSeconds,
      maxLifetimeSeconds: auth.maxLifetimeSeconds,
      replay: deps.store,
      ...(deps.metrics ? { onFailure: deps.metrics.authFailure } : {}),
    })
  );
}

export function createApp(deps: AppDeps): express.Express {
  const { settings, discovery, store, logger } = deps;
  const metrics = (deps.metrics ??= new Metrics({ processMetrics: false }));
  const lifecycle = deps.lifecycle ?? { draining: false };
  const hooks = new HookService(deps);
  const feedback = new FeedbackService(deps);
  const client = requireClient(authenticatorFor(deps), settings);
  const service = knownService(discovery);
  const json = jsonParser(settings.bodyLimitBytes);
  const knowledge = deps.knowledge ?? shippedKnowledge();

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(logger), securityHeaders, cors(settings.corsOrigins));

  app.get('/livez', livezHandler());
  app.get('/readyz', readyzHandler(store, lifecycle));
  app.get('/healthz', readyzHandler(store, lifecycle));
  if (settings.metrics.port === undefined) app.get('/metrics', metricsHandler(metrics, settings.metrics.allow));
  app.get('/rules', rulesPageHandler(knowledge));
  // Read-only and public like /rules: the rules as FHIR Library and PlanDefinition resources, nothing else under /fhir.
  app.get('/fhir/:type/:id', knowledgeHandler(knowledge));
  app.options(['/cds-services', '/cds-services/:id', '/cds-services/:id/feedback'], preflight);
  app.get('/cds-services', client, discoveryHandler(discovery));
  // The in-flight cap first: a refused call costs no token check and no body read.
  app.post('/cds-services/:id', observeHookCalls(metrics, discovery), inFlightCap(settings.maxConcurrentHooks), client, service, requireJson, json, hookHandler(hooks, settings));
  app.post('/cds-services/:id/feedback', client, service, requireJson, json, feedbackHandler(feedback));
  // Without CDS_ADMIN_TOKEN the route does not exist (404 like any unknown path).
  if (settings.adminToken) {
    const reports = new ReportService({ store, locale: settings.locale, now: deps.now });
    app.use('/admin', adminRoutes({ token: settings.adminToken, reports, sessionMinutes: settings.adminSessionMinutes, locale: settings.locale, now: deps.now }));
  }

  // The app reads what the patient-view service declares (the first service of the hook; the services of one
  // discovery file share their prefetch).
  const appPrefetch = (discovery.services.find((s) => s.hook === 'patient-view') ?? discovery.services[0])?.prefetch ?? {};
  app.use('/app', smartAppRoutes(settings, deps.engine, { ...appPrefetch }));

  app.all('/cds-services', methodNotAllowed('GET, OPTIONS'));
  app.all('/cds-services/:id', methodNotAllowed('POST, OPTIONS'));
  app.all('/cds-services/:id/feedback', methodNotAllowed('POST, OPTIONS'));
  app.all(['/healthz', '/livez', '/readyz'], methodNotAllowed('GET'));
  app.all('/fhir/:type/:id', methodNotAllowed('GET, HEAD'));
  app.use(nothingHere);
  app.use(errorHandler(logger));
  return app;
}

/** The metrics listener when CDS_METRICS_PORT is set: /metrics only, kept off the service port. */
export function createMetricsApp(metrics: Metrics, settings: Settings, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(metrics, settings.metrics.allow));
  app.use(nothingHere);
  app.use(errorHandler(logger));
  return app;
}
