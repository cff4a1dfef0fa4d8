/**
 * `npm run report -- [--since ISO] [--until ISO] [--format table|csv|json|html] [--rules-version V] [--config-hash H] [--lang en|zh-CN] [--out FILE]`
 *
 * The governance report over the configured store (CDS_DATA_DIR's SQLite file), printed or written to FILE.
 * Bad input or an unreadable store: one line on stderr, exit code 2.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../src/config/config-error.js';
import { isLocale, LOCALES } from '../src/config/locale.js';
import { loadSettings } from '../src/config/settings.js';
import { parsePeriod, parseVersionFilter } from '../src/report/period.js';
import { isReportFormat, REPORT_FORMATS } from '../src/report/render.js';
import { ReportService } from '../src/service/report-service.js';
import { openStore, storeOpenProblem } from '../src/store/open-store.js';
import type { FeedbackStore } from '../src/store/store.js';

const usage = `usage: npm run report -- [--since ISO] [--until ISO] [--format ${REPORT_FORMATS.join('|')}] [--rules-version V] [--config-hash H] [--lang ${LOCALES.join('|')}] [--out FILE]`;

function fail(message: string): never {
  process.stderr.write(`report: ${message.split('\n')[0]}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string', default: 'table' }, lang: { type: 'string' }, 'rules-version': { type: 'string' }, 'config-hash': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } }).values;
} catch (e) {
  fail(`${(e as Error).message} (${usage})`);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const format = args.format;
if (!isReportFormat(format)) fail(`unknown --format "${format}": use one of ${REPORT_FORMATS.join(', ')}`);
const lang = args.lang;
if (lang !== undefined && !isLocale(lang)) fail(`unknown --lang "${lang}": use one of ${LOCALES.join(', ')}`);

let period;
let settings;
try {
  period = { ...parsePeriod(args.since, args.until), ...parseVersionFilter(args['rules-version'], args['config-hash']) };
  settings = loadSettings();
} catch (e) {
  fail(e instanceof ConfigError ? e.problems.join('; ') : (e as Error).message);
}

let store: FeedbackStore | undefined;
let body: string;
try {
  try {
    store = await openStore(settings, { mustExist: true, readOnly: true });
  } catch (e) {
    fail(storeOpenProblem(settings, e));
  }
  body = (await new ReportService({ store, locale: settings.locale, now: () => new Date() }).rendered({ ...period, ...(lang ? { locale: lang } : {}) }, format)).body;
} catch (e) {
  fail(`cannot read the store: ${(e as Error).message}`);
} finally {
  // Closing a store that failed to open has nothing left to lose.
  await store?.close().catch(() => undefined);
}

if (args.out) {
  try {
    writeFileSync(args.out, body);
  } catch (e) {
    fail(`cannot write ${args.out}: ${(e as Error).message}`);
  }
  process.stderr.write(`report: written ${args.out}\n`);
} else {
  process.stdout.write(body);
}
