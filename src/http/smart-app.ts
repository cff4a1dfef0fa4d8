/**
 * The ALT-trend SMART app (app/): its built files under /app/, its settings at /app/config.json, and its own
 * Content-Security-Policy. The page is static and is launched against FHIR servers it learns only from the
 * launch URL, so connect-src cannot follow the launch: it is 'self' plus the configured FHIR/authorization
 * origins (CDS_APP_FHIR_ORIGINS). fhirclient lets URL parameters pick the server; this header is the guard.
 */
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import type { Settings } from '../config/settings.js';
import { notFound } from '../contract/outcomes.js';
import type { CardEngine } from '../service/card-engine.js';


export function appContentSecurityPolicy(settings: Settings): string {
  const connect = ["'self'", ...settings.app.connectOrigins].join(' ');
  // The EHRs that show our cards may frame the app; CORS origins use the same `*` syntax as CSP sources.
  const frame = ["'self'", ...settings.corsOrigins].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frame}`,
  ].join('; ');
}

/** `prefetch`: the templates the app reads with (see AppConfig.prefetch). */
export function smartAppRoutes(settings: Settings, engine: CardEngine, prefetch: Record<string, string>): express.Router {
  const csp = appContentSecurityPolicy(settings);
  const config: AppConfig = {
    clientId: settings.app.clientId,
    scope: settings.app.scope,
    periodMonths: settings.app.periodMonths,
    locale: settings.locale,
    clinical: engine.config,
    prefetch,
  };
  const headers: RequestHandler = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', csp);
    res.removeHeader('X-Frame-Options'); // frame-ancestors above says who may frame it
    next();
  };
  const router = express.Router();
  router.use(headers);
  router.get('/config.json', (_req, res) => {
    res.json(config);
  });
  router.get('/', (_req, res) => res.redirect(302, '/app/launch.html'));
  router.use(express.static(settings.app.dir, { index: false, redirect: false, etag: false, lastModified: false, cacheControl: false }));
  router.use((req: Request, _res: Response, next: NextFunction) => {
    if (!existsSync(settings.app.dir)) return next(notFound(`The SMART app is not built (no ${settings.app.dir}): run npm run build`));
    next(notFound(`Nothing at ${req.method} /app${req.path.slice(0, 200)}`));
  });
  return router;
}
