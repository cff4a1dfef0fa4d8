/**
 * `npm run readme:settings`: writes the README's two settings tables from their one source each, between their
 * markers: the environment variables from the settings catalogue (src/config/setting-catalogue.ts) and the
 * clinical config file from its schema and defaults (src/engine/config.ts). `--check` writes nothing and exits 1
 * when the README differs (test/readme-settings.test.ts checks the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownCell as cell, markdownCode as code, renderSettingsTable } from '../src/config/setting-catalogue.js';
import { CLINICAL_CONFIG_SCHEMA, DEFAULT_CLINICAL_CONFIG } from '../src/engine/config.js';
import { PACKAGE_ROOT } from '../src/config/settings.js';

export const README = path.join(PACKAGE_ROOT, 'README.md');

/** A generated block: its markers and how it is rendered. */
export interface GeneratedTable {
  name: string;
  render: () => string;
}

/** A default as an operator reads it: compact JSON, or for a long one its shape (what a site file would replace). */
function defaultCell(value: unknown): string {
  if (value === undefined) return '— (none)';
  const json = JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']');
  if (json.length <= 130) return code(json);
  if (Array.isArray(value)) return `${value.length} entries`;
  const keys = Object.keys(value as object);
  return `object of ${keys.length}: ${keys.slice(0, 6).map(code).join(', ')}${keys.length > 6 ? ', …' : ''}`;
}

/** The clinical config table: one row per setting of CLINICAL_CONFIG_SCHEMA, in schema order, with its default. */
export function renderClinicalConfigTable(): string {
  const rows = ['| Setting | Default | Meaning |', '| --- | --- | --- |'];
  const defaults = DEFAULT_CLINICAL_CONFIG as Record<string, unknown>;
  for (const [name, schema] of Object.entries(CLINICAL_CONFIG_SCHEMA.properties)) {
    const description = (schema as { description?: string }).description;
    if (!description) throw new Error(`clinical config setting ${name} has no description in its schema`);
    rows.push(`| \`${name}\` | ${cell(defaultCell(defaults[name]))} | ${cell(description)} |`);
  }
  return `${rows.join('\n')}\n`;
}

export const TABLES: readonly GeneratedTable[] = [
  { name: 'settings-table', render: renderSettingsTable },
  { name: 'clinical-config-table', render: renderClinicalConfigTable },
];

const markers = (name: string) => ({ start: `<!-- ${name}:start -->\n`, end: `<!-- ${name}:end -->` });

/** The text between a table's markers (undefined when the README lacks them). */
export function currentTable(readme: string, name: string): string | undefined {
  const { start, end } = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  return from < 0 || to < 0 ? undefined : readme.slice(from + start.length, to);
}

/** The README with every table rendered afresh between its markers; throws when a marker pair is missing. */
export function withTables(readme: string): string {
  let out = readme;
  for (const table of TABLES) {
    const current = currentTable(out, table.name);
    if (current === undefined) throw new Error(`README.md has no ${markers(table.name).start.trim()} … ${markers(table.name).end} markers`);
    const { start } = markers(table.name);
    const at = out.indexOf(start) + start.length;
    out = out.slice(0, at) + table.render() + out.slice(at + current.length);
  }
  return out;
}

function main(argv: string[]): void {
  const readme = readFileSync(README, 'utf8');
  const updated = withTables(readme);
  if (argv.includes('--check')) {
    if (updated !== readme) {
      process.stderr.write('README.md settings tables are stale: run npm run readme:settings\n');
      process.exitCode = 1;
    }
    return;
  }
  if (updated !== readme) writeFileSync(README, updated);
  process.stdout.write(`${updated === readme ? 'unchanged' : 'wrote'} ${path.relative(process.cwd(), README)} (${TABLES.map((t) => t.name).join(', ')})\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`readme:settings: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
