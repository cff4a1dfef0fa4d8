/** CDS Hooks 2.0 prefetch templates: the `{{context.x}}` token syntax, written once. */

/** A `{{ token }}` in a prefetch template; group 1 is the token. */
export const TEMPLATE_TOKEN = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Fills a template's `{{context.x}}` tokens from a hook context (only CDS Hooks 2.0 tokens reach here; see discovery). */
export function fillTemplate(template: string, context: object): string {
  const ctx = context as Record<string, unknown>;
  return template.replace(TEMPLATE_TOKEN, (_m, token: string) => {
    const value = token.startsWith('context.') ? ctx[token.slice('context.'.length)] : undefined;
    return typeof value === 'string' ? encodeURIComponent(value) : '';
  });
}
