/** JSON bodies: 415 for a body that is not JSON, 400 for a POST without one, 413 past the size limit. */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { CdsError, Failure, badRequest } from '../contract/outcomes.js';

export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const noBody = !req.headers['transfer-encoding'] && (req.headers['content-length'] === undefined || req.headers['content-length'] === '0');
  if (noBody && !req.headers['content-type']) return next(badRequest('A JSON request body is required'));
  const type = req.is(['application/json', 'application/*+json']);
  if (type === null) return next(badRequest('A JSON request body is required'));
  if (type === false) return next(new CdsError(Failure.UnsupportedMediaType, `Content-Type must be application/json, not "${req.headers['content-type'] ?? ''}"`));
  next();
}

/** The body parser itself, strict (objects and arrays only), limited to `limitBytes`. */
export function jsonParser(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'], strict: true });
}
