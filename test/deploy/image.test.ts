/**
 * The container image as a tested artifact: scripts/build-image.sh builds it (offline: npm registry and Debian
 * packages only), then it runs as the image's non-root user with a read-only root filesystem and a named volume
 * for /data: probes, a hook call with a fixture, feedback stored on the volume, SIGTERM drain (a request in
 * flight completes) with exit 0.
 * Prints the build time and the image size. Needs podman, mmdebstrap and runc (`pretest` installs them as root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { freePort } from '../../devkit/postgres.js';
import { eachLine, jsonLine } from '../../devkit/processes.js';
import { PV, fixtureRequest } from '../../devkit/test-app.js';

const env = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? path.join(PACKAGE_ROOT, 'deploy', 'podman', 'containers.conf') };
const tag = 'localhost/ifn-timing-cds:test';
const run = `ifn-image-test-${process.pid}`;
const volume = `${run}-data`;

function podman(...args: string[]): string {
  const r = spawnSync('podman', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout.trim();
}

let built = false;
beforeAll(() => {
  const tools = spawnSync('bash', [path.join(PACKAGE_ROOT, 'scripts/ensure-container-tools.sh')], { encoding: 'utf8' });
  if (tools.status !== 0) throw new Error(tools.stderr);
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', [path.join(PACKAGE_ROOT, 'scripts/build-image.sh'), tag], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    // Most telling first (a CI log may show only the start): the last lines the build printed, then the free space.
    const last = r.stderr.trim().split('\n').slice(-5).join('\n');
    const disk = spawnSync('df', ['-h', '/var/lib/containers', os.tmpdir()], { encoding: 'utf8' }).stdout;
    throw new Error(`scripts/build-image.sh failed (${r.status}): ${last}\ndisk:\n${disk}\n--- its output ---\n${r.stderr.slice(-8000)}`);
  }
  built = true;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = Number(podman('image', 'inspect', '--format', '{{.Size}}', tag));
  console.log(`image ${tag}: ${(bytes / 1e6).toFixed(0)} MB, built in ${seconds.toFixed(0)} s (base images and layers cached between runs)`);
}, 60 * 60_000);

afterAll(() => {
  if (!built) return;
  spawnSync('podman', ['rm', '--force', run], { env });
  spawnSync('podman', ['volume', 'rm', '--force', volume], { env });
});

test('the image holds dist/ with its migrations and production packages only, no shell, and runs as uid 10001', () => {
  expect(podman('image', 'inspect', '--format', '{{.Config.User}}', tag)).toBe('10001:10001');
  expect(JSON.parse(podman('image', 'inspect', '--format', '{{json .Config.Entrypoint}}', tag))).toEqual(['/usr/local/bin/node', 'dist/src/main.js']);
  expect(Number(podman('image', 'inspect', '--format', '{{.Size}}', tag))).toBeLessThan(400e6);
  const root = podman('image', 'mount', tag);
  try {
    const app = path.join(root, 'app');
    expect(existsSync(path.join(app, 'dist/src/main.js'))).toBe(true);
    expect(existsSync(path.join(app, 'dist/src/store/migrations/sqlite/001-initial.sql'))).toBe(true);
    expect(existsSync(path.join(app, 'dist/src/store/migrations/postgres/001-initial.sql'))).toBe(true);
    expect(existsSync(path.join(app, 'dist/app/index.html'))).toBe(true);
    expect(existsSync(path.join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    for (const absent of ['src', 'test', 'node_modules/typescript', 'node_modules/@medplum/core', 'node_modules/jest', 'node_modules/esbuild']) {
      expect([absent, existsSync(path.join(app, absent))]).toEqual([absent, false]);
    }
    for (const f of ['LICENSE', 'NOTICE']) expect(existsSync(path.join(app, f))).toBe(true);
    expect(existsSync(path.join(root, 'bin/sh'))).toBe(false);
    expect(existsSync(path.join(root, 'usr/bin/apt-get'))).toBe(false);
    expect(statSync(path.join(root, 'data')).uid).toBe(10001);
  } finally {
    podman('image', 'unmount', tag);
  }
});

/** Runs the image attached; resolves once it logs that it listens. */
function runImage(port: number): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(
    'podman',
    // --read-only-tmpfs=false: not even /tmp is writable; the volume is the only place the service can write.
    ['run', '--name', run, '--read-only', '--read-only-tmpfs=false', '--network', 'host', '-v', `${volume}:/data`, '-e', `PORT=${port}`, '-e', 'HOST=127.0.0.1', '-e', 'CDS_AUTH=off', tag],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    eachLine(child.stdout!, (line) => {
      lines.push(line);
      const msg = jsonLine(line)?.msg;
      if (typeof msg === 'string' && msg.startsWith('listening')) resolve({ child, lines });
    });
    child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the container exited with ${code} before listening:\n${lines.join('\n')}`)));
  });
}

test('read-only, non-root: probes, a hook call, feedback on the volume, SIGTERM drains a request in flight, exit 0', async () => {
  podman('volume', 'create', volume);
  const port = await freePort();
  const { child, lines } = await runImage(port);
  // 'close', not 'exit': the output is read to its end (the test looks for the last line, "stopped").
  const exited = new Promise<number | null>((resolve) => child.once('close', (code: number | null) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;

  // Node is the container's PID 1, as the image's user.
  const pid = podman('inspect', '--format', '{{.State.Pid}}', run);
  expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)).toEqual(['/usr/local/bin/node', 'dist/src/main.js']);
  expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^Uid:\s+10001\s/m);

  expect((await fetch(`${base}/livez`)).status).toBe(200);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const hook = await fetch(`${base}${PV}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fixtureRequest('patient-view-full-prefetch')) });
  expect(hook.status).toBe(200);
  const { cards } = (await hook.json()) as { cards: { uuid: string }[] };
  expect(cards.length).toBeGreaterThan(0);
  const feedback = await fetch(`${base}${PV}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ feedback: [{ card: cards[0]!.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] }),
  });
  expect(feedback.status).toBe(200);
  expect(await feedback.json()).toEqual({ stored: 1, new: 1 });

  // Drain: a feedback POST is in flight (half its body sent) when SIGTERM arrives; it completes and is stored,
  // then the process exits 0. The connection is known to be accepted (a first request answered on it) and the
  // rest of the body is sent only once the service has logged that it is shutting down.
  const second = JSON.stringify({ feedback: [{ card: cards[0]!.uuid, outcome: 'overridden', outcomeTimestamp: '2026-01-02T03:04:05Z' }] });
  const socket = net.connect(port, '127.0.0.1');
  let answered = '';
  socket.on('data', (chunk: Buffer) => (answered += chunk.toString('utf8')));
  socket.write(`GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  await new Promise<void>((resolve) => socket.on('data', () => answered.includes('\r\n\r\n') && resolve()));
  expect(answered).toMatch(/^HTTP\/1\.1 200/);
  answered = '';
  const head = `POST ${PV}/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(second)}\r\nConnection: close\r\n\r\n`;
  socket.write(head + second.slice(0, 20));
  const draining = new Promise<void>((resolve) => eachLine(child.stdout!, (line) => String(jsonLine(line)?.msg).startsWith('shutting down') && resolve()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  // podman kill sends SIGTERM (the image's STOPSIGNAL) to PID 1.
  podman('kill', '--signal', 'SIGTERM', run);
  await draining;
  socket.end(second.slice(20));
  await closed;
  expect(answered).toMatch(/^HTTP\/1\.1 200/);
  expect(answered).toContain('{"stored":1,"new":1}');
  expect(await exited).toBe(0);
  expect(podman('inspect', '--format', '{{.State.ExitCode}}', run)).toBe('0');
  const messages = lines.map((l) => jsonLine(l)?.msg);
  expect(messages).toContain('stopped');

  const data = podman('volume', 'inspect', '--format', '{{.Mountpoint}}', volume);
  const file = path.join(data, 'feedback.sqlite');
  expect(statSync(file).uid).toBe(10001);
  const db = new Database(file, { readonly: true });
  try {
    // Both: the one posted before SIGTERM and the one completed during the drain.
    const rows = db.prepare('SELECT card_uuid FROM feedback').all();
    expect(rows).toEqual([{ card_uuid: cards[0]!.uuid }, { card_uuid: cards[0]!.uuid }]);
  } finally {
    db.close();
  }
}, 120_000);
