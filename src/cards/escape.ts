/**
 * Record text is data, not Markdown (issue 21 item 4; COMMON.md "Standards"). Every string that comes from the
 * request (free text, displays, units, ids, raw values) passes through one of these two functions before it
 * enters card Markdown; the service's own words never do.
 */

/**
 * Every ASCII punctuation character CommonMark lets a backslash escape. Escaping all of them (not only the
 * ones that start a construct) also breaks autolinks ("http://e", "www.e.com"): a GFM renderer that linkifies
 * bare URLs sees no URL once ':' and '.' are escaped, and '|' cannot split a table cell.
 */
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Line breaks and other control characters would end a paragraph, a list item or a table row. */
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * Runs of spaces: four at the start of a line make an indented code block, two before a line end a hard break.
 * Record text needs neither, so a run is one space and the ends are trimmed.
 */
const SPACE_RUN = / {2,}/g;

/** Record text as inline Markdown that renders as exactly that text: no link, image, tag, emphasis or cell break. */
export function mdText(text: string): string {
  return text.replace(CONTROL, ' ').replace(SPACE_RUN, ' ').trim().replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * A resource id (or any record string) as a code span that cannot be broken out of: the fence is one backtick
 * longer than the longest run inside, padded with a space when the text starts or ends with a backtick (the
 * CommonMark rule). A '|' would still split a GFM table cell, so ids are never put in table cells.
 */
export function mdCode(text: string): string {
  // An empty code span is no code span at all: show one space inside the fence instead.
  const flat = text.replace(CONTROL, ' ') || ' ';
  // Most ids hold no backtick: then the longest run is 0 without collecting matches.
  const longest = flat.includes('`') ? Math.max(0, ...[...flat.matchAll(/`+/g)].map((r) => r[0].length)) : 0;
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') || flat.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Free text from the record, quoted, as data (never translated, never Markdown). */
export function mdQuoted(text: string, open = '“', close = '”'): string {
  return `${open}${mdText(text)}${close}`;
}
