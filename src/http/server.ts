/**
 * The HTTP(S) server of the service, with its timeouts set (node:http has none by default for idle or slow
 * clients beyond its own long defaults): a client must send all its headers within CDS_HEADERS_TIMEOUT_MS and
 * the whole request within CDS_REQUEST_TIMEOUT_MS (else 408 and the connection is closed), and an idle
 * kept-alive connection is closed after CDS_KEEP_ALIVE_TIMEOUT_MS.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { RequestListener } from 'node:http';
import type { Settings } from '../config/settings.js';

export function serverOptions(timeouts: Settings['serverTimeouts']): http.ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // How often Node checks the two timeouts above (30 s by default, which would stretch a 10 s limit to 40 s).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeouts.headersMs / 2))),
  };
}

export function createServer(app: RequestListener, settings: Pick<Settings, 'serverTimeouts' | 'tls'>): http.Server {
  const options = serverOptions(settings.serverTimeouts);
  const server = settings.tls
    ? https.createServer({ ...options, key: readFileSync(settings.tls.keyFile), cert: readFileSync(settings.tls.certFile) }, app)
    : http.createServer(options, app);
  server.keepAliveTimeout = settings.serverTimeouts.keepAliveMs;
  return server;
}
