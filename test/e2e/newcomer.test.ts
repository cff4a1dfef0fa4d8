/**
 * A newcomer's path: the README's two quick-start commands, run literally on a fresh copy of the repository
 * (tracked and new files, no node_modules, no dist, no data). The first must install and serve; the second must
 * pass. Inside that nested `npm test`, this file defines no test (IFN_CDS_NESTED), or it would recurse.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { jsonLine, tempDir } from '../../devkit/processes.js';

/** The commands of the README's quick start, comments stripped. */
export function quickStart(): string[] {
  const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  const block = section && /```(?:sh|bash)\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no quick start code block');
  return block[1]!
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

function freshCopy(): string {
  const dir = tempDir('ifn-cds-newcomer-');
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error('git ls-files failed');
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(PACKAGE_ROOT, file))) continue; // deleted in the working tree, not yet in git
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    cpSync(path.join(PACKAGE_ROOT, file), path.join(dir, file));
  }
  return dir;
}

/**
 * What a failed nested run says, most telling first (a CI log may show only the start of it): which files failed and
 * which tests, its summary, the free disk space, then the end of its output.
 */
function failureReport(stdout: string, stderr: string, dir: string): string {
  const all = `${stdout}\n${stderr}`.split('\n');
  const pick = (re: RegExp) => all.filter((l) => re.test(l)).slice(0, 40);
  const disk = spawnSync('df', ['-h', dir, os.tmpdir()], { encoding: 'utf8' }).stdout;
  return [
    ...pick(/^(FAIL|Test Suites:|Tests:)|^\s+● |error TS\d+|ENOSPC|npm ERR!|^npm error/),
    `disk:\n${disk}`,
    `copy kept in ${dir}`,
    '--- end of stdout ---',
    stdout.slice(-2000),
    '--- end of stderr ---',
    stderr.slice(-2000),
  ].join('\n');
}

const nested = process.env.IFN_CDS_NESTED === '1';

(nested ? describe.skip : describe)('README quick start on a fresh copy', () => {
  it('has exactly two commands: install-and-run, then test', () => {
    const [run, test] = quickStart();
    expect(quickStart()).toHaveLength(2);
    expect(run).toMatch(/npm (ci|install).*&&.*npm (start|run)/);
    expect(test).toMatch(/^npm (test|run test)/);
  });

  it(
    'command 1 installs and serves; command 2 passes',
    async () => {
      const [run, test] = quickStart();
      const dir = freshCopy();
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const server = spawn('bash', ['-c', run!], { cwd: dir, env: { ...process.env, PORT: port, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const output: string[] = [];
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no "listening" within 12 minutes:\n${output.join('')}`)), 12 * 60_000);
          server.stdout!.on('data', (c: Buffer) => {
            output.push(c.toString());
            if (c.toString().split('\n').some((l) => String(jsonLine(l)?.msg ?? '').startsWith('listening'))) {
              clearTimeout(timer);
              resolve();
            }
          });
          server.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
          server.once('exit', (code) => reject(new Error(`"${run}" exited with ${code}:\n${output.join('')}`)));
        });
        const discovery = await fetch(`http://127.0.0.1:${port}/cds-services`);
        expect(discovery.status).toBe(200);
        const hook = await fetch(`http://127.0.0.1:${port}/cds-services/ifn-timing-patient-view`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: readFileSync(path.join(dir, 'fixtures/requests/patients/d1-window-lab-uln.patient-view.json')),
        });
        expect(hook.status).toBe(200);
      } finally {
        try {
          process.kill(-server.pid!, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }

      const tests = spawnSync('bash', ['-c', test!], { cwd: dir, env: { ...process.env, IFN_CDS_NESTED: '1', CI: 'true' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (tests.status === 0) rmSync(dir, { recursive: true, force: true }); // ~0.9 GB; kept on a failure, to look into
      expect({ status: tests.status, report: tests.status === 0 ? '' : failureReport(tests.stdout, tests.stderr, dir) }).toEqual({ status: 0, report: '' });
    },
    30 * 60_000,
  );
});
