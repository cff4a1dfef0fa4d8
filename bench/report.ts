/**
 * `npm run bench:report [-- --shown 1000000]`: the governance report over 1,000,000 shown cards on SQLite
 * (35 % with feedback, over 26 weeks), seeded directly, against a baseline measured in the same run: reading
 * every row the report's queries read, with the same SQL text, and doing nothing with them. Writes its section
 * of bench/results.md (between the report-bench markers; the rest of the file is left as it is).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { FEEDBACK_SQL, SHOWN_SQL } from '../src/report/queries.js';
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
const bounds = ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'];
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

const baselineMs = await time(async () => {
  await store.readQuery(SHOWN_SQL, bounds);
  await store.readQuery(FEEDBACK_SQL, [...bounds, ...bounds]);
});
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
  ['baseline: the report\'s two queries, rows read and dropped', baselineMs, '1.00'],
  ['report (all time): queries + counts, medians, ISO weeks', reportMs, (reportMs.cpu / baselineMs.cpu).toFixed(2)],
  ['report, last 13 weeks only (--since)', periodMs, (periodMs.cpu / baselineMs.cpu).toFixed(2)],
  ...REPORT_FORMATS.map((f): Row => [`render ${f} from the computed report`, formatMs[f]!, '']),
];
const load = os.loadavg()[0]!.toFixed(1);
const section = `<!-- report-bench -->
## Governance report (\`npm run bench:report\`)

Measured on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${os.platform()}.
SQLite file seeded directly with ${seeded.shown.toLocaleString('en-US')} shown cards over 26 weeks and ${seeded.feedback.toLocaleString('en-US')} feedback items
(${reuse ? 'seeded by an earlier run, reused with --keep' : `${(seedMs / 1000).toFixed(1)} s to seed`}). Median of ${runs} runs; the baseline runs the report's own two SQL queries and
drops the rows, so the ratio (of CPU times) is what the report's TypeScript adds to reading its data. Target: under 10 s.
The machine was shared (1-minute load average ${load} on ${os.cpus().length} cores at the end): wall times include waiting for a core.

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
