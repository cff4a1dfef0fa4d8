/** CDS Hooks §Trusting CDS Clients: a valid client JWT whose aud is the exact URL called. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ClientAuthenticator } from '../auth/client-jwt.js';
import type { Settings } from '../config/settings.js';
import { logFields } from './logging.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The base URLs a token's `aud` may name: CDS_PUBLIC_BASE_URL when set; otherwise the listener itself, as
 * configured (scheme from CDS_TLS_*, HOST, and the port the connection arrived on), never the caller's Host
 * header, which is the caller's to forge. HOST on all interfaces or on loopback: the loopback names.
 */
export function audienceBases(settings: Pick<Settings, 'auth' | 'host' | 'tls'>, localPort: number | undefined): string[] {
  if (settings.auth.publicBaseUrl) return [settings.auth.publicBaseUrl];
  const scheme = settings.tls ? 'https' : 'http';
  const host = settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host;
  const local = ['0.0.0.0', '[::]', ...LOOPBACK_NAMES, '[::ffff:127.0.0.1]'].includes(host) || /^127\./.test(host);
  return (local ? LOOPBACK_NAMES : [host]).map((h) => `${scheme}://${h}:${localPort ?? ''}`);
}

/** Passes every request when `authenticator` is undefined (CDS_AUTH=off). */
export function requireClient(authenticator: ClientAuthenticator | undefined, settings: Settings): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!authenticator) return next();
    const path = req.originalUrl.split('?')[0];
    const audience = audienceBases(settings, req.socket.localPort).map((base) => `${base}${path}`);
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
