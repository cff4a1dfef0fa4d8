/**
 * The card's detail markdown as DOM, for the "facts" panel: the subset the card renderer writes (paragraphs,
 * `- ` lists, pipe tables, **bold**, `code`, _italic_). Text only ever goes in as text nodes, never as HTML.
 */
const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|_[^_]+_)/g;

function inline(parent: HTMLElement, text: string): void {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    const token = m[0];
    const tag = token.startsWith('**') ? 'strong' : token.startsWith('`') ? 'code' : 'em';
    const el = document.createElement(tag);
    const inner = token.slice(tag === 'strong' ? 2 : 1, tag === 'strong' ? -2 : -1);
    if (tag === 'code') el.textContent = inner;
    else inline(el, inner);
    parent.append(el);
    last = m.index + token.length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

const cells = (row: string): string[] =>
  row
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

export function renderMarkdown(markdown: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('|')) rows.push(lines[i++]!);
      const table = document.createElement('table');
      const [head, , ...body] = rows;
      const tr = table.createTHead().insertRow();
      for (const c of cells(head ?? '')) {
        const th = document.createElement('th');
        th.scope = 'col';
        inline(th, c);
        tr.append(th);
      }
      const tbody = table.createTBody();
      for (const r of body) {
        const row = tbody.insertRow();
        for (const c of cells(r)) inline(row.insertCell(), c);
      }
      out.append(table);
    } else if (line.startsWith('- ')) {
      const ul = document.createElement('ul');
      while (i < lines.length && lines[i]!.startsWith('- ')) {
        const li = document.createElement('li');
        inline(li, lines[i++]!.slice(2));
        ul.append(li);
      }
      out.append(ul);
    } else {
      const p = document.createElement('p');
      inline(p, line);
      i++;
      out.append(p);
    }
  }
  return out;
}
