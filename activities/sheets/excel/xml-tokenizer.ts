/**
 * A push tokenizer for the XML of worksheet parts, several times faster than saxes on 200,000-row sheets: it works
 * on the inflated bytes (markup is found with Buffer.indexOf, only text and the attribute values asked for are
 * decoded to strings) and makes no object per tag. What it emits for well-formed XML is what saxes (non-namespace
 * mode, as exceljs uses it) emits through its opentag/closetag/text events: UTF-8 decoded as TextDecoder does, the
 * five predefined entities and character references decoded, line ends normalised (CR LF and CR become LF),
 * whitespace in attribute values turned into spaces; comments, processing instructions, CDATA sections and the
 * DOCTYPE are not text. XML that is not well-formed throws an error worded like saxes' ("line:column: message"),
 * which readers treat as a corrupt workbook: a disallowed character, a mismatched or unmatched closing tag, a bad or
 * undefined entity, a duplicate or unquoted attribute, "<" in an attribute value, "]]>" in text, text outside the
 * root element, a second root.
 */

export interface XmlHandler {
  /** An element opened; `attr` reads its attributes (valid only during the call). Self-closing tags close at once. */
  open(name: string, attr: (name: string) => string | undefined): void;
  close(name: string): void;
  /** Character data inside the root element, decoded. */
  text(text: string): void;
  /**
   * Optional fast path, asked at every start tag: a reader that recognises a whole element at `at` in `latin1`
   * (the buffer, one character per byte) handles it itself (decoding its text with `charData`) and returns the
   * position after it; -1 leaves the element to the tokenizer. A reader that took only the start tag says so with
   * `opened` before returning, so the end tag is matched against it.
   */
  element?(latin1: string, at: number): number;
}

export interface XmlTokenizer {
  write(chunk: Uint8Array): void;
  /**
   * Character data between two byte offsets of the current buffer, decoded and checked as text events are;
   * `latin1` is the same bytes as a Latin-1 string when the caller already has them.
   */
  charData(from: number, to: number, latin1?: string): string;
  /** The start tag the `element` fast path just took (its end tag is still to come). */
  opened(name: string): void;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const GT = 0x3e;
const SLASH = 0x2f;
const AMP = 0x26;
const EQ = 0x3d;
const CR = 0x0d;

const isSpace = (b: number): boolean => b === 32 || b === 10 || b === 9 || b === 13;
/** One-letter ASCII names (c, v, f, t, r, s) as constant strings. */
const ONE_CHAR: (string | undefined)[] = Array.from({ length: 128 }, (_, b) => String.fromCharCode(b));
const isXmlChar = (n: number): boolean =>
  n === 9 ||
  n === 10 ||
  n === 13 ||
  (n >= 32 && n <= 0xd7ff) ||
  (n >= 0xe000 && n <= 0xfffd) ||
  (n >= 0x10000 && n <= 0x10ffff);
/** Bytes XML 1.0 does not allow: controls other than tab/LF/CR, and U+FFFE/U+FFFF (EF BF BE/BF in UTF-8). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_BYTES = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/**
 * Offset of the first byte XML does not allow in `s` (Latin-1), or -1. The two noncharacters are found with indexOf:
 * one regexp with the three-byte alternative took twice as long over every byte of a 128 MB sheet part.
 */
function firstBadByte(s: string): number {
  const control = CONTROL_BYTES.exec(s);
  let at = control ? control.index : -1;
  for (const nonCharacter of ['\xEF\xBF\xBE', '\xEF\xBF\xBF']) {
    const i = s.indexOf(nonCharacter);
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  return at;
}
const NON_ASCII = /[^\t\n\r\x20-\x7F]/;
/** Character data that is not plain ASCII text as it stands: UTF-8, an entity, a CR, or "]]>". */
const NOT_PLAIN = /[^\t\n\x20-\x25\x27-\x7F]|\]\]>/;
const NEEDS_DECODING = /[&\r]/;
const NEEDS_DECODING_IN_ATTRIBUTE = /[&\t\n\r]/;

