/** The one ajv instance of the service, and the one formatter that turns its errors into readable issues. */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { IssueDetail } from './outcomes.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }));

function path(prefix: string, instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/**
 * One readable issue per ajv error, deduplicated (anyOf/if-then produce echoes), at most `max` of them: the
 * caller's answer is bounded (outcomes.ts MAX_ISSUES), so the rest are counted, not formatted.
 */
export function issuesFrom(errors: ErrorObject[] | null | undefined, prefix = '', max = Infinity): IssueDetail[] {
  const seen = new Set<string>();
  const out: IssueDetail[] = [];
  let more = 0;
  for (const e of errors ?? []) {
    if (out.length >= max) {
      more++;
      continue;
    }
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
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        expression = expression ? `${expression}.${extra}` : extra;
        diagnostics = `${expression} is not a known setting`;
        break;
      }
      case 'pattern':
      case 'not':
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
  if (more) out.push({ diagnostics: '…and more problems not listed' });
  return out;
}

