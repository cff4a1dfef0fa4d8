/**
 * The card's detail Markdown as DOM, for the "facts" panel: rendered by markdown-it (CommonMark with GFM tables
 * and strikethrough, the Markdown a CDS Hooks EHR shows) and sanitised by DOMPurify, so the page shows what the
 * EHR shows — rules, subscripts, tables — and never a literal `---` or `<sub>`. Record text was escaped by the
 * card renderer before it entered the Markdown; DOMPurify removes anything active all the same, and every
 * `style` attribute (markdown-it's table alignment), which the page's CSP would refuse.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

export function renderMarkdown(markdown: string): DocumentFragment {
  return DOMPurify.sanitize(md.render(markdown), { USE_PROFILES: { html: true }, FORBID_ATTR: ['style'], RETURN_DOM_FRAGMENT: true });
}
