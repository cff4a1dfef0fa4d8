/** ajv validation of what callers send, turned into OperationOutcome issues that say what is wrong and where. */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { DiscoveryDocument, Feedback, HookRequest, ServiceDefinition } from '../api/cds-hooks.js';
import { badRequest, type IssueDetail } from '../api/outcomes.js';
import { ConfigError } from '../config/settings.js';
import {
  CDS_RESPONSE_SCHEMA,
  DISCOVERY_SCHEMA,
  FEEDBACK_SCHEMA,
  HOOK_REQUEST_SCHEMA,
  ORDER_SELECT_CONTEXT_SCHEMA,
  PATIENT_VIEW_CONTEXT_SCHEMA,
  PREFETCH_TOKENS,
} from './schemas.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }));

const compiled = {
  request: ajv.compile(HOOK_REQUEST_SCHEMA),
  'patient-view': ajv.compile(PATIENT_VIEW_CONTEXT_SCHEMA),
  'order-select': ajv.compile(ORDER_SELECT_CONTEXT_SCHEMA),
  feedback: ajv.compile(FEEDBACK_SCHEMA),
  discovery: ajv.compile(DISCOVERY_SCHEMA),
  response: ajv.compile(CDS_RESPONSE_SCHEMA),
};

function path(prefix: string, instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** One readable issue per ajv error, deduplicated (anyOf/if-then produce echoes). */
export function issuesFrom(errors: ErrorObject[] | null | undefined, prefix = ''): IssueDetail[] {
  const seen = new Set<string>();
  const out: IssueDetail[] = [];
  for (const e of errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'anyOf') continue;
    let expression = path(prefix, e.instancePath);
    let diagnostics: string;
    switch (e.keyword) {
      case 'required':
      case 'dependencies': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        expression = expression ? `${expression}.${missing}` : missing;
        diagnostics =
          e.keyword === 'dependencies'
            ? `${expression} is required when ${(e.params as { property: string }).property} is present`
            : `${expression} is required`;
        break;
      }
      case 'type':
        diagnostics = `${expression || 'body'} must be ${(e.params as { type: string }).type === 'object' ? 'a JSON object' : `of type ${(e.params as { type: string }).type}`}`;
        break;
      case 'pattern':
        diagnostics = `${expression} has an invalid format`;
        break;
      default:
        diagnostics = `${expression || 'body'} ${e.message ?? 'is invalid'}`;
    }
    const key = `${expression}|${diagnostics}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(expression ? { diagnostics, expression } : { diagnostics });
  }
  return out;
}

function check<T>(fn: ValidateFunction, value: unknown, prefix = ''): T {
  if (!fn(value)) throw badRequest(issuesFrom(fn.errors, prefix));
  return value as T;
}

/** Validates a hook call for `service`: the envelope strictly, the hook's context, selections ∈ draftOrders. */
export function validateHookRequest(body: unknown, services: ServiceDefinition[]): { request: HookRequest; service: ServiceDefinition } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object');
  const request = check<HookRequest>(compiled.request, body);
  const service = services.find((s) => s.hook === request.hook);
  if (!service) {
    const served = services.map((s) => s.hook).join(', ');
    throw badRequest([{ diagnostics: `hook "${request.hook}" is not served here (this service answers: ${served})`, expression: 'hook' }]);
  }
  check(compiled[service.hook], request.context, 'context');
  if (service.hook === 'order-select') {
    const ctx = request.context as { selections: string[]; draftOrders: { entry?: { resource?: { resourceType?: unknown; id?: unknown } }[] } };
    const inDraft = new Set(
      (ctx.draftOrders.entry ?? []).map((e) => (e && typeof e.resource === 'object' && e.resource ? `${String(e.resource.resourceType)}/${String(e.resource.id)}` : '')),
    );
    const issues = ctx.selections
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !inDraft.has(s))
      .map(({ s, i }) => ({ diagnostics: `context.selections[${i}] "${s}" is not in context.draftOrders`, expression: `context.selections[${i}]` }));
    if (issues.length) throw badRequest(issues);
  }
  return { request, service };
}

export function validateFeedback(body: unknown): Feedback[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object');
  return check<{ feedback: Feedback[] }>(compiled.feedback, body).feedback;
}

const TOKEN = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Reads and validates the discovery document; any defect stops the service at start-up. */
export function loadDiscovery(file: string): DiscoveryDocument {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`discovery document ${file}: ${(e as Error).message}`]);
  }
  if (!compiled.discovery(json)) {
    throw new ConfigError(issuesFrom(compiled.discovery.errors).map((i) => `discovery document ${file}: ${i.diagnostics}`));
  }
  const doc = json as DiscoveryDocument;
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const s of doc.services) {
    const key = `${s.id}|${s.hook}`;
    if (ids.has(key)) problems.push(`service "${s.id}" is declared twice for hook ${s.hook}`);
    ids.add(key);
    for (const [k, template] of Object.entries(s.prefetch ?? {})) {
      for (const m of template.matchAll(TOKEN)) {
        if (!(PREFETCH_TOKENS as readonly string[]).includes(m[1]!)) {
          problems.push(`service "${s.id}" prefetch "${k}": {{${m[1]}}} is not a CDS Hooks 2.0 prefetch token`);
        }
      }
      if (template.replace(TOKEN, '').includes('{') || template.replace(TOKEN, '').includes('}')) {
        problems.push(`service "${s.id}" prefetch "${k}": unbalanced {{ }} in template`);
      }
    }
  }
  if (problems.length) throw new ConfigError(problems.map((p) => `discovery document ${file}: ${p}`));
  return doc;
}

/** For tests and self-checks: does a response body conform to the CDS Hooks 2.0 response schema? */
export function responseErrors(body: unknown): IssueDetail[] {
  return compiled.response(body) ? [] : issuesFrom(compiled.response.errors);
}
