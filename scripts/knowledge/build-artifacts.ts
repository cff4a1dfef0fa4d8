/**
 * `npm run knowledge:artifacts`: writes knowledge/fhir/ (the Library and PlanDefinition resources of the rules)
 * from knowledge/cql/, knowledge/elm/, the service catalogue and the rules version (not the package version:
 * a release that changes no knowledge leaves them as they are).
 * `-- --check` writes nothing and fails (exit 1) when a committed file differs from what would be written, or a
 * file is missing or left over. `-- --cql <dir> --elm <dir>` reads the CQL and ELM from elsewhere.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import { buildDiscovery } from '../../src/service/catalogue.js';
import { LIBRARY_ID } from '../../src/service/knowledge-service.js';
import { buildArtifacts, type ArtifactInputs, type BuildReport } from './artifacts.js';

/** The CQL libraries, by the id of their Library resource: IFNTiming and what it includes. */
export const LIBRARIES = [
  { id: LIBRARY_ID, name: 'IFNTiming' },
  { id: 'fhirhelpers', name: 'FHIRHelpers' },
] as const;

export const ARTIFACTS_DIR = path.join(PACKAGE_ROOT, 'knowledge', 'fhir');

/** The generator's inputs as committed (or from other CQL/ELM folders). */
export function committedInputs(dirs: { cql?: string; elm?: string } = {}): ArtifactInputs {
  const cqlDir = dirs.cql ?? path.join(PACKAGE_ROOT, 'knowledge', 'cql');
  const elmDir = dirs.elm ?? path.join(PACKAGE_ROOT, 'knowledge', 'elm');
  return {
    libraries: LIBRARIES.map((l) => ({
      id: l.id,
      cql: readFileSync(path.join(cqlDir, `${l.name}.cql`), 'utf8'),
      elm: readFileSync(path.join(elmDir, `${l.name}.json`), 'utf8'),
    })),
    discovery: buildDiscovery(),
    rulesVersion: RULES_VERSION,
  };
}

/** What the generator could not fully derive, one line each (empty when all is derived). */
export function reportLines(report: BuildReport): string[] {
  return [
    ...(report.missingDefines.length ? [`the ELM lacks the decision defines ${report.missingDefines.join(', ')} (PlanDefinition conditions name them)`] : []),
    ...(report.untyped.length ? [`typed Any (the ELM gives no result type): ${report.untyped.join(', ')}`] : []),
    ...(report.unresolvedCodes.length ? [`retrieves whose codes give no codeFilter: ${report.unresolvedCodes.join(', ')}`] : []),
    ...(report.elmVersionMismatch ? [`library version differs from the rules version: ${report.elmVersionMismatch}`] : []),
  ];
}

const jsonFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

/** `--check`: the generated files that differ from (or are missing in) the folder, and the folder's files not generated. */
export function compareWithFolder(files: ReadonlyMap<string, string>, dir: string): { stale: string[]; extra: string[] } {
  const present = jsonFiles(dir);
  return {
    stale: [...files].filter(([f, text]) => !present.includes(f) || readFileSync(path.join(dir, f), 'utf8') !== text).map(([f]) => f),
    extra: present.filter((f) => !files.has(f)),
  };
}

function main(argv: string[]): number {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const check = argv.includes('--check');
  const cql = arg('--cql');
  const elm = arg('--elm');
  const { files, report } = buildArtifacts(committedInputs({ ...(cql ? { cql: path.resolve(cql) } : {}), ...(elm ? { elm: path.resolve(elm) } : {}) }));
  for (const line of reportLines(report)) process.stderr.write(`warning: ${line}\n`);
  const present = jsonFiles(ARTIFACTS_DIR);
  const rel = (f: string) => path.relative(process.cwd(), path.join(ARTIFACTS_DIR, f));
  if (check) {
    const { stale, extra } = compareWithFolder(files, ARTIFACTS_DIR);
    for (const f of stale) process.stderr.write(`stale: ${rel(f)}\n`);
    for (const f of extra) process.stderr.write(`not generated: ${rel(f)}\n`);
    if (stale.length || extra.length) {
      process.stderr.write('the FHIR artifacts are not current: run npm run knowledge:artifacts\n');
      return 1;
    }
    process.stdout.write(`${files.size} artifacts current\n`);
    return 0;
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const f of present) if (!files.has(f)) rmSync(path.join(ARTIFACTS_DIR, f));
  for (const [f, text] of files) {
    writeFileSync(path.join(ARTIFACTS_DIR, f), text);
    process.stdout.write(`wrote ${rel(f)} (${Buffer.byteLength(text)} bytes)\n`);
  }
  return 0;
}

// Run as a program, not when a test imports committedInputs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
