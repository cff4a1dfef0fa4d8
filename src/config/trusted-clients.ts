/**
 * The EHRs allowed to call this service (CDS Hooks 2.0 §Trusting CDS Clients): each issuer with its keys,
 * a JWKS URL fixed here (`jku`, fetched), the keys inline (`jwks`, for sites without outbound access), or both
 * (the keys inline, and the `jku` the client names in its tokens, which is then checked but never fetched), and
 * optionally the FHIR servers it may send us to. From CDS_TRUSTED_CLIENTS: JSON, or the path of a JSON file.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FromSchema } from 'json-schema-to-ts';
import { ajv, issuesFrom } from '../contract/ajv.js';
import { ConfigError } from './config-error.js';

const TRUSTED_CLIENTS_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['iss'],
    properties: {
      iss: { type: 'string', minLength: 1 },
      jku: { type: 'string', pattern: '^https?://' },
      jwks: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', minItems: 1, items: { type: 'object' } } } },
      fhirServers: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^https?://' } },
    },
    anyOf: [{ required: ['jku'] }, { required: ['jwks'] }],
  },
} as const;

/** One trusted EHR: its issuer, its keys (a JWKS URL `jku`, the keys inline `jwks`, or both), its FHIR servers. */
export type TrustedClient = FromSchema<(typeof TRUSTED_CLIENTS_SCHEMA)['items']>;

const validate = ajv.compile(TRUSTED_CLIENTS_SCHEMA);

export function parseTrustedClients(raw: string | undefined): TrustedClient[] {
  if (!raw || !raw.trim()) return [];
  let text = raw.trim();
  if (!text.startsWith('[') && !text.startsWith('{')) {
    if (!existsSync(text)) throw new ConfigError([`CDS_TRUSTED_CLIENTS: no file ${text} (give JSON or the path of a JSON file)`]);
    text = readFileSync(text, 'utf8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`CDS_TRUSTED_CLIENTS is not valid JSON (${(e as Error).message})`]);
  }
  if (!Array.isArray(json)) json = [json];
  if (!validate(json)) {
    const hint = (d: string) => (/\.(jku|jwks) is required$/.test(d) ? `${d} (give jku, jwks, or both)` : d);
    throw new ConfigError(issuesFrom(validate.errors, 'CDS_TRUSTED_CLIENTS').map((i) => hint(i.diagnostics)));
  }
  const clients = json as TrustedClient[];
  const seen = new Set<string>();
  for (const c of clients) {
    if (seen.has(c.iss)) throw new ConfigError([`CDS_TRUSTED_CLIENTS: issuer ${c.iss} is listed twice`]);
    seen.add(c.iss);
  }
  return clients;
}
