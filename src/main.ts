/** Start-up: read and validate every setting, open the store, listen; on SIGTERM drain, flush and close. */
import cluster from 'node:cluster';
import http from 'node:http';
import { createApp, createMetricsApp } from './app.js';
import { audienceBases } from './http/client-auth.js';
import { createServer } from './http/server.js';
import { createCardEngine } from './service/card-engine.js';
import { loadClinicalConfig } from './config/clinical-config.js';
import { ConfigError } from './config/config-error.js';
import { loadSettings, unknownSettingMessage, unknownSettings, type Settings } from './config/settings.js';
import { openStore, storeOpenProblem } from './store/open-store.js';
import type { FeedbackStore, StoreObserver } from './store/store.js';
import { createLogger, LogDestination } from './http/logging.js';
import type { Lifecycle } from './http/probes.js';
import { loadDiscovery } from './config/discovery.js';
import { Metrics } from './metrics/metrics.js';
import { buildInfo, withVersionExtension } from './config/build-info.js';
import { startupLine, startupWarnings } from './config/startup-log.js';
import type { ClinicalConfig } from './engine/config.js';
import { startTracing, stopTracing } from './telemetry/tracing.js';

/** A start-up problem: one line on stderr naming the setting, exit code 2. */
function stopWith(message: string): never {
  process.stderr.write(`ifn-timing-cds: ${message}\n`);
  process.exit(2);
}

/**
 * Once per service (the primary with CDS_WORKERS > 1): what runs, on which clinical config, with which settings
 * changed (secrets masked); one warning per CDS_* variable no setting reads (a misspelt setting would otherwise run
 * on the default; never its value) and per setting that leaves a part unusable.
 */
function logStartup(logger: ReturnType<typeof createLogger>, settings: Settings, clinical: ClinicalConfig): void {
  const line = startupLine(process.env, settings, clinical, buildInfo());
  logger.info(line.fields, line.msg);
  for (const unknown of unknownSettings(process.env)) logger.warn({ variable: unknown.name, ...(unknown.nearest ? { didYouMean: unknown.nearest } : {}) }, unknownSettingMessage(unknown));
  for (const warning of startupWarnings(settings)) logger.warn({ setting: warning.setting }, warning.msg);
}

async function openOrStop(settings: Settings, observer?: StoreObserver): Promise<FeedbackStore> {
  try {
    return await openStore(settings, observer ? { observer } : {});
  } catch (e) {
    stopWith(storeOpenProblem(settings, e));
  }
}

/**
 * With CDS_WORKERS > 1 the primary only forks workers (which share the port) and restarts any that die. Workers
 * of one machine share the store (the SQLite file or the database), so a jti seen by one is refused by all.
 */
