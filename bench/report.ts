/**
 * `npm run bench:report [-- --shown 1000000]`: the governance report over 1,000,000 shown cards on SQLite
 * (35 % with feedback, over 26 weeks, two rules versions), seeded directly; each of the report's grouped
 * queries timed alone, then the whole report (queries + what TypeScript adds). Writes its section
 * of bench/results.md (between the report-bench markers; the rest of the file is left as it is).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { reportQueries } from '../src/report/queries.js';
import { renderReport, REPORT_FORMATS } from '../src/report/render.js';
import { ReportService } from '../src/service/report-service.js';
import { SqliteFeedbackStore } from '../src/store/sqlite-store.js';
import { seedReportRows } from '../devkit/report-rows.js';

// --keep FILE seeds FILE once and reuses it on later runs (seeding 1M rows takes minutes on a busy machine).
const { values } = parseArgs({ options: { shown: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, keep: { type: 'string' } } });
const shown = Number(values.shown);
const runs = Number(values.runs);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-report-bench-'));
const file = values.keep ? path.resolve(values.keep) : path.join(dir, 'feedback.sqlite');
const end = new Date('2026-06-15T12:00:00Z');

const loadBefore = os.loadavg()[0]!.toFixed(1);
const t0 = performance.now();
const reuse = values.keep !== undefined && existsSync(file);
const seeded = reuse ? countRows(file) : await seedReportRows(file, { shown, days: 26 * 7, end });
const seedMs = performance.now() - t0;
console.log(`${reuse ? 'reused' : 'seeded'} ${seeded.shown} shown cards, ${seeded.feedback} feedback items in ${(seedMs / 1000).toFixed(1)} s`);

function countRows(f: string): { shown: number; feedback: number } {
  const db = new Database(f, { readonly: true });
  const n = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  const counts = { shown: n('card_shown'), feedback: n('feedback') };
  db.close();
  return counts;
}

const store = new SqliteFeedbackStore(file);
const reports = new ReportService({ store, locale: 'en', now: () => end });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
/** Median wall time and median CPU time (user + system) of `runs` runs: on a shared machine the CPU time is the steadier figure. */
async function time(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    await fn();
    wall.push(performance.now() - s);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const queries = reportQueries('sqlite', {});
const queryMs: Record<string, { wall: number; cpu: number }> = {};
for (const [name, [sql, params]] of Object.entries(queries)) queryMs[name] = await time(() => store.readQuery(sql, params));
const baselineMs = Object.values(queryMs).reduce((a, b) => ({ wall: a.wall + b.wall, cpu: a.cpu + b.cpu }), { wall: 0, cpu: 0 });
const loadMid = os.loadavg()[0]!.toFixed(1);
const reportMs = await time(() => reports.report({}));
const lastQuarter = new Date(end.getTime() - 13 * 7 * 86_400_000);
const periodMs = await time(() => reports.report({ since: lastQuarter }));
const report = await reports.report({});
const formatMs: Record<string, { wall: number; cpu: number }> = {};
for (const f of REPORT_FORMATS) formatMs[f] = await time(async () => renderReport(report, f, 'en'));
const rss = process.memoryUsage().rss / 1024 / 1024;
store.close();
rmSync(dir, { recursive: true, force: true });

type Row = [string, { wall: number; cpu: number }, string];
const rows: Row[] = [
  ...Object.entries(queryMs).map(([name, t]): Row => [`query \`${name}\` alone (GROUP BY in SQLite)`, t, '']),
  ['sum of the queries', baselineMs, '1.00'],
  ['report (all time): queries + counts, medians, ISO weeks', reportMs, (reportMs.cpu / baselineMs.cpu).toFixed(2)],
  ['report, last 13 weeks only (--since)', periodMs, (periodMs.cpu / baselineMs.cpu).toFixed(2)],
  ...REPORT_FORMATS.map((f): Row => [`render ${f} from the computed report`, formatMs[f]!, '']),
];
const load = os.loadavg()[0]!.toFixed(1);
const section = `<!-- report-bench -->
## Governance report (\`npm run bench:report\`)

Measured on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${os.platform()}.
SQLite file seeded directly with ${seeded.shown.toLocaleString('en-US')} shown cards over 26 weeks and ${seeded.feedback.toLocaleString('en-US')} feedback items
(${reuse ? 'seeded by an earlier run, reused with --keep' : `${(seedMs / 1000).toFixed(1)} s to seed`}). Median of ${runs} runs. Every count is a GROUP BY in the database
(src/report/queries.ts): each query is timed alone, then the whole report; the ratio (of CPU times) is the report over the sum of its queries. Target: under 10 s.
The machine was shared (1-minute load average ${loadBefore} before seeding, ${loadMid} before the report runs, ${load} at the end, on ${os.cpus().length} cores): wall times include waiting for a core.

| run | wall ms | CPU ms | ratio to baseline (CPU) |
|---|---:|---:|---:|
${rows.map(([name, t, ratio]) => `| ${name} | ${Math.round(t.wall)} | ${Math.round(t.cpu)} | ${ratio} |`).join('\n')}

The full report took ${(reportMs.wall / 1000).toFixed(1)} s wall and ${(reportMs.cpu / 1000).toFixed(1)} s CPU: ${reportMs.wall < 10_000 ? 'within' : 'over'} the 10 s target in wall time, ${reportMs.cpu < 10_000 ? 'within' : 'over'} it in CPU time.
Weeks in the report: ${report.weeks.length}; decision codes: ${report.rows.length}. Peak RSS of the process: ${Math.round(rss)} MB.
<!-- /report-bench -->
`;
const results = path.join(PACKAGE_ROOT, 'bench', 'results.md');
const old = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
const marked = /<!-- report-bench -->[\s\S]*<!-- \/report-bench -->\n?/;
writeFileSync(results, marked.test(old) ? old.replace(marked, section) : `${old.trimEnd()}\n\n${section}`);
console.log(section);
console.log('written: bench/results.md');