/** A name saxes would take: not empty, not starting with a digit, '-' or '.', no markup characters in it. */
function isName(s: string): boolean {
  const first = s.charCodeAt(0);
  if (Number.isNaN(first) || first === 45 || first === 46 || (first >= 48 && first <= 57)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // controls and space, ! " & ' / ; < = > ?
    if (c <= 32 || c === 33 || c === 34 || c === 38 || c === 39 || c === 47 || (c >= 59 && c <= 63)) return false;
  }
  return true;
}

/** Ends a name: whitespace, '/', '>', '=' (or the end of the text: NaN). */
const endsName = (c: number): boolean => c <= 32 || c === SLASH || c === GT || c === EQ || Number.isNaN(c);

export function createXmlTokenizer(handler: XmlHandler): XmlTokenizer {
  // The unparsed bytes and the same bytes as a Latin-1 string: one character per byte, so markup (all ASCII) is
  // found with the engine's fast one-byte string search and offsets are byte offsets; only text and the attribute
  // values asked for are decoded as UTF-8.
  let bytes: Buffer = Buffer.alloc(0);
  let buf = '';
  let pos = 0;
  let started = false;
  /** Line breaks in the bytes already dropped, for error positions. */
  let linesBefore = 0;
  const stack: string[] = [];
  let closedRoot = false;
  /** Per attribute of the tag being opened: where its name starts and ends, where its value starts and ends. */
  const attrFrom: number[] = [];
  const attrNameEnd: number[] = [];
  const attrValue: number[] = [];
  const attrTo: number[] = [];
  let attrCount = 0;

  const fail = (at: number, message: string): never => {
    let line = linesBefore + 1;
    for (let i = buf.indexOf('\n'); i !== -1 && i < at; i = buf.indexOf('\n', i + 1)) line++;
    throw new Error(`${line}:${at - buf.lastIndexOf('\n', at - 1)}: ${message}`);
  };

  /** UTF-8 text of bytes [from, to). */
  const utf8 = (from: number, to: number): string => {
    const latin1 = buf.slice(from, to);
    return NON_ASCII.test(latin1) ? bytes.toString('utf8', from, to) : latin1;
  };

  /** Entities decoded; `attribute` also turns literal tabs and line ends into spaces (CR LF into one). */
  function decode(raw: string, at: number, attribute: boolean): string {
    let out = '';
    let from = 0;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === AMP) {
        const end = raw.indexOf(';', i + 1);
        if (end === -1) fail(at, 'unterminated entity.');
        const name = raw.slice(i + 1, end);
        let value = ENTITIES[name];
        if (value === undefined) {
          if (name[0] !== '#') fail(at, isName(name) ? 'undefined entity.' : 'disallowed character in entity name.');
          const n = /^#x[0-9a-fA-F]+$/.test(name)
            ? parseInt(name.slice(2), 16)
            : /^#[0-9]+$/.test(name)
              ? parseInt(name.slice(1), 10)
              : NaN;
          if (!isXmlChar(n)) fail(at, 'malformed character entity.');
          value = String.fromCodePoint(n);
        }
        out += raw.slice(from, i) + value;
        i = end;
        from = end + 1;
      } else if (c === CR) {
        out += raw.slice(from, i) + (attribute ? ' ' : '\n');
        if (raw.charCodeAt(i + 1) === 10) i++;
        from = i + 1;
      } else if (attribute && (c === 10 || c === 9)) {
        out += `${raw.slice(from, i)} `;
        from = i + 1;
      }
    }
    return from === 0 ? raw : out + raw.slice(from);
  }

  /** `latin1` is bytes [from, to) of the buffer, as a regexp capture already has them. */
  function charData(from: number, to: number, latin1 = buf.slice(from, to)): string {
    if (!NOT_PLAIN.test(latin1)) return latin1;
    const raw = NON_ASCII.test(latin1) ? bytes.toString('utf8', from, to) : latin1;
    if (raw.includes(']]>')) fail(from, 'the string "]]>" is disallowed in char data.');
    return NEEDS_DECODING.test(raw) ? decode(raw, from, false) : raw;
  }

  function text(from: number, to: number): void {
    if (stack.length === 0 && utf8(from, to).trim() !== '') fail(from, 'text data outside of root node.');
    handler.text(charData(from, to));
  }

  /** Attribute k's name equals `name` (an ASCII name is compared in place, no string made). */
  const attrIs = (k: number, name: string): boolean => {
    const bytes = attrNameEnd[k]! - attrFrom[k]!;
    if (bytes === name.length) return buf.startsWith(name, attrFrom[k]);
    // A name with characters beyond ASCII has more UTF-8 bytes than UTF-16 units.
    return bytes > name.length && NON_ASCII.test(name) && utf8(attrFrom[k]!, attrNameEnd[k]!) === name;
  };
  const attr = (name: string): string | undefined => {
    for (let k = 0; k < attrCount; k++) {
      if (!attrIs(k, name)) continue;
      const raw = utf8(attrValue[k]!, attrTo[k]!);
      return NEEDS_DECODING_IN_ATTRIBUTE.test(raw) ? decode(raw, attrValue[k]!, true) : raw;
    }
    return undefined;
  };

  /** The element name at `from` (ending at `nameEnd`), one-letter names without a new string; null if cut off. */
  let nameEnd = 0;
  function nameAt(from: number): string | null {
    let i = from;
    while (!endsName(buf.charCodeAt(i))) i++;
    if (i >= buf.length) return null;
    nameEnd = i;
    if (i === from + 1) return ONE_CHAR[buf.charCodeAt(from)] ?? utf8(from, i);
    return utf8(from, i);
  }

  /** Parses the tag opening at `lt`; the position after it, or -1 when the tag is not complete yet. */
  function openTag(lt: number): number {
    if (handler.element && stack.length > 0) {
      const end = handler.element(buf, lt);
      if (end !== -1) return end;
    }
    const name = nameAt(lt + 1);
    if (name === null) return -1;
    if (!isName(name)) fail(lt, 'disallowed character in tag name.');
    let i = nameEnd;
    attrCount = 0;
    let selfClosing = false;
    for (;;) {
      const before = i;
      let c = buf.charCodeAt(i);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (c === GT) break;
      if (c === SLASH) {
        if (i + 1 >= buf.length) return -1;
        if (buf.charCodeAt(i + 1) !== GT) fail(i, 'forward-slash in opening tag not followed by >.');
        selfClosing = true;
        i++;
        break;
      }
      if (Number.isNaN(c)) return -1;
      if (i === before) fail(i, 'no whitespace between attributes.');
      const from = i;
      while (!endsName(buf.charCodeAt(i))) i++;
      if (i + 2 >= buf.length) return -1;
      const an = buf.slice(from, i);
      if (!isName(an)) fail(from, 'disallowed character in attribute name.');
      const anEnd = i;
      // Attributes as writers write them: name="value" (whitespace around '=' is rare, and handled).
      let eq = i;
      if (buf.charCodeAt(eq) !== EQ || (buf.charCodeAt(eq + 1) !== 0x22 && buf.charCodeAt(eq + 1) !== 0x27)) {
        while (isSpace(buf.charCodeAt(eq))) eq++;
        if (buf.charCodeAt(eq) !== EQ) return eq >= buf.length ? -1 : fail(eq, 'attribute without value.');
        i = eq + 1;
        while (isSpace(buf.charCodeAt(i))) i++;
        if (i >= buf.length) return -1;
        const q = buf.charCodeAt(i);
        if (q !== 0x22 && q !== 0x27) fail(i, 'unquoted attribute value.');
        // Re-based so that the value starts at eq + 2, as in the common case.
        eq = i - 1;
      }
      const close = buf.indexOf(buf[eq + 1]!, eq + 2);
      if (close === -1) return -1;
      const lessThan = buf.indexOf('<', eq + 2);
      if (lessThan !== -1 && lessThan < close) fail(lessThan, 'disallowed character.');
      for (let k = 0; k < attrCount; k++) if (attrIs(k, an)) fail(from, `duplicate attribute: ${utf8(from, anEnd)}.`);
      attrFrom[attrCount] = from;
      attrNameEnd[attrCount] = anEnd;
      attrValue[attrCount] = eq + 2;
      attrTo[attrCount++] = close;
      i = close + 1;
    }
    if (stack.length === 0 && closedRoot) fail(lt, 'documents may contain only one root.');
    handler.open(name, attr);
    attrCount = 0;
    if (selfClosing) {
      handler.close(name);
      if (stack.length === 0) closedRoot = true;
    } else stack.push(name);
    return i + 1;
  }

  function closeTag(lt: number): number {
    const open = stack[stack.length - 1];
    let end: number;
    // The expected name, then '>' (or whitespace): no string made for the name.
    if (open !== undefined && buf.startsWith(open, lt + 2) && buf.charCodeAt(lt + 2 + open.length) === GT) {
      end = lt + 2 + open.length;
    } else {
      end = buf.indexOf('>', lt + 2);
      if (end === -1) return -1;
      const name = utf8(lt + 2, end).trimEnd();
      if (open === undefined) fail(lt, `unmatched closing tag: ${name}.`);
      if (name !== open) fail(lt, 'unexpected close tag.');
    }
    stack.pop();
    handler.close(open as string);
    if (stack.length === 0) closedRoot = true;
    return end + 1;
  }

  /** Comment, CDATA section, processing instruction, DOCTYPE: skipped (not text). */
  function skipMarkup(lt: number): number {
    const until = (s: string, from: number): number => {
      const end = from === -1 ? -1 : buf.indexOf(s, from);
      return end === -1 ? -1 : end + s.length;
    };
    if (buf.charCodeAt(lt + 1) === 0x3f) return until('?>', lt + 2);
    if (buf.length < lt + 9) return -1;
    if (buf.startsWith('<!--', lt)) {
      const end = buf.indexOf('-->', lt + 4);
      if (end === -1) return -1;
      const body = buf.slice(lt + 4, end);
      if (body.includes('--') || body.endsWith('-')) fail(lt, 'double-hyphen in comment.');
      return end + 3;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      if (stack.length === 0) fail(lt, 'CDATA outside of root node.');
      return until(']]>', lt + 9);
    }
    if (buf.startsWith('<!DOCTYPE', lt) && stack.length === 0 && !closedRoot) {
      const gt = buf.indexOf('>', lt);
      const open = buf.indexOf('[', lt);
      if (open !== -1 && (gt === -1 || open < gt)) return until('>', until(']', open));
      return gt === -1 ? -1 : gt + 1;
    }
    return fail(lt, 'unexpected markup.');
  }

  return {
    charData,
    opened(name) {
      stack.push(name);
    },
    write(chunk) {
      for (let i = buf.indexOf('\n'); i !== -1 && i < pos; i = buf.indexOf('\n', i + 1)) linesBefore++;
      const tail = bytes.length - pos;
      bytes =
        tail > 0
          ? Buffer.concat([bytes.subarray(pos), chunk])
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      buf = bytes.toString('latin1');
      pos = 0;
      if (!started && bytes.length >= 3) {
        started = true;
        // A byte-order mark is not text (TextDecoder drops it too).
        if (buf.startsWith('\xEF\xBB\xBF')) pos = 3;
      }
      const from = Math.max(0, tail - 2);
      const bad = firstBadByte(from ? buf.slice(from) : buf);
      if (bad !== -1) fail(from + bad, 'disallowed character.');
      for (;;) {
        const lt = buf.indexOf('<', pos);
        if (lt === -1) break;
        if (lt > pos) text(pos, lt);
        pos = lt;
        const c = buf.charCodeAt(lt + 1);
        let next: number;
        if (c === SLASH) next = closeTag(lt);
        else if (c === 0x21 || c === 0x3f) next = skipMarkup(lt);
        else if (Number.isNaN(c)) next = -1;
        else next = openTag(lt);
        if (next === -1) break;
        pos = next;
      }
    },
  };
}
