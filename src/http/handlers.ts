/**
 * One named handler per route: each turns an HTTP request into a use-case call and its answer back into
 * HTTP, and fills the request's log line. No clinical or protocol logic lives here.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthenticatedClient } from '../auth/client-jwt.js';
import { CdsError, Failure, notFound } from '../contract/outcomes.js';
import type { DiscoveryDocument, ServiceDefinition } from '../contract/types.js';
import type { FeedbackService } from '../service/feedback-service.js';
import type { HookService } from '../service/hook-service.js';
import { logFields } from './logging.js';

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

/** POST /cds-services/{id} */
export function hookHandler(hooks: HookService): RequestHandler {
  return async (req, res) => {
    const f = logFields(res);
    f.serviceId = req.params.id as string;
    if (req.body && typeof req.body === 'object') {
      if (typeof req.body.hook === 'string') f.hook = req.body.hook.slice(0, 64);
      if (typeof req.body.hookInstance === 'string') f.hookInstance = req.body.hookInstance.slice(0, 128);
    }
    const client = res.locals.client as AuthenticatedClient | undefined;
    const outcome = await hooks.call({ body: req.body, services: res.locals.services as ServiceDefinition[], ...(client ? { client } : {}) });
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

export function methodNotAllowed(allow: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('Allow', allow);
    throw new CdsError(Failure.MethodNotAllowed, `Method not allowed here; use ${allow}`);
  };
}

export function nothingHere(req: Request): never {
  throw notFound(`Nothing at ${req.method} ${req.path.slice(0, 200)}`);
}
