/**
 * Record text is data, not Markdown (issue 21 item 4): strings from the request reach a card only through
 * src/cards/escape.ts. Property test: records full of Markdown/HTML metacharacters, rendered by a real GFM renderer
 * (markdown-it with raw HTML and linkify on, the most permissive an EHR could be), yield no link, image or tag the
 * service did not write.
 */
import fc from 'fast-check';
import type { Bundle, FhirResource } from 'fhir/r4';
import { createCardEngine } from '../../src/service/card-engine.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { LOCALES } from '../../src/config/locale.js';
import { mdCode, mdText } from '../../src/cards/escape.js';
import { ENTECAVIR, NOW, PEG_IFN, alt, chb, condition, data, dnaIU, familyHistoryResource, ifnDraft, medStatement, patient, quantityObs, stringObs, tbil } from '../../devkit/builders.js';
import { ALLOWED_TAGS, gfm, rawHtml, renderedTags } from './shape-checks.js';

const NASTY = ['[x](http://e)', '![i](u)', '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '`', '``', '*', '_', '~~', '|', '\n', '\r\n', 'http://evil.example', 'www.evil.example', '<http://e>', '[1]: http://e', '&lt;b&gt;', '\\', '# h', '> q', '- l', '1. n', '<!-- c -->', '<a href="x">a</a>', 'javascript:alert(1)', '  ', 'é', '中文'];
const nasty = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** What a renderer made of it: no anchor, image, script or any tag outside the service's own Markdown. */
function breaches(markdown: string): string[] {
  const html = gfm.render(markdown);
  const out: string[] = [];
  if (/<a[\s>]/i.test(html)) out.push('link');
  if (/<img[\s>]/i.test(html)) out.push('image');
  const tags = renderedTags(markdown).filter((t) => !ALLOWED_TAGS.has(t));
  if (tags.length) out.push(`tags ${tags.join(',')}`);
  if (rawHtml(markdown).length) out.push('raw html');
  return out;
}

describe('escape.ts', () => {
  it('mdText renders as exactly its text, in a paragraph and in a table cell', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        expect(breaches(mdText(text))).toEqual([]);
        const table = `| a | b |\n|---|---|\n| ${mdText(text)} | x |`;
        expect(breaches(table)).toEqual([]);
        // One row, two cells: a '|' in the text never splits the cell.
        expect(gfm.render(table).match(/<td>/g)).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  });
  it('mdCode keeps any id inside one code span (backticks cannot break out)', () => {
    fc.assert(
      fc.property(nasty, (id) => {
        const html = gfm.render(`x ${mdCode(id)} y`);
        expect(html.match(/<code>/g)).toHaveLength(1);
        expect(html).toMatch(/^<p>x <code>[\s\S]*<\/code> y<\/p>\n$/);
        expect(breaches(`x ${mdCode(id)} y`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
  it('leading spaces never make an indented code block, nor trailing ones a hard break (found by the property above)', () => {
    for (const text of ['    !', '\t\tx', '    code', 'a  \nb', '  x  ']) {
      const md = `${mdText(text)}\n`;
      expect(breaches(md)).toEqual([]);
      expect(gfm.render(md)).not.toMatch(/<pre|<code|<br/);
    }
    expect(mdText('    code')).toBe('code');
  });
  it('a plain word stays readable', () => {
    expect(mdText('entecavir 0.5 mg')).toBe('entecavir 0\\.5 mg');
    expect(gfm.render(mdText('entecavir 0.5 mg'))).toBe('<p>entecavir 0.5 mg</p>\n');
  });
});

describe('cards from records full of metacharacters', () => {
  const engine = createCardEngine(DEFAULT_CLINICAL_CONFIG, 'en');

  it('carry no link, image or tag the service did not write, on every hook and locale', () => {
    fc.assert(
      fc.property(fc.record({ id: nasty, med: nasty, ifn: nasty, unit: nasty, raw: nasty, relation: nasty, condition: nasty, unreadable: fc.boolean() }), (r) => {
        const draft = ifnDraft({ coding: PEG_IFN.coding, text: r.ifn }, { id: 'ifn-draft' });
        const resources: FhirResource[] = [
          patient(),
          chb(),
          alt(168, 3, { id: `a${r.id}` }),
          tbil(12, 3),
          dnaIU(5000, 20, { unit: r.unit }),
          medStatement({ coding: ENTECAVIR.coding, text: r.med }, { startDays: 400 }),
          familyHistoryResource('fh1', 'p1', '109841003', r.relation, r.condition),
          { ...condition('999999999'), code: { coding: [{ system: 'http://snomed.info/sct', code: '999999999' }], text: r.condition } },
          ...(r.unreadable ? [stringObs('1742-6', r.raw, 1)] : []),
          quantityObs('1742-6', 100, 2, { unit: r.unit }),
        ];
        const draftOrders: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] };
        for (const locale of LOCALES) {
          for (const [hook, context] of [
            ['patient-view', { userId: 'Practitioner/u1', patientId: 'p1' }],
            ['order-select', { userId: 'Practitioner/u1', patientId: 'p1', selections: ['MedicationRequest/ifn-draft'], draftOrders }],
          ] as const) {
            for (const card of engine.evaluate(hook, context, data(resources), NOW, locale).cards) {
              expect(breaches(card.detail ?? '')).toEqual([]);
              expect(card.summary).not.toMatch(/[\n\r]/);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
