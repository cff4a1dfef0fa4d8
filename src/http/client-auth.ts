/** CDS Hooks §Trusting CDS Clients: a valid client JWT whose aud is the exact URL called. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ClientAuthenticator } from '../auth/client-jwt.js';
import type { Settings } from '../config/settings.js';
import { logFields } from './logging.js';

/** Passes every request when `authenticator` is undefined (CDS_AUTH=off). */
export function requireClient(authenticator: ClientAuthenticator | undefined, settings: Settings): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
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
}
