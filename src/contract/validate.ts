/** ajv validation of what callers send, turned into OperationOutcome issues that say what is wrong and where. */
import type { ValidateFunction } from 'ajv';
import { ajv, issuesFrom } from './ajv.js';
import type { Feedback, HookName, HookRequest, ServiceDefinition } from './types.js';
import { MAX_ISSUES, badRequest, type IssueDetail } from './outcomes.js';
import { CDS_RESPONSE_SCHEMA, DISCOVERY_SCHEMA, FEEDBACK_SCHEMA, HOOK_REQUEST_SCHEMA, CONTEXT_SCHEMAS } from './schemas.js';

const contexts = Object.fromEntries(Object.entries(CONTEXT_SCHEMAS).map(([hook, schema]) => [hook, ajv.compile(schema)])) as Record<HookName, ValidateFunction>;

const compiled = {
  request: ajv.compile(HOOK_REQUEST_SCHEMA),
  feedback: ajv.compile(FEEDBACK_SCHEMA),
  discovery: ajv.compile(DISCOVERY_SCHEMA),
  response: ajv.compile(CDS_RESPONSE_SCHEMA),
};

function check<T>(fn: ValidateFunction, value: unknown, prefix = ''): T {
  if (!fn(value)) throw badRequest(issuesFrom(fn.errors, prefix, MAX_ISSUES));
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
  check(contexts[service.hook], request.context, 'context');
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

/** For tests and self-checks: does a response body conform to the CDS Hooks 2.0 response schema? */
export function responseErrors(body: unknown): IssueDetail[] {
  return compiled.response(body) ? [] : issuesFrom(compiled.response.errors);
}

/** What is wrong with a discovery document, if anything (checked at start-up). */
export function discoveryErrors(doc: unknown): IssueDetail[] {
  return compiled.discovery(doc) ? [] : issuesFrom(compiled.discovery.errors);
}
