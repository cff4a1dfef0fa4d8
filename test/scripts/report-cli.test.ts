/** `npm run report`: the compiled CLI over a store seeded through the real endpoints; bad input → one line, exit 2. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, tempDir } from '../../devkit/processes.js';
import { seedGovernance, type GovernanceSeed } from '../../devkit/governance-seed.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';

let seed: GovernanceSeed;

beforeAll(async () => {
  build();
  seed = await seedGovernance();
  seed.t.store.flushShown();
}, 180_000);

function report(args: string[], dataDir = seed.t.dataDir, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'dist/scripts/report.js'), ...args], {
    cwd: PACKAGE_ROOT,
    env: { PATH: process.env.PATH ?? '', CDS_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run report', () => {
  it('json over the configured store: the counts the service recorded', () => {
    const r = report(['--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.totals).toMatchObject({ shown: 7, with_feedback: 6, accepted: 2, overridden: 4 });
    expect(json.rows.map((x: { decision_code: string; overridden: number }) => [x.decision_code, x.overridden])).toEqual([
      ['biopsy-recommended', 3],
      ['ifn-window', 1],
    ]);
  });

  it('table by default; --since and --until filter by when cards were shown', () => {
    const r = report(['--since', '2026-06-22', '--until', '2026-06-29T00:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Governance report · cards shown 2026-06-22T00:00:00.000Z → 2026-06-29T00:00:00.000Z/);
    expect(r.stdout).toMatch(/total\s+2\s+1\s+1\s+0\s/);
  });

  it('--out writes the file (csv, html) and prints nothing to stdout', () => {
    const dir = tempDir('ifn-report-out-');
    const csv = report(['--format', 'csv', '--out', path.join(dir, 'r.csv')]);
    expect([csv.code, csv.stdout]).toEqual([0, '']);
    expect(readFileSync(path.join(dir, 'r.csv'), 'utf8')).toMatch(/^decision_code,shown,with_feedback,accepted,overridden,override_rate,.*\r\nbiopsy-recommended,5,5,2,3,0\.6,/);
    const html = report(['--format', 'html', '--out', path.join(dir, 'r.html')]);
    expect(html.code).toBe(0);
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*Liver biopsy recommended/);
  });

  it('--rules-version and --config-hash keep one version; --lang zh-CN writes the page in Chinese', () => {
    const all = JSON.parse(report(['--format', 'json']).stdout);
    const [version] = all.by_version as { rules_version: string; config_hash: string; shown: number }[];
    expect(version!.shown).toBe(7);
    const same = JSON.parse(report(['--format', 'json', '--rules-version', version!.rules_version, '--config-hash', version!.config_hash]).stdout);
    expect(same.totals).toEqual(all.totals);
    expect(same.filter).toEqual({ rules_version: version!.rules_version, config_hash: version!.config_hash });
    const none = JSON.parse(report(['--format', 'json', '--rules-version', 'unknown']).stdout);
    expect(none.totals.shown).toBe(0);
    const zh = report(['--format', 'html', '--lang', 'zh-CN']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('<html lang="zh-CN">');
    expect(zh.stdout).toContain('按临床规则版本与配置');
  });

  it('an empty store: a report that says there is no data', () => {
    const dir = tempDir('ifn-report-empty-');
    new SqliteFeedbackStore(path.join(dir, 'feedback.sqlite')).close();
    const r = report([], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No data/);
  });

  const garbage = () => {
    const dir = tempDir('ifn-report-bad-');
    writeFileSync(path.join(dir, 'feedback.sqlite'), 'this is not a database, just text that is long enough to be read as a header page');
    return dir;
  };
  const unreadable = () => {
    const dir = tempDir('ifn-report-dir-');
    mkdirSync(path.join(dir, 'feedback.sqlite'));
    return dir;
  };
  it.each([
    ['an invalid --since', ['--since', 'last week'], undefined, {}, /^report: since "last week" is not an ISO date/],
    ['an impossible --until', ['--until', '2026-02-30'], undefined, {}, /^report: until "2026-02-30" is not an ISO date/],
    ['since after until', ['--since', '2026-07-01', '--until', '2026-06-01'], undefined, {}, /must be before until/],
    ['an unknown --format', ['--format', 'pdf'], undefined, {}, /^report: unknown --format "pdf": use one of table, csv, json, html/],
    ['an unknown option', ['--sinse', '2026-06-01'], undefined, {}, /^report: Unknown option '--sinse'/],
    ['a malformed --rules-version', ['--rules-version', "3' OR 1"], undefined, {}, /^report: rules_version "3' OR 1" is not a rules version/],
    ['a malformed --config-hash', ['--config-hash', 'XYZ'], undefined, {}, /^report: config_hash "XYZ" is not 12 lowercase hex/],
    ['an unknown --lang', ['--lang', 'fr'], undefined, {}, /^report: unknown --lang "fr": use one of en, zh-CN/],
    ['no store in CDS_DATA_DIR', [], () => tempDir('ifn-report-none-'), {}, /^report: CDS_DATA_DIR=\S+: cannot open the SQLite store: no feedback store at .*feedback\.sqlite \(check CDS_DATA_DIR\)/],
    ['a store file that is not a database', [], garbage, {}, /^report: CDS_DATA_DIR=\S+: cannot open the SQLite store: SQLITE_NOTADB file is not a database/],
    ['a store path that is a folder', [], unreadable, {}, /^report: CDS_DATA_DIR=\S+: cannot open the SQLite store: /],
    ['a bad setting', [], undefined, { CDS_LOCALE: 'fr' }, /^report: CDS_LOCALE="fr" must be one of/],
  ] as const)('%s → one line, exit 2', (_name, args, dir, env, message) => {
    const r = report([...args], dir ? dir() : seed.t.dataDir, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
