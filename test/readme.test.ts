/** The README's CDS Hooks 2.0 conformance table names real tests: each file exists and holds each title it names. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import request from 'supertest';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { buildClinicalConfig } from '../src/config/clinical-config.js';
import { loadDiscovery } from '../src/config/discovery.js';
import { fillTemplate } from '../src/contract/prefetch-template.js';
import { depthByCode, ownQueries } from '../src/data/horizons.js';
import { createCardEngine } from '../src/service/card-engine.js';
import { NOW } from '../devkit/builders.js';
import { PV, fixtureRequest, testApp } from '../devkit/test-app.js';

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

/**
 * Every claim the README makes about files, scripts and settings holds on a fresh clone: each repository path it
 * writes in backticks (or links to) exists in the repository, each `npm run X` is a script of package.json, each
 * CDS_* variable is in the settings catalogue, and each cds_* metric is defined in src/.
 */
describe('README claims about files, scripts and settings', () => {
  /** Top-level folders of the repository (a path written under one of them is checked). */
  const TOP_DIRS = ['src', 'test', 'scripts', 'deploy', 'devkit', 'app', 'bench', 'fixtures', 'docs', '.ci', 'dist', 'data', 'node_modules'];
  /** Top-level files a README may name bare; the phantom ones of earlier READMEs included, so naming them fails. */
  const TOP_FILE = /^(Containerfile|Dockerfile|docker-compose\.ya?ml|compose\.ya?ml|LICENSE|NOTICE|CHANGELOG\.md|README\.md|package\.json|package-lock\.json|cds-services\.json|tsconfig[\w.]*\.json|jest\.config\.js|\.dockerignore|\.containerignore|\.gitignore)$/;
  /** Created by the build or at run time, absent from a fresh clone: named, never checked. */
  const RUNTIME = [/^dist(\/|$)/, /^data(\/|$)/, /^node_modules(\/|$)/, /^\.ci\/jest-results\.json$/];

  /** `a/{b,c}/d` → a/b/d, a/c/d. */
  const expand = (p: string): string[] => {
    const m = /\{([^{}]+)\}/.exec(p);
    return m ? m[1]!.split(',').flatMap((alt) => expand(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length))) : [p];
  };
  const exists = (p: string): boolean => {
    if (!p.includes('*')) return existsSync(path.join(PACKAGE_ROOT, p));
    // A glob in the last segment (`app/src/*.ts`): its folder exists and holds a match.
    const dir = path.dirname(p);
    const pattern = new RegExp(`^${path.basename(p).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return existsSync(path.join(PACKAGE_ROOT, dir)) && readdirSync(path.join(PACKAGE_ROOT, dir)).some((f) => pattern.test(f));
  };

  /** Repository paths the README names: backticked spans and relative link targets. */
  const named = (() => {
    const spans = [...readme.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim().replace(/^\.\//, ''));
    const links = [...readme.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    const isRepoPath = (s: string): boolean => TOP_FILE.test(s) || (s.includes('/') && TOP_DIRS.includes(s.split('/')[0]!) && !/[\s<>…$]/.test(s));
    const candidates = [...spans, ...links].filter(isRepoPath);
    return [...new Set(candidates.flatMap(expand))].sort();
  })();

  it('names repository paths (the check is not vacuous)', () => {
    if (process.env.README_PATHS) process.stdout.write(`${named.join('\n')}\n`);
    expect(named.length).toBeGreaterThan(40);
    expect(named).toEqual(expect.arrayContaining(['Containerfile', 'deploy/kubernetes/', 'cds-services.json', 'src/config/setting-catalogue.ts']));
  });

  it('every repository path it names exists (build and run-time outputs excepted)', () => {
    const missing = named.filter((p) => !RUNTIME.some((r) => r.test(p)) && !exists(p));
    expect(missing).toEqual([]);
  });

  it('every bare file name in a table row is in a folder that row names (the code map)', () => {
    const unresolved: string[] = [];
    for (const row of readme.split('\n').filter((l) => l.startsWith('|'))) {
      const spans = [...row.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
      const folders = spans.filter((s) => s.startsWith('src/') || s.startsWith('app/')).map((s) => (s.endsWith('/') ? s : path.dirname(s)));
      if (folders.length === 0) continue;
      for (const bare of spans.filter((s) => /^[\w.-]+\.(ts|mjs|js)$/.test(s))) {
        if (!folders.some((f) => existsSync(path.join(PACKAGE_ROOT, f, bare)))) unresolved.push(`${bare} (row: ${row.slice(0, 50)})`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('every in-page link names a heading (GitHub anchors)', () => {
    const body = readme.replace(/```[\s\S]*?```/g, '');
    const slugs = new Set(
      [...body.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      ),
    );
    const targets = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((t) => !slugs.has(t))).toEqual([]);
  });

  it('every fixture patient it names is one (fixtures/patients/)', () => {
    const named = [...new Set([...readme.matchAll(/(?:--patient |patientId=)([a-z0-9][a-z0-9.-]*)/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(2);
    expect(named.filter((p) => !existsSync(path.join(PACKAGE_ROOT, 'fixtures', 'patients', `${p}.json`)))).toEqual([]);
  });

  it('names no file outside the repository as if it were in it', () => {
    expect([...readme.matchAll(/`(\.\.\/[^`]+)`/g)].map((m) => m[1])).toEqual([]);
  });

  it('every npm script it names is in package.json', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const used = [...new Set([...readme.matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1]!))];
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it('every CDS_* variable it names is in the settings catalogue (a prefix with * matches one)', async () => {
    const { SETTINGS } = await import('../src/config/setting-catalogue.js');
    const names = SETTINGS.map((s) => s.name as string);
    // The misspelling the README shows start-up warning about is named on purpose.
    const deliberate = new Set(['CDS_CLINICAL_CONFG']);
    const used = [...new Set([...readme.matchAll(/\bCDS_[A-Z0-9_]+(\*)?/g)].map((m) => m[0]))];
    const unknown = used.filter((u) => !deliberate.has(u) && (u.endsWith('*') ? !names.some((n) => n.startsWith(u.slice(0, -1))) : !names.includes(u)));
    expect(unknown).toEqual([]);
  });

  it('every cds_* metric it names is defined in src/', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(path.join(dir, e.name), 'utf8')] : []));
    const code = sources(path.join(PACKAGE_ROOT, 'src')).join('\n');
    const metrics = [...new Set([...readme.matchAll(/`(cds_[a-z_]+)/g)].map((m) => m[1]!))];
    expect(metrics.length).toBeGreaterThan(8);
    expect(metrics.filter((m) => !code.includes(`'${m}'`))).toEqual([]);
  });
});

/**
 * The README's worked example of mapping a local code ("Mapping local codes") does what it says: the clinical config
 * block loads, a patient whose ALT carries only the local code gets the card the LOINC-coded record gets (and,
 * without the mapping, does not), and the discovery file edited as the README says queries the local code at ALT's
 * depth.
 */
describe("README worked example: mapping a local ALT code", () => {
  const section = readme.split(/^### /m).find((s) => s.startsWith('Mapping local codes')) ?? '';
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  const appended = /append `,([^`|]+)\|([^`]+)` to the `code=` list of the `alt`/.exec(section);

  it('the section has the config block and the discovery edit', () => {
    expect(block).toBeDefined();
    expect(appended).not.toBeNull();
  });

  const site = () => buildClinicalConfig(JSON.parse(block!), 'README example');
  const localCode = () => ({ system: appended![1]!, code: appended![2]! });

  /** The fixture request with every ALT result recoded to the local code alone. */
  const recoded = () => {
    const req = fixtureRequest('patients/d1-window-lab-uln.patient-view') as { prefetch: { alt: { entry: { resource: { code: unknown } }[] } } };
    expect(req.prefetch.alt.entry.length).toBeGreaterThan(0);
    for (const e of req.prefetch.alt.entry) e.resource.code = { coding: [localCode()], text: 'ALT' };
    return req;
  };
  const decision = async (engine: ReturnType<typeof createCardEngine> | undefined, body: unknown): Promise<string> => {
    const t = testApp({}, NOW, engine ? { engine } : {});
    const res = await request(t.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(res.status).toBe(200);
    const cards = (res.body as { cards: { source: { topic?: { code: string } } }[] }).cards;
    return cards[0]?.source.topic?.code ?? 'none';
  };

  it('a local-coded ALT record gets the LOINC-coded record\'s card with the mapping, and another without it', async () => {
    const loinc = await decision(undefined, fixtureRequest('patients/d1-window-lab-uln.patient-view'));
    expect(await decision(createCardEngine(site(), 'en'), recoded())).toBe(loinc);
    expect(await decision(undefined, recoded())).not.toBe(loinc);
  });

  it('the discovery file edited as the README says loads, and the service queries the local code with ALT', () => {
    const local = localCode();
    const doc = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'cds-services.json'), 'utf8')) as { services: { prefetch: Record<string, string> }[] };
    for (const s of doc.services) s.prefetch.alt = s.prefetch.alt!.replace(/(&code=[^&]+)/, `$1,${local.system}|${local.code}`);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-readme-')), 'site-services.json');
    writeFileSync(file, JSON.stringify(doc));
    const loaded = loadDiscovery(file);
    const queries = ownQueries(fillTemplate(loaded.services[0]!.prefetch!.alt!, { patientId: 'p1' }), depthByCode(site()), NOW.getTime());
    expect(queries).toHaveLength(1);
    expect(decodeURIComponent(queries[0]!.query)).toContain(`${local.system}|${local.code}`);
  });
});

/** The endpoints "What it serves" lists answer (the SMART app's HTML needs the build: its config route stands for it). */
describe("README 'What it serves': each GET endpoint exists", () => {
  const section = readme.split(/^## /m).find((s) => s.startsWith('What it serves')) ?? '';
  const table = section.split('\n').filter((l) => l.startsWith('| `'));
  const paths = [...new Set(table.flatMap((row) => [...row.split('|')[1]!.matchAll(/`(?:GET )?(\/[^`{]*)`/g)].map((m) => m[1]!)))].filter((p) => !p.endsWith('.html') && !/^\/cds-services\//.test(p));

  it('lists the probes, metrics, rules, discovery, the app and the report', () => {
    expect(paths).toEqual(expect.arrayContaining(['/cds-services', '/livez', '/readyz', '/healthz', '/metrics', '/rules', '/app/config.json', '/admin/report']));
  });

  it.each(paths)('GET %s answers 200 (/admin/report: 401, asking for its token)', async (p) => {
    const t = testApp({ CDS_ADMIN_TOKEN: 'a-test-admin-token-of-32-characters' });
    const res = await request(t.app).get(p);
    expect(res.status).toBe(p === '/admin/report' ? 401 : 200);
  });
});
