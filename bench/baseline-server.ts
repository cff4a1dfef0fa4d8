/**
 * The benchmark's baseline: a bare express 5 app that parses the same request body and answers a JSON body of
 * the same size as the service's answer: the cost of JSON over HTTP in express here, with no CDS work at all.
 * BASELINE_RESPONSE_BYTES sets the answer size; BASELINE_WORKERS > 1 forks workers sharing the port.
 */
import cluster from 'node:cluster';
import express from 'express';

const workers = Number(process.env.BASELINE_WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exit(0);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const size = Number(process.env.BASELINE_RESPONSE_BYTES ?? 4096);
  const answer = { cards: [{ summary: 'x'.repeat(Math.max(0, size - 30)) }] };
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '5mb', type: ['application/json', 'application/*+json'] }));
  app.post('/cds-services/:id', (req, res) => {
    // Touch the parsed body as a real handler would, so the parse cannot be optimised away.
    res.json(typeof req.body?.hook === 'string' ? answer : { cards: [] });
  });
  let server: ReturnType<typeof app.listen> | undefined;
  // Before listening: whoever reads the "listening" line may signal at once.
  process.on('SIGTERM', () => (server ? server.close(() => process.exit(0)) : process.exit(0)));
  server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server!.address();
    console.log(JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : 0 }));
  });
}
