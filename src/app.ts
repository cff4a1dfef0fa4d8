/**
 * The HTTP / CDS Hooks protocol layer: routing, content negotiation, validation, errors. Thin: the data
 * layer resolves FHIR data, the engine decides, the renderer writes cards.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DiscoveryDocument, HookContext, ServiceDefinition } from './contract/types.js';
import { CdsError, Failure, badRequest, notFound } from './contract/outcomes.js';
import { isLocale, type Locale } from './config/locale.js';
import type { CardEngine } from './service/card-engine.js';
import type { Settings } from './config/settings.js';
import { resolveData } from './data/resolve.js';
import type { FeedbackStore } from './store/store.js';
import { cors } from './http/cors.js';
import { errorHandler } from './http/errors.js';
import { logFields, requestLog } from './http/logging.js';
import { validateFeedback, validateHookRequest } from './contract/validate.js';
import { ClientAuthenticator, type AuthenticatedClient } from './auth/client-jwt.js';
import { checkFhirServer } from './service/fhir-server-policy.js';
import { checkLimits } from './contract/limits.js';

/** Request extension that asks for a card language, e.g. `"extension": {"org.ifn-timing-cds.locale": "zh-CN"}`. */
export const LOCALE_EXTENSION = 'org.ifn-timing-cds.locale';

export interface AppDeps {
  settings: Settings;
  discovery: DiscoveryDocument;
  engine: CardEngine;
  store: FeedbackStore;
  logger: Logger;
  /** The evaluation date; injectable so tests and fixtures can pin it. */
  now: () => Date;
  /** Verifies client JWTs when settings.auth.required; built from settings when not given. */
  authenticator?: ClientAuthenticator;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** 415 for a body that is not JSON; 400 for a POST without a body. */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const noBody = !req.headers['transfer-encoding'] && (req.headers['content-length'] === undefined || req.headers['content-length'] === '0');
  if (noBody && !req.headers['content-type']) return next(badRequest('A JSON request body is required'));
  const type = req.is(['application/json', 'application/*+json']);
  if (type === null) return next(badRequest('A JSON request body is required'));
  if (type === false) return next(new CdsError(Failure.UnsupportedMediaType, `Content-Type must be application/json, not "${req.headers['content-type'] ?? ''}"`));
  next();
}

export function createApp(deps: AppDeps): express.Express {
  const { settings, discovery, engine, store, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestLog(logger));
  app.use(securityHeaders);
  app.use(cors(settings.corsOrigins));

  const authenticator =
    settings.auth.required &&
    (deps.authenticator ??
      new ClientAuthenticator({
        clients: settings.auth.clients,
        clockSkewSeconds: settings.auth.clockSkewSeconds,
        maxLifetimeSeconds: settings.auth.maxLifetimeSeconds,
        replayCacheSize: settings.auth.replayCacheSize,
      }));
  /** CDS Hooks §Trusting CDS Clients: a valid client JWT whose aud is the exact URL called. */
  const requireClient = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!authenticator) return next();
    const base = settings.auth.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? ''}`;
    const audience = `${base}${req.originalUrl.split('?')[0]}`;
    try {
      const client = await authenticator.authenticate(req.headers.authorization, audience);
      res.locals.client = client;
      const f = logFields(res);
      f.iss = client.client.iss;
      f.jti = client.jti;
      next();
    } catch (e) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(e);
    }
  };

  const json = express.json({ limit: settings.bodyLimitBytes, type: ['application/json', 'application/*+json'], strict: true });
  /** 404 before the body is read; the services found wait in res.locals for the handler. */
  const knownService = (req: Request, res: Response, next: NextFunction): void => {
    const id = req.params.id as string;
    const services = discovery.services.filter((s) => s.id === id);
    if (services.length === 0) return next(notFound(`No CDS service with id "${id}"`));
    res.locals.services = services;
    next();
  };

  app.get('/healthz', (_req, res) => {
    if (store.healthy()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'feedback store unavailable' });
  });

  app.get('/cds-services', requireClient, (_req, res) => {
    res.json(discovery);
  });

  app.post('/cds-services/:id', requireClient, knownService, requireJson, json, async (req, res) => {
    const services = res.locals.services as ServiceDefinition[];
    const f = logFields(res);
    f.serviceId = req.params.id as string;
    if (req.body && typeof req.body === 'object') {
      if (typeof req.body.hook === 'string') f.hook = req.body.hook.slice(0, 64);
      if (typeof req.body.hookInstance === 'string') f.hookInstance = req.body.hookInstance.slice(0, 128);
    }
    checkLimits(req.body, settings.limits);
    const { request, service } = validateHookRequest(req.body, services);
    checkFhirServer(request.fhirServer, (res.locals.client as AuthenticatedClient | undefined)?.client, settings.production);
    const resolution = await resolveData(request, service, {
      timeoutMs: settings.fhirTimeoutMs,
      maxPages: settings.fhirMaxPages,
      budgetMs: settings.requestBudgetMs,
    });
    f.dataSources = resolution.sources;
    const asked = request.extension?.[LOCALE_EXTENSION];
    const locale: Locale | undefined = isLocale(asked) ? asked : undefined;
    const { cards, evaluation } = engine.evaluate(service.hook, request.context as HookContext, resolution.data, deps.now(), locale);
    f.topics = cards.map((c) => c.source.topic?.code ?? '');
    if (cards.length) {
      const shownAt = new Date().toISOString();
      store.recordShown(
        cards.map((c) => ({
          card: c.uuid,
          serviceId: service.id,
          hook: service.hook,
          hookInstance: request.hookInstance.slice(0, 128),
          decisionCode: c.source.topic?.code ?? '',
          indicator: c.indicator,
          shownAt,
        })),
      );
    }
    if (evaluation.silentBecause) f.silentBecause = evaluation.silentBecause;
    res.json({ cards });
  });

  app.post('/cds-services/:id/feedback', requireClient, knownService, requireJson, json, async (req, res) => {
    const f = logFields(res);
    f.serviceId = req.params.id as string;
    checkLimits(req.body, settings.limits);
    const items = validateFeedback(req.body);
    const stored = await store.save(req.params.id as string, items, deps.now());
    f.feedbackItems = stored;
    res.json({ stored });
  });

  const methodNotAllowed = (allow: string) => (_req: Request, res: Response) => {
    res.setHeader('Allow', allow);
    throw new CdsError(Failure.MethodNotAllowed, `Method not allowed here; use ${allow}`);
  };
  app.all('/cds-services', methodNotAllowed('GET, OPTIONS'));
  app.all('/cds-services/:id', methodNotAllowed('POST, OPTIONS'));
  app.all('/cds-services/:id/feedback', methodNotAllowed('POST, OPTIONS'));
  app.all('/healthz', methodNotAllowed('GET'));
  app.use((req) => {
    throw notFound(`Nothing at ${req.method} ${req.path.slice(0, 200)}`);
  });
  app.use(errorHandler(logger));
  return app;
}
