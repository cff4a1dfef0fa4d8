/**
 * The README's settings tables are the catalogue's and the clinical config schema's own rendering: a setting
 * added, removed or changed in the code without `npm run readme:settings` fails here, naming the table.
 */
import { readFileSync } from 'node:fs';
import { README, TABLES, currentTable, renderClinicalConfigTable, withTables } from '../scripts/readme-settings.js';
import { SETTINGS } from '../src/config/setting-catalogue.js';
import { CLINICAL_CONFIG_SCHEMA } from '../src/engine/config.js';

const readme = readFileSync(README, 'utf8');

describe('README settings tables', () => {
  it.each(TABLES.map((t) => t.name))('%s: the README holds exactly what the code renders (else: npm run readme:settings)', (name) => {
    const table = TABLES.find((t) => t.name === name)!;
    expect(currentTable(readme, name)).toBe(table.render());
  });

  it('the environment table has one row per catalogued variable, and no other', () => {
    const rows = [...(currentTable(readme, 'settings-table') ?? '').matchAll(/^\| `([A-Z_0-9]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(SETTINGS.map((s) => s.name).sort());
  });

  it('the clinical config table has one row per setting of the schema', () => {
    const rows = [...(currentTable(readme, 'clinical-config-table') ?? '').matchAll(/^\| `([A-Za-z0-9]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(Object.keys(CLINICAL_CONFIG_SCHEMA.properties));
  });

  it('rendering is idempotent, and a drifted table is detected', () => {
    expect(withTables(readme)).toBe(readme);
    const drifted = readme.replace(/^\| `CDS_BODY_LIMIT` \|.*$/m, '| `CDS_BODY_LIMIT` | Limits | size | `1mb` | | Largest request body. |');
    expect(drifted).not.toBe(readme);
    expect(withTables(drifted)).toBe(readme);
    expect(currentTable(drifted, 'settings-table')).not.toBe(TABLES[0]!.render());
  });

  it('the clinical table states a default for a scalar setting as the code has it', () => {
    expect(renderClinicalConfigTable()).toMatch(/^\| `altLookbackDays` \| `90` \|/m);
    expect(renderClinicalConfigTable()).toMatch(/^\| `resistanceTestCode` \| — \(none\) \|/m);
  });
});