function supervise(settings: Settings, clinical: ClinicalConfig): void {
  const logger = createLogger(settings.logLevel, LogDestination.stdout(settings.logBufferBytes));
  logStartup(logger, settings, clinical);
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    // Each worker exits within the grace period; the primary waits half a second more for their exit events.
    setTimeout(() => process.exit(0), settings.shutdownGraceMs + 500).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  // Before the first fork: a signal that comes as soon as a worker says "listening" finds the handlers in place.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    cluster.fork();
  });
  for (let i = 0; i < settings.workers; i++) cluster.fork();
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function serve(settings: Settings): Promise<void> {
  const discovery = withVersionExtension(loadDiscovery(settings.servicesFile));
  const clinical = loadClinicalConfig(settings.clinicalConfigFile);
  const logDestination = LogDestination.stdout(settings.logBufferBytes);
  const logger = createLogger(settings.logLevel, logDestination);
  const metrics = new Metrics();
  await startTracing({ logger }); // each worker its own SDK; nothing loaded unless an OTLP endpoint is set
  logDestination.onDrop = metrics.logLineDropped;
  const store = await openOrStop(
    settings,
    metrics.storeObserver((rows, reason, code) => {
      // One line per event: a full buffer, a row the database refused (its error code, never its content), or the exit.
      if (reason === 'buffer-full') logger.warn({ rows, reason }, 'shown-card buffer full: rows dropped');
      else if (reason === 'refused') logger.warn({ rows, reason, code }, 'shown-card row refused by the database as data: dropped');
      else logger.error({ rows, reason }, 'shown-card rows not written before exit: dropped');
    }),
  );
  // With CDS_WORKERS > 1 the primary has logged this already (supervise).
  if (cluster.isPrimary) logStartup(logger, settings, clinical);
  const fixedNow = settings.fixedNow;
  if (fixedNow) logger.warn({ now: fixedNow.toISOString() }, 'CDS_FIXED_NOW is set: every decision is made as of this date (testing only)');
  const lifecycle: Lifecycle = { draining: false };
  const app = createApp({
    settings,
    discovery,
    engine: createCardEngine(clinical, settings.locale),
    store,
    logger,
    metrics,
    lifecycle,
    now: fixedNow ? () => fixedNow : () => new Date(),
  });
  if (!settings.auth.required) {
    logger.warn(
      'CDS_AUTH=off: any caller can reach the hook endpoints without a signed JWT. Use only for local testing; set CDS_AUTH=required and CDS_TRUSTED_CLIENTS for real EHRs.',
    );
  }
  if (settings.auth.required && !settings.auth.publicBaseUrl) {
    logger.warn(
      { audiences: audienceBases(settings, settings.port).map((b) => `${b}/cds-services`) },
      'CDS_PUBLIC_BASE_URL is not set: client JWTs must name this listener (HOST and PORT) as aud; set CDS_PUBLIC_BASE_URL to the URL EHRs call.',
    );
  }
  // Headers, request and keep-alive timeouts set (http/server.ts).
  const server = createServer(app, settings);
  const metricsServer = settings.metrics.port !== undefined ? http.createServer(createMetricsApp(metrics, settings, logger)) : undefined;
  let port = settings.port;
  let metricsPort: number | undefined;
  try {
    metricsPort = metricsServer ? await listen(metricsServer, settings.metrics.port!, settings.host) : undefined;
    port = await listen(server, settings.port, settings.host);
  } catch (e) {
    stopWith(`PORT=${settings.port} / CDS_METRICS_PORT: cannot listen: ${(e as Error).message}`);
  }
  server.on('error', (e) => {
    logger.fatal({ err: e }, 'server failed');
    process.exit(1);
  });

  let stopping = false;
  let endDrain: (() => void) | undefined;
  // While draining, every answer closes its connection: a kept-alive client reconnects, through the load balancer
  // (to another instance once it has seen /readyz 503). Before the app's handler, which may answer at once.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (lifecycle.draining) res.setHeader('Connection', 'close');
  });
  const stop = async (signal: string) => {
    if (stopping) {
      endDrain?.(); // a second signal: stop listening now
      return;
    }
    stopping = true;
    lifecycle.draining = true;
    const grace = settings.shutdownGraceMs;
    const deadline = Date.now() + grace;
    // Hard deadline: the process ends within the grace period whatever is still running (a call, the store, a log
    // write: log writes never block, so nothing can hold this timer up).
    setTimeout(() => {
      logger.error({ shownDropped: store.shownDropped() + store.shownPending(), logLinesDropped: logDestination.dropped }, 'grace period over: exiting now');
      process.exit(1);
    }, grace).unref();
    // In-flight calls get the grace period less a reserve for writing the shown-card buffer and the last log lines.
    const reserve = Math.min(2000, Math.floor(grace / 4));
    const cut = setTimeout(() => {
      logger.warn('closing connections still open');
      server.closeAllConnections();
    }, grace - reserve).unref();
    // The drain: still listening and answering as usual, /readyz 503, so that load balancers stop sending here
    // before connections are refused (CDS_DRAIN_MS; a second signal ends it).
    if (settings.drainMs > 0) {
      logger.info({ signal, graceMs: grace, drainMs: settings.drainMs }, 'shutting down: /readyz answers 503; still listening for the drain period, then no new connections; in-flight calls may finish');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.drainMs);
        endDrain = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      logger.info('drain period over: no new connections');
    } else {
      logger.info({ signal, graceMs: grace }, 'shutting down: /readyz answers 503; no new connections; in-flight calls may finish');
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(cut);
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    try {
      await store.close(); // flushes buffered shown cards (rows it cannot write are counted as dropped), then closes
    } catch (e) {
      logger.error({ err: e }, 'store did not close cleanly');
    }
    await stopTracing(Math.max(0, deadline - Date.now() - 200)); // the last spans, within the grace period
    logger.info({ shownDropped: store.shownDropped(), shownDroppedBy: store.shownDroppedBy(), logLinesDropped: logDestination.dropped }, 'stopped');
    await logDestination.drained(Math.max(0, deadline - Date.now() - 50));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // "listening" is the last line of start-up, written once the signal handlers are in place: a supervisor (or a
  // test) that sends SIGTERM as soon as it reads it must find them installed, not Node's default (death by signal).
  logger.info(
    {
      port,
      host: settings.host,
      locale: settings.locale,
      auth: settings.auth.required ? 'required' : 'off',
      store: settings.database ? settings.database.display : 'sqlite',
      ...(metricsPort !== undefined ? { metricsPort } : {}),
      services: discovery.services.map((s) => s.id),
    },
    `listening: ${settings.tls ? 'https' : 'http'}://localhost:${port}/cds-services`,
  );
}

async function start(): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings();
    if (settings.workers > 1 && cluster.isPrimary) {
      // Validate everything once in the primary, so a bad setting stops the service before any fork; migrate once.
      loadDiscovery(settings.servicesFile);
      const clinical = loadClinicalConfig(settings.clinicalConfigFile);
      await (await openOrStop(settings)).close();
      return supervise(settings, clinical);
    }
    await serve(settings);
  } catch (e) {
    if (e instanceof ConfigError) stopWith(e.message);
    throw e;
  }
}

void start();
