/**
 * §7 shape checks shared by the card tests: a real GFM renderer (markdown-it, html and linkify on, as a
 * permissive EHR would render) and the rules every card must keep.
 */
import MarkdownIt from 'markdown-it';
import type { Card } from '../../src/contract/types.js';
import { cardShape } from '../../src/cards/shape.js';
import { SUMMARY_MAX, WHY_MAX } from '../../src/cards/render.js';

export const gfm = new MarkdownIt({ html: true, linkify: true });

/** Raw HTML the Markdown itself carries (html_inline / html_block tokens), whatever the renderer does with it. */
export function rawHtml(markdown: string): string[] {
  const out: string[] = [];
  const walk = (tokens: ReturnType<typeof gfm.parse>) => {
    for (const t of tokens) {
      if (t.type === 'html_inline' || t.type === 'html_block') out.push(t.content);
      if (t.children) walk(t.children);
    }
  };
  walk(gfm.parse(markdown, {}));
  return out;
}

/** The tags a card's detail renders to: the service writes no links, images or raw HTML. */
export const ALLOWED_TAGS = new Set(['p', 'strong', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'h3', 'br']);

export function renderedTags(markdown: string): string[] {
  return [...gfm.render(markdown).matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
}

/**
 * Latin words a zh-CN card may carry (§7): the abbreviations, units, scale names and codes; guideline bodies
 * (WHO, EASL, AASLD) and CT are abbreviations too (virus names are written in Chinese); TDF/TAF as §7's own term list writes them.
 */
const ZH_LATIN = new Set(
  (
    'ALT AST ULN HBV DNA HBeAg HBsAg HBe HBc IgM TBil INR TSH IFN NA APRI FIB PT ' +
    'U L IU mL mIU kPa s mol copies ' +
    'Scheuer METAVIR Knodell Ishak HAI G S F A ' +
    'WHO EASL AASLD TDF TAF CT'
  ).split(' '),
);

/** Latin words of a zh-CN text outside code spans, record quotes and the allowed list. */
export function foreignWords(text: string): string[] {
  const stripped = text
    .replace(/(`+)[\s\S]*?\1/g, ' ')
    .replace(/“[^”]*”/g, ' ')
    // The subtype of a named interferon (干扰素α-2a/α-2b, its INN suffix) is part of the Chinese drug name.
    .replace(/干扰素α-2[ab](?![A-Za-z0-9])/g, '干扰素')
    .replace(/\\./g, ' ');
  return [...stripped.matchAll(/[A-Za-z]+/g)].map((m) => m[0]).filter((w) => !ZH_LATIN.has(w) && !/^[DPGSFA]\d*$/.test(w));
}

/** Every §7 rule a card can be checked for alone; returns the breaches (empty when the card conforms). */
export function shapeBreaches(card: Card, zh: boolean): string[] {
  const out: string[] = [];
  const detail = card.detail ?? '';
  const shape = cardShape(detail);
  if ([...card.summary].length > SUMMARY_MAX) out.push(`summary ${[...card.summary].length} chars`);
  if (shape.why.length === 0) out.push('no why');
  if (shape.why.length > WHY_MAX) out.push(`why has ${shape.why.length} lines`);
  if (shape.blocks.length > 1) out.push(`${shape.blocks.length} blocks`);
  if (shape.details === undefined) out.push('no ### Details');
  const html = rawHtml(detail);
  if (html.length) out.push(`raw HTML: ${html.join(' ')}`);
  const tags = renderedTags(detail).filter((t) => !ALLOWED_TAGS.has(t));
  if (tags.length) out.push(`tags: ${tags.join(' ')}`);
  const all = JSON.stringify(card);
  if (/Infinity|NaN|\d[eE][+-]?\d/.test(`${card.summary}\n${detail}`)) out.push('non-finite or exponent number');
  if (card.suggestions?.length) {
    const stars = card.suggestions.filter((s) => s.isRecommended).length;
    if (stars !== 1) out.push(`isRecommended ${stars} times`);
  }
  if (/\bsafe\b/i.test(`${card.summary} ${detail}`)) out.push('promises safety');
  if (zh) {
    const words = foreignWords(`${card.summary}\n${detail}\n${(card.suggestions ?? []).map((s) => s.label).join('\n')}`);
    if (words.length) out.push(`Latin in zh-CN: ${[...new Set(words)].join(' ')}`);
    if (/。 /.test(all)) out.push('space after 。');
  }
  return out;
}
