/** The README's CDS Hooks 2.0 conformance table names real tests: each file exists and holds each title it names. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/config/settings.js';

const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
const section = readme.split(/^## /m).find((s) => s.startsWith('CDS Hooks 2.0 conformance')) ?? '';
const rows = section.split('\n').filter((l) => /^\| R\d/.test(l));
/** Every `file` “title” pair the table cites. */
const cited = rows.flatMap((row) => [...row.matchAll(/`(test\/[^`]+)` “([^”]+)”/g)].map((m) => ({ row: row.split('|')[1]!.trim(), file: m[1]!, title: m[2]! })));

describe('README conformance table', () => {
  it('maps requirement rows to tests', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    for (const row of rows) expect({ row: row.slice(0, 40), cites: /`test\/[^`]+` “/.test(row) }).toEqual({ row: row.slice(0, 40), cites: true });
  });

  it.each(cited)('$row: $file has “$title”', ({ file, title }) => {
    const full = path.join(PACKAGE_ROOT, file);
    expect(existsSync(full)).toBe(true);
    // A title is written in the file as a string literal: quoted as it is cited, with ' or " escaped as the source does.
    const source = readFileSync(full, 'utf8');
    const literals = [title, title.replace(/'/g, "\\'"), title.replace(/"/g, '\\"')];
    expect(literals.some((l) => source.includes(l))).toBe(true);
  });
});
