/**
 * The rules as FHIR Clinical Reasoning artifacts (issue 22): the `Library` holding the CQL and its ELM and one
 * `PlanDefinition` per hook service, generated into knowledge/fhir/ by `npm run knowledge:artifacts` and served
 * read-only at /fhir/{type}/{id}. Loaded once at start-up and answered from memory, byte for byte as committed;
 * the build copies the folder to dist/knowledge/fhir (scripts/copy-migrations.mjs), the same place relative to
 * this module in the source tree and in an install.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/config-error.js';
import { RULES_VERSION } from '../engine/rules-version.js';

/** The canonical base of every artifact (`<base>/Library/ifn-timing`), said once; the code systems share its host. */
export const KNOWLEDGE_CANONICAL_BASE = 'https://ifn-timing-cds.org/fhir';
/** The id of the IFNTiming Library resource (its file: Library-ifn-timing.json). */
export const LIBRARY_ID = 'ifn-timing';
/** The resource types served under /fhir. */
export const KNOWLEDGE_TYPES = ['Library', 'PlanDefinition'] as const;
export type KnowledgeType = (typeof KNOWLEDGE_TYPES)[number];

/** knowledge/fhir beside the package root: src/service/ → ../../knowledge/fhir, dist/src/service/ → dist/knowledge/fhir. */
export const KNOWLEDGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'knowledge', 'fhir');

/** The canonical URL of an artifact. */
export const canonicalUrl = (type: KnowledgeType, id: string): string => `${KNOWLEDGE_CANONICAL_BASE}/${type}/${id}`;

export interface KnowledgeArtifact {
  type: KnowledgeType;
  id: string;
  version: string;
  title: string;
  /** The committed file's text, served as is. */
  body: string;
  /** A strong validator: the SHA-256 of the body. */
  etag: string;
}

interface ArtifactHead {
  resourceType?: unknown;
  id?: unknown;
  version?: unknown;
  title?: unknown;
  name?: unknown;
}

const FILE = /^(Library|PlanDefinition)-([A-Za-z0-9\-.]{1,64})\.json$/;

export class KnowledgeService {
  private readonly byKey: ReadonlyMap<string, KnowledgeArtifact>;

  private constructor(artifacts: KnowledgeArtifact[]) {
    this.byKey = new Map(artifacts.map((a) => [`${a.type}/${a.id}`, a]));
  }

  /**
   * Reads every `<Type>-<id>.json` of the folder. A missing folder, an unreadable file, an id or type that does
   * not match its file name, or an IFNTiming artifact whose version is not the rules version stops the service at
   * start-up: it is a build defect, and serving stale knowledge beside newer rules would mislead.
   */
  static load(dir: string = KNOWLEDGE_DIR): KnowledgeService {
    if (!existsSync(dir)) throw new ConfigError([`knowledge artifacts: folder ${dir} is missing (npm run build copies knowledge/fhir into dist/)`]);
    const problems: string[] = [];
    const artifacts: KnowledgeArtifact[] = [];
    for (const file of readdirSync(dir).sort()) {
      const m = FILE.exec(file);
      if (!m) continue;
      const [, type, id] = m as unknown as [string, KnowledgeType, string];
      let body: string;
      let head: ArtifactHead;
      try {
        body = readFileSync(path.join(dir, file), 'utf8');
        head = JSON.parse(body) as ArtifactHead;
      } catch (e) {
        problems.push(`knowledge artifact ${file}: ${(e as Error).message}`);
        continue;
      }
      if (head.resourceType !== type || head.id !== id) {
        problems.push(`knowledge artifact ${file}: resourceType/id ${String(head.resourceType)}/${String(head.id)} does not match the file name`);
        continue;
      }
      if (typeof head.version !== 'string') {
        problems.push(`knowledge artifact ${file}: no version`);
        continue;
      }
      const ours = type === 'PlanDefinition' || id === LIBRARY_ID;
      if (ours && head.version !== RULES_VERSION) {
        problems.push(`knowledge artifact ${file}: version ${head.version} is not the rules version ${RULES_VERSION} (run npm run knowledge:artifacts)`);
        continue;
      }
      const title = typeof head.title === 'string' ? head.title : typeof head.name === 'string' ? head.name : id;
      artifacts.push({ type, id, version: head.version, title, body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` });
    }
    if (!artifacts.some((a) => a.type === 'Library' && a.id === LIBRARY_ID)) problems.push(`knowledge artifacts: Library-${LIBRARY_ID}.json is missing from ${dir}`);
    if (problems.length) throw new ConfigError(problems);
    return new KnowledgeService(artifacts);
  }

  /** The artifact of that type and id, or undefined (an unknown type is simply not found). */
  read(type: string, id: string): KnowledgeArtifact | undefined {
    return this.byKey.get(`${type}/${id}`);
  }

  /** Every artifact served: the IFNTiming Library, the libraries it includes, then the PlanDefinitions, each by id. */
  list(): KnowledgeArtifact[] {
    const rank = (a: KnowledgeArtifact) => KNOWLEDGE_TYPES.indexOf(a.type) * 2 + (a.id === LIBRARY_ID ? 0 : 1);
    return [...this.byKey.values()].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  }
}

let shipped: KnowledgeService | undefined;
/** The artifacts that ship with the service, read once per process. */
export function shippedKnowledge(): KnowledgeService {
  return (shipped ??= KnowledgeService.load());
}
