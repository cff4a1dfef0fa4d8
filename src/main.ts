/** Start-up: read and validate every setting, open the feedback store, listen; stop cleanly on SIGTERM. */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { createApp } from './app.js';
import { createCardEngine } from './service/card-engine.js';
import { loadClinicalConfig } from './config/clinical-config.js';
import { ConfigError } from './config/config-error.js';
import { loadSettings } from './config/settings.js';
import { SqliteFeedbackStore } from './store/sqlite-store.js';
import { createLogger } from './http/logging.js';
import { loadDiscovery } from './config/discovery.js';

/** With CDS_WORKERS > 1 the primary only forks workers (which share the port) and restarts any that die. */
function supervise(workers: number): void {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 6000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function start(): void {
  let settings;
  try {
    settings = loadSettings();
    if (settings.workers > 1 && cluster.isPrimary) {
      // Validate everything once in the primary, so a bad setting stops the service before any fork.
      loadDiscovery(settings.servicesFile);
      loadClinicalConfig(settings.clinicalConfigFile);
      return supervise(settings.workers);
    }
    const discovery = loadDiscovery(settings.servicesFile);
    const clinical = loadClinicalConfig(settings.clinicalConfigFile);
    const logger = createLogger(settings.logLevel);
    const store = new SqliteFeedbackStore(path.join(settings.dataDir, 'feedback.sqlite'));
    const fixedNow = settings.fixedNow;
    if (fixedNow) logger.warn({ now: fixedNow.toISOString() }, 'CDS_FIXED_NOW is set: every decision is made as of this date (testing only)');
    const app = createApp({
      settings,
      discovery,
      engine: createCardEngine(clinical, settings.locale),
      store,
      logger,
      now: fixedNow ? () => fixedNow : () => new Date(),
    });
    if (!settings.auth.required) {
      logger.warn(
        'CDS_AUTH=off: any caller can reach the hook endpoints without a signed JWT. Use only for local testing; set CDS_AUTH=required and CDS_TRUSTED_CLIENTS for real EHRs.',
      );
    }
    const server = settings.tls
      ? https.createServer({ key: readFileSync(settings.tls.keyFile), cert: readFileSync(settings.tls.certFile) }, app)
      : http.createServer(app);
    server.listen(settings.port, settings.host);
    server.once('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : settings!.port;
      const scheme = settings!.tls ? 'https' : 'http';
      logger.info(
        { port, host: settings!.host, locale: settings!.locale, auth: settings!.auth.required ? 'required' : 'off', services: discovery.services.map((s) => s.id) },
        `listening: ${scheme}://localhost:${port}/cds-services`,
      );
    });
    server.on('error', (e) => {
      logger.fatal({ err: e }, 'server failed');
      process.exit(1);
    });
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.close(() => {
        store.close();
        logger.flush();
        process.exit(0);
      });
      setTimeout(() => process.exit(0), 5000).unref();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ifn-timing-cds: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

start();
