/**
 * The sheet reader's own XML tokenizer must emit what saxes (non-namespace mode, as exceljs uses it) emits for
 * well-formed XML, and refuse what saxes refuses, however the bytes are cut into chunks: every document here is
 * fed whole, cut in two at every byte, and byte by byte, and compared with saxes fed the decoded text.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { createXmlTokenizer } from '../../../../activities/sheets/excel/xml-tokenizer';

type Event = [kind: 'open', name: string, attrs: Record<string, string>] | [kind: 'close' | 'text', value: string];

/** Adjacent text events merged: where a parser splits character data is not part of the contract. */
function push(events: Event[], e: Event): void {
  const last = events[events.length - 1];
  if (e[0] === 'text' && last?.[0] === 'text') last[1] += e[1];
  else events.push(e);
}

function viaSaxes(xml: Buffer): Event[] | 'error' {
  const events: Event[] = [];
  const p = new SaxesParser();
  let failed = false;
  p.on('error', () => (failed = true));
  p.on('opentag', (t) => push(events, ['open', t.name, { ...(t.attributes as Record<string, string>) }]));
  p.on('closetag', (t) => push(events, ['close', t.name]));
  p.on('text', (t) => push(events, ['text', t]));
  p.write(new TextDecoder().decode(xml));
  return failed ? 'error' : events;
}

const ATTRS = ['r', 's', 't', 'a', 'b', 'sb', 'eb', 'xml:space', 'xmlns:x', 'x:c', '名'];

function viaTokenizer(chunks: Buffer[]): Event[] | 'error' {
  const events: Event[] = [];
  const t = createXmlTokenizer({
    open(name, attr) {
      const attrs: Record<string, string> = {};
      for (const a of ATTRS) {
        const v = attr(a);
        if (v !== undefined) attrs[a] = v;
      }
      push(events, ['open', name, attrs]);
    },
    close: (name) => push(events, ['close', name]),
    text: (text) => push(events, ['text', text]),
  });
  try {
    for (const c of chunks) t.write(c);
  } catch (err) {
    expect((err as Error).message).toMatch(/^\d+:\d+: /);
    return 'error';
  }
  return events;
}

function splits(xml: Buffer): Buffer[][] {
  const out: Buffer[][] = [[xml], Array.from(xml, (_, i) => xml.subarray(i, i + 1))];
  for (let i = 1; i < xml.length; i++) out.push([xml.subarray(0, i), xml.subarray(i)]);
  return out;
}

const WELL_FORMED = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet><sheetData><row r="1"><c r="A1" s="2" t="str"><v>x</v></c></row></sheetData></worksheet>',
  '\uFEFF<a b="1"><c/></a>',
  '<a>&lt;b&gt; &amp;amp; &quot;&apos; &#20013;&#x6587; &#x1F600;</a>',
  '<a b="x&amp;y&#10;z" a=\'q"\'>t</a>',
  '<a b="line\r\nbreak\tand\rtab\n">one\r\ntwo\rthree\n</a>',
  '<a><![CDATA[<not a tag> & ]]>after<!-- note -- no? --><?pi data?>end</a>'.replace(' -- no? ', ' '),
  '<!DOCTYPE a [ <!ELEMENT a ANY> ]><a>x</a>',
  '<!DOCTYPE a><a>x</a>\n',
  '<a  r = "1"\n\ts=\'2\' ><b/><b />  </a>',
  '<表 名="值">中文 text 😀 ok</表>',
  '<a><c r="A1"><is><r><rPr><b/></rPr><t>粗</t></r><r><t xml:space="preserve"> 体</t></r><rPh sb="0" eb="1"><t>cu</t></rPh></is></c></a>',
  '<a>]] > ]</a>',
  '<x:a xmlns:x="u"><x:b x:c="1"/></x:a>',
];

const MALFORMED = [
  '<a><b></a>',
  '<a></a></b>',
  '<a></a><b/>',
  '<a>&nbsp;</a>',
  '<a>&#0;</a>',
  '<a b="1" b="2"/>',
  '<a b=1/>',
  '<a b="<"/>',
  '<a b="1"c="2"/>',
  '<a>x]]>y</a>',
  'text<a/>',
  '<a>\u0001</a>',
  '<a>\uFFFE</a>',
  '<a>x\uFFFF</a>',
  '<a b="\uFFFF"/>',
  '<a>\uFFFE\u0001</a>',
  '<a><!-- a -- b --></a>',
  '<a/ >',
  '<1a/>',
  '<a><!BOGUS x></a>',
];

describe('XML tokenizer: saxes events, bytes in any chunks', () => {
  it.each(WELL_FORMED)('well-formed: %s', (doc) => {
    const xml = Buffer.from(doc, 'utf8');
    const want = viaSaxes(xml);
    expect(want).not.toBe('error');
    for (const chunks of splits(xml)) expect(viaTokenizer(chunks), `${chunks.length} chunks`).toEqual(want);
  });

  it.each(MALFORMED)('refused like saxes: %s', (doc) => {
    const xml = Buffer.from(doc, 'utf8');
    expect(viaSaxes(xml)).toBe('error');
    for (const chunks of splits(xml)) expect(viaTokenizer(chunks), `${chunks.length} chunks`).toBe('error');
  });

  it('names the first disallowed byte, whichever kind comes first', () => {
    const at = (doc: string): string => {
      const t = createXmlTokenizer({ open: () => undefined, close: () => undefined, text: () => undefined });
      try {
        t.write(Buffer.from(doc, 'utf8'));
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(at('<a>ok\u0001 \uFFFF</a>')).toBe('1:6: disallowed character.');
    expect(at('<a>ok\uFFFF \u0001</a>')).toBe('1:6: disallowed character.');
    expect(at('<a>ok\uFFFE\uFFFF</a>')).toBe('1:6: disallowed character.');
    expect(at('<a>ok\uFFFD \uFFEF</a>')).toBe('accepted');
  });

  it('refuses a bare "&" at once (saxes reads on for its ";" and only fails when the part ends)', () => {
    for (const chunks of splits(Buffer.from('<a>a & b</a>'))) expect(viaTokenizer(chunks)).toBe('error');
  });

  it('decodes invalid UTF-8 as TextDecoder does (U+FFFD), in text and attribute values', () => {
    const xml = Buffer.concat([
      Buffer.from('<a b="'),
      Buffer.from([0xe4, 0xb8]),
      Buffer.from('">x'),
      Buffer.from([0xff]),
      Buffer.from('</a>'),
    ]);
    const want = viaSaxes(xml);
    for (const chunks of splits(xml)) expect(viaTokenizer(chunks)).toEqual(want);
  });
});
