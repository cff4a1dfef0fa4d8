/**
 * The §7 card shape, read back from a card's `detail` (for tests and fixture checks; the renderer writes it):
 * `**Why**` and its bullet lines, then at most one decision-specific block (a bold title and its lines), then the
 * `### Details` heading and everything under it.
 */
export interface CardShape {
  /** The why's bullet lines (without "- "). */
  why: string[];
  /** Bold-titled blocks between the why and Details. */
  blocks: { title: string; lines: string[] }[];
  /** The text under `### Details`, or undefined when the card has no Details section. */
  details?: string;
}

export function cardShape(detail: string): CardShape {
  const lines = detail.split('\n');
  const at = lines.findIndex((l) => l.startsWith('### '));
  const head = at < 0 ? lines : lines.slice(0, at);
  const shape: CardShape = { why: [], blocks: [], ...(at < 0 ? {} : { details: lines.slice(at + 1).join('\n') }) };
  let current: string[] | undefined;
  for (const l of head) {
    const title = /^\*\*(.+)\*\*$/.exec(l);
    if (title) {
      if (shape.why.length === 0 && shape.blocks.length === 0 && current === undefined) current = shape.why;
      else shape.blocks.push({ title: title[1]!, lines: (current = []) });
    } else if (l.startsWith('- ') && current) current.push(l.slice(2));
  }
  return shape;
}
