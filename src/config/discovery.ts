/** Reads and checks the discovery document (cds-services.json) at start-up. */
import { readFileSync } from 'node:fs';
import { TEMPLATE_TOKEN } from '../contract/prefetch-template.js';
import { PREFETCH_TOKENS } from '../contract/schemas.js';
import type { DiscoveryDocument } from '../contract/types.js';
import { discoveryErrors } from '../contract/validate.js';
import { ConfigError } from './config-error.js';

/** Reads and validates the discovery document; any defect stops the service at start-up. */
export function loadDiscovery(file: string): DiscoveryDocument {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`discovery document ${file}: ${(e as Error).message}`]);
  }
  const errors = discoveryErrors(json);
  if (errors.length) throw new ConfigError(errors.map((i) => `discovery document ${file}: ${i.diagnostics}`));
  const doc = json as DiscoveryDocument;
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const s of doc.services) {
    const key = `${s.id}|${s.hook}`;
    if (ids.has(key)) problems.push(`service "${s.id}" is declared twice for hook ${s.hook}`);
    ids.add(key);
    for (const [k, template] of Object.entries(s.prefetch ?? {})) {
      for (const m of template.matchAll(TEMPLATE_TOKEN)) {
        if (!(PREFETCH_TOKENS as readonly string[]).includes(m[1]!)) {
          problems.push(`service "${s.id}" prefetch "${k}": {{${m[1]}}} is not a CDS Hooks 2.0 prefetch token`);
        }
      }
      if (template.replace(TEMPLATE_TOKEN, '').includes('{') || template.replace(TEMPLATE_TOKEN, '').includes('}')) {
        problems.push(`service "${s.id}" prefetch "${k}": unbalanced {{ }} in template`);
      }
    }
  }
  if (problems.length) throw new ConfigError(problems.map((p) => `discovery document ${file}: ${p}`));
  return doc;
}

