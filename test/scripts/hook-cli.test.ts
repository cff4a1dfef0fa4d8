/**
 * `npm run hook`: the compiled CLI against a test service on loopback. It honours --url and PORT, prints the cards,
 * and every failure (bad option, unknown patient, service not running, an answer other than 2xx) is one line on
 * stderr with a non-zero exit, never a stack trace.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { testEhr } from '../../devkit/client-jwt.js';
import { freePort } from '../../devkit/postgres.js';
import { build } from '../../devkit/processes.js';
import { testApp } from '../../devkit/test-app.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';

const servers: http.Server[] = [];
beforeAll(() => build(), 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Serves a test app on a free loopback port (all interfaces: `localhost` may resolve to ::1 or 127.0.0.1). */
async function serve(env: Record<string, string> = {}): Promise<number> {
  const server = http.createServer(testApp(env).app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return (server.address() as AddressInfo).port;
}

/** Runs the CLI asynchronously (the service it calls runs in this process). */
function hook(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(PACKAGE_ROOT, 'dist/scripts/hook.js'), ...args], { cwd: PACKAGE_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** One line on stderr matching `pattern`, no stack frame. */
const oneLine = (stderr: string, pattern: RegExp) => {
  expect(stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(pattern)]);
  expect(stderr).not.toMatch(/\n\s+at /);
};

const PATIENT = ['patient-view', '--patient', 'd1-window-lab-uln', '--pinned'];

describe('npm run hook', () => {
  it('--url names the service; PORT alone means localhost on that port; the cards are printed', async () => {
    const port = await serve();
    const byUrl = await hook([...PATIENT, '--url', `http://127.0.0.1:${port}/`]);
    expect([byUrl.code, byUrl.stderr]).toEqual([0, '']);
    expect(byUrl.stdout).toMatch(/^patient-view → ifn-timing-patient-view · patient d1-window-lab-uln · HTTP 200\n/);
    expect(byUrl.stdout).toMatch(/topic: ifn-window/);
    const byPort = await hook([...PATIENT, '--json'], { PORT: String(port) });
    expect([byPort.code, byPort.stderr]).toEqual([0, '']);
    expect(JSON.parse(byPort.stdout).cards[0].source.topic.code).toBe('ifn-window');
  }, 60_000);

  it('the service not running: one line naming the address, exit 1', async () => {
    const port = await freePort();
    const r = await hook(PATIENT, { PORT: String(port) });
    expect(r.code).toBe(1);
    oneLine(r.stderr, new RegExp(`^hook: cannot reach the service at http://localhost:${port} \\(ECONNREFUSED\\); is it running\\?`));
  });

  it('an answer other than 2xx: one line with the status and the OperationOutcome diagnostics, exit 1', async () => {
    const ehr = await testEhr();
    const port = await serve({ CDS_AUTH: 'required', CDS_TRUSTED_CLIENTS: ehr.trustedClients });
    const r = await hook(PATIENT, { PORT: String(port) });
    expect(r.code).toBe(1);
    // With CDS_AUTH=required discovery itself needs a JWT, which this CLI does not sign.
    oneLine(r.stderr, /^hook: GET http:\/\/localhost:\d+\/cds-services answered HTTP 401: \S/);
  }, 60_000);

  it('a hook call answered with an error (its FHIR server is not running): one line with the status and diagnostics, exit 1', async () => {
    const port = await serve();
    const r = await hook(['patient-view', '--patient', 'd1-window-lab-uln', '--fhir', `http://127.0.0.1:${await freePort()}/fhir`, '--url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    oneLine(r.stderr, /^hook: POST http:\/\/127\.0\.0\.1:\d+\/cds-services\/ifn-timing-patient-view answered HTTP 412: Data "patient" \(Patient\) is unavailable \[fhir-unreachable\]/);
  }, 60_000);

  it.each([
    ['an unknown option', [...PATIENT, '--bogus'], {}, /^hook: Unknown option '--bogus'.*\(usage: npm run hook -- /],
    ['no hook', ['--patient', 'd1-window-lab-uln'], {}, /^hook: name a hook \(usage:/],
    ['an unknown hook', ['encounter-start', '--patient', 'd1-window-lab-uln'], {}, /^hook: unknown hook "encounter-start": use one of patient-view, order-select, order-sign/],
    ['no --patient', ['patient-view'], {}, /^hook: --patient <fixture> is required/],
    ['an unknown patient', ['patient-view', '--patient', 'nobody-here'], {}, /^hook: no fixture patient "nobody-here"; known: .*d1-window-lab-uln/],
    ['a malformed --url', [...PATIENT, '--url', 'localhost 3000'], {}, /^hook: --url "localhost 3000" is not a URL/],
    ['a bad PORT', PATIENT, { PORT: 'eighty' }, /^hook: PORT="eighty" must be a whole number from 1 to 65535/],
  ])('%s: one line, exit 2', async (_what, args, env, pattern) => {
    const r = await hook(args, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    oneLine(r.stderr, pattern);
  });
});
