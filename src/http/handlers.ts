/**
 * One named handler per route: each turns an HTTP request into a use-case call and its answer back into
 * HTTP, and fills the request's log line. No clinical or protocol logic lives here.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthenticatedClient } from '../auth/client-jwt.js';
import type { Settings } from '../config/settings.js';
import { CdsError, Failure, notFound } from '../contract/outcomes.js';
import type { DiscoveryDocument, ServiceDefinition } from '../contract/types.js';
import type { FeedbackService } from '../service/feedback-service.js';
import type { HookService } from '../service/hook-service.js';
import type { KnowledgeService } from '../service/knowledge-service.js';
import { logFields } from './logging.js';
import { isLocale } from '../config/locale.js';
import { renderRulesPage, RULES_CSS } from '../cards/rules-page.js';

/** 404 before the body is read; the services found wait in res.locals for the handler. */
export function knownService(discovery: DiscoveryDocument): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = req.params.id as string;
    const services = discovery.services.filter((s) => s.id === id);
    if (services.length === 0) return next(notFound(`No CDS service with id "${id}"`));
    res.locals.services = services;
    next();
  };
}

/** GET /cds-services */
export function discoveryHandler(discovery: DiscoveryDocument): RequestHandler {
  return (_req, res) => {
    res.json(discovery);
  };
}

/**
 * The service's absolute base for links in cards: CDS_PUBLIC_BASE_URL, else (outside production only) the
 * request's own scheme and host — in production a Host header is the caller's to forge.
 */
export function publicBase(req: Request, settings: Settings): string | undefined {
  if (settings.auth.publicBaseUrl) return settings.auth.publicBaseUrl;
  const host = req.get('host');
  return settings.production || !host ? undefined : `${req.protocol}://${host}`;
}

/** POST /cds-services/{id} */
export function hookHandler(hooks: HookService, settings: Settings): RequestHandler {
  return async (req, res) => {
    const f = logFields(res);
    f.serviceId = req.params.id as string;
    if (req.body && typeof req.body === 'object') {
      if (typeof req.body.hook === 'string') f.hook = req.body.hook.slice(0, 64);
      if (typeof req.body.hookInstance === 'string') f.hookInstance = req.body.hookInstance.slice(0, 128);
    }
    const client = res.locals.client as AuthenticatedClient | undefined;
    // One public base for every link a card carries (its rule page, the SMART app): none in production
    // without CDS_PUBLIC_BASE_URL, since a Host header can be forged.
    const baseUrl = publicBase(req, settings);
    const outcome = await hooks.call({
      body: req.body,
      services: res.locals.services as ServiceDefinition[],
      ...(client ? { client } : {}),
      ...(baseUrl ? { baseUrl } : {}),
    });
    f.dataSources = outcome.dataSources;
    f.topics = outcome.cards.map((c) => c.source.topic?.code ?? '');
    if (outcome.evaluation.silentBecause) f.silentBecause = outcome.evaluation.silentBecause;
    res.json({ cards: outcome.cards });
  };
}

/** POST /cds-services/{id}/feedback */
export function feedbackHandler(feedback: FeedbackService): RequestHandler {
  return async (req, res) => {
    const f = logFields(res);
    f.serviceId = req.params.id as string;
    const result = await feedback.submit(req.params.id as string, req.body);
    f.feedbackItems = result.stored;
    res.json(result);
  };
}

/** GET /rules (?lang=en|zh-CN; ?format=css for its stylesheet): the rules as static HTML, each P-id and D-id anchored, linking the FHIR artifacts. */
export function rulesPageHandler(knowledge: KnowledgeService): RequestHandler {
  const artifacts = knowledge.list();
  return (req, res) => {
    // A static page: styles from this same route only, nothing else may load or run.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    if (req.query.format === 'css') {
      res.type('text/css').send(RULES_CSS);
      return;
    }
    const lang = req.query.lang;
    res.type('html').send(renderRulesPage(isLocale(lang) ? lang : 'en', artifacts));
  };
}

/**
 * GET (and HEAD) /fhir/{type}/{id}: a FHIR Clinical Reasoning artifact of the rules, as committed. Cacheable, but
 * revalidated on each use (its ETag answers 304), so a deployment with newer rules is seen at once.
 */
export function knowledgeHandler(knowledge: KnowledgeService): RequestHandler {
  return (req, res) => {
    const type = req.params.type as string;
    const id = req.params.id as string;
    const artifact = knowledge.read(type, id);
    if (!artifact) throw notFound(`No knowledge artifact ${type}/${id}; served: ${knowledge.list().map((a) => `${a.type}/${a.id}`).join(', ')}`);
    res.setHeader('ETag', artifact.etag);
    res.setHeader('Cache-Control', 'public, no-cache');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/fhir+json').send(artifact.body);
  };
}

export function methodNotAllowed(allow: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('Allow', allow);
    throw new CdsError(Failure.MethodNotAllowed, `Method not allowed here; use ${allow}`);
  };
}

export function nothingHere(req: Request): never {
  throw notFound(`Nothing at ${req.method} ${req.path.slice(0, 200)}`);
}
