/**
 * Translates every CQL library of knowledge/cql to ELM JSON in knowledge/elm/<Name>.json with the reference
 * translator (@cqframework/cql). Issue 22: the rules of clinical-rules.md as a computable guideline.
 *
 *   npm run knowledge:translate            writes the ELM
 *   npm run knowledge:translate -- --check fails (exit 1) when the committed ELM is not what the CQL gives
 *
 * The output is deterministic: no annotations, no locators (they would change with every edit of a comment),
 * pretty-printed with two spaces and a trailing newline. Any translation error fails with its message and line.
 */
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ucum from '@lhncbc/ucum-lhc';

// The Kotlin-multiplatform build of the translator calls require() from its ES modules.
(globalThis as { require?: unknown }).require ??= createRequire(import.meta.url);

/** The repository root (this file is scripts/knowledge/translate.ts, or dist/scripts/knowledge/translate.js). */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export interface TranslatedLibrary {
  name: string;
  /** Pretty-printed ELM JSON with a trailing newline: the exact bytes of knowledge/elm/<name>.json. */
  elmText: string;
}

export class CqlTranslationError extends Error {}

type Cql = typeof import('@cqframework/cql/cql-to-elm');
type CqlShared = typeof import('@cqframework/cql/cql');

let loaded: Promise<{ cql: Cql; shared: CqlShared }> | undefined;
function loadTranslator(): Promise<{ cql: Cql; shared: CqlShared }> {
  loaded ??= (async () => ({ cql: await import('@cqframework/cql/cql-to-elm'), shared: await import('@cqframework/cql/cql') }))();
  return loaded;
}

function fhirModelInfoXml(root: string): string {
  return readFileSync(join(root, 'node_modules/cql-exec-fhir/lib/modelInfos/fhir-modelinfo-4.0.1.xml'), 'utf8');
}

/** Translates the given CQL sources (name → text; includes resolve among them). */
export async function translateLibraries(sources: ReadonlyMap<string, string>, root = repositoryRoot()): Promise<TranslatedLibrary[]> {
  const { cql, shared } = await loadTranslator();
  const modelManager = new cql.ModelManager();
  modelManager.modelInfoLoader.registerModelInfoProvider(new shared.SystemModelInfoProvider());
  const fhirXml = fhirModelInfoXml(root);
  modelManager.modelInfoLoader.registerModelInfoProvider(
    cql.createModelInfoProvider((id, _system, version) => (id === 'FHIR' && (version === null || version === '4.0.1') ? cql.stringAsSource(fhirXml) : null)),
  );
  const utils = ucum.UcumLhcUtils.getInstance();
  const ucumService = cql.createUcumService(
    (value, from, to) => {
      const r = utils.convertUnitTo(from, Number(value), to);
      if (r.status !== 'succeeded' || r.toVal === null) throw new CqlTranslationError(`UCUM cannot convert ${from} to ${to}`);
      return String(r.toVal);
    },
    (unit) => {
      const v = utils.validateUnitString(unit, false);
      return v.status === 'valid' ? null : `invalid UCUM unit '${unit}': ${v.msg.join('; ')}`;
    },
    () => {
      throw new CqlTranslationError('UCUM multiplication is not needed at translation time');
    },
    () => {
      throw new CqlTranslationError('UCUM division is not needed at translation time');
    },
  );
  const options = new cql.CqlCompilerOptions();
  // No annotations or locators: the ELM stays the same when only a comment of the CQL changes. Result types
  // help a reader of the ELM and other engines.
  options.setOptions([cql.CqlCompilerOptions.Options.EnableResultTypes, cql.CqlCompilerOptions.Options.DisableListDemotion, cql.CqlCompilerOptions.Options.DisableListPromotion]);
  const libraryManager = new cql.LibraryManager(modelManager, options, null, ucumService);
  libraryManager.librarySourceLoader.registerProvider(
    cql.createLibrarySourceProvider((id) => {
      const text = sources.get(id);
      return text === undefined ? null : cql.stringAsSource(text);
    }),
  );
  const out: TranslatedLibrary[] = [];
  for (const [name, text] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    const translator = cql.CqlTranslator.fromText(text, libraryManager);
    const errors = translator.errors.asJsReadonlyArrayView();
    if (errors.length > 0) {
      const lines = errors.map((e) => {
        // The locator is a Kotlin TrackBack whose fields are mangled; its toString() names them.
        const at = /startLine=(\d+), startChar=(\d+)/.exec(String(e.locator ?? ''));
        return `${name}.cql${at ? `:${at[1]}:${at[2]}` : ''}: ${e.message}`;
      });
      throw new CqlTranslationError(`CQL translation of ${name} failed:\n${lines.join('\n')}`);
    }
    const elm = JSON.parse(translator.toJson()) as unknown;
    out.push({ name, elmText: `${JSON.stringify(elm, null, 2)}\n` });
  }
  return out;
}

/** Reads knowledge/cql/*.cql: library name (from the file name) → text. */
export function readCqlSources(root = repositoryRoot()): Map<string, string> {
  const dir = join(root, 'knowledge/cql');
  const sources = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cql')).sort()) sources.set(file.slice(0, -'.cql'.length), readFileSync(join(dir, file), 'utf8'));
  return sources;
}

export function elmPath(name: string, root = repositoryRoot()): string {
  return join(root, 'knowledge/elm', `${name}.json`);
}

/** The names whose committed ELM differs from a fresh translation (missing files included). */
export function staleLibraries(translated: readonly TranslatedLibrary[], root = repositoryRoot()): string[] {
  return translated.filter((t) => !existsSync(elmPath(t.name, root)) || readFileSync(elmPath(t.name, root), 'utf8') !== t.elmText).map((t) => t.name);
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const root = repositoryRoot();
  const started = performance.now();
  const translated = await translateLibraries(readCqlSources(root), root);
  const ms = Math.round(performance.now() - started);
  if (check) {
    const stale = staleLibraries(translated, root);
    if (stale.length > 0) {
      process.stderr.write(`knowledge/elm is stale for ${stale.join(', ')}: run npm run knowledge:translate and commit the ELM\n`);
      return 1;
    }
    process.stdout.write(`knowledge/elm is current (${translated.length} libraries, translated in ${ms} ms)\n`);
    return 0;
  }
  for (const t of translated) writeFileSync(elmPath(t.name, root), t.elmText);
  process.stdout.write(`translated ${translated.map((t) => t.name).join(', ')} in ${ms} ms\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
