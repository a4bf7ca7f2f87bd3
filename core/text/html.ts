/**
 * Telegram HTML (parse_mode "HTML"): escaping, visible length, truncation and splitting of long texts.
 *
 * Telegram limits a message to 4096 and a caption to 1024 characters AFTER parsing: tags do not count,
 * an entity (`&amp;`, `&#128512;`) counts as the text it stands for, and characters are UTF-16 code
 * units (an emoji outside the BMP counts 2). `visibleLength` counts exactly that.
 *
 * The splitter works on atoms: a tag, an entity, or one code point. It cuts only between atoms, and
 * for hard cuts only at grapheme boundaries (so neither surrogate pairs nor emoji sequences nor a
 * letter and its diacritics are separated). Tags open at a cut are closed at the end of the chunk and
 * reopened, with their attributes, at the start of the next one.
 *
 * Input is expected to be valid Telegram HTML. Robustness for bad input: a `<`, `>` or `&` that is not
 * part of a tag or a supported entity (Telegram supports &lt; &gt; &amp; &quot; and numeric entities)
 * is counted as one character and escaped in the output; a closing tag without an opening one is dropped.
 */

export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** Escapes text for Telegram HTML, both in element content and in double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface TextAtom {
  kind: 'text';
  raw: string;
  text: string;
}
interface OpenAtom {
  kind: 'open';
  raw: string;
  name: string;
}
interface CloseAtom {
  kind: 'close';
  raw: string;
  name: string;
}
interface VoidAtom {
  kind: 'void';
  raw: string;
}
type Atom = TextAtom | OpenAtom | CloseAtom | VoidAtom;

const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*)\s*(\/?)>/y;
const ENTITY_RE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));/y;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function validCodePoint(cp: number): boolean {
  return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

function tokenize(html: string): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      TAG_RE.lastIndex = i;
      const m = TAG_RE.exec(html);
      if (m) {
        const name = m[2].toLowerCase();
        if (m[1]) atoms.push({ kind: 'close', raw: m[0], name });
        else if (m[4]) atoms.push({ kind: 'void', raw: m[0] });
        else atoms.push({ kind: 'open', raw: m[0], name });
        i += m[0].length;
        continue;
      }
      atoms.push({ kind: 'text', raw: '&lt;', text: '<' });
      i += 1;
      continue;
    }
    if (c === '&') {
      ENTITY_RE.lastIndex = i;
      const m = ENTITY_RE.exec(html);
      if (m) {
        let text: string | null = null;
        if (m[3]) text = NAMED[m[3]];
        else {
          const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2], 16);
          if (validCodePoint(cp)) text = String.fromCodePoint(cp);
        }
        if (text !== null) {
          atoms.push({ kind: 'text', raw: m[0], text });
          i += m[0].length;
          continue;
        }
      }
      atoms.push({ kind: 'text', raw: '&amp;', text: '&' });
      i += 1;
      continue;
    }
    if (c === '>') {
      atoms.push({ kind: 'text', raw: '&gt;', text: '>' });
      i += 1;
      continue;
    }
    const cp = html.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    atoms.push({ kind: 'text', raw: ch, text: ch });
    i += ch.length;
  }
  return atoms;
}

/** Immutable stack of open elements (a linked list, so every atom position can keep its own). */
interface OpenStack {
  atom: OpenAtom;
  parent: OpenStack | null;
}

function stackToArray(stack: OpenStack | null): OpenAtom[] {
  const out: OpenAtom[] = [];
  for (let s = stack; s; s = s.parent) out.push(s.atom);
  return out.reverse();
}

/** Parsed form with positions: `vis[i]` = visible offset before atom i, `stack[i]` = open elements before atom i. */
class Parsed {
  readonly atoms: Atom[];
  readonly vis: number[];
  readonly stack: (OpenStack | null)[];
  /** closing tags that close nothing: dropped from the output */
  readonly stray: boolean[];
  readonly text: string;

  constructor(html: string) {
    this.atoms = tokenize(html);
    const n = this.atoms.length;
    this.vis = new Array<number>(n + 1);
    this.stack = new Array<OpenStack | null>(n + 1);
    this.stray = new Array<boolean>(n).fill(false);
    let offset = 0;
    let stack = null as OpenStack | null;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      this.vis[i] = offset;
      this.stack[i] = stack;
      const a = this.atoms[i];
      if (a.kind === 'text') {
        offset += a.text.length;
        parts.push(a.text);
      } else if (a.kind === 'open') {
        stack = { atom: a, parent: stack };
      } else if (a.kind === 'close') {
        let s: OpenStack | null = stack;
        while (s && s.atom.name !== a.name) s = s.parent;
        if (s) stack = s.parent;
        else this.stray[i] = true;
      }
    }
    this.vis[n] = offset;
    this.stack[n] = stack;
    this.text = parts.join('');
  }

  get length(): number {
    return this.vis[this.atoms.length];
  }

  /**
   * The last grapheme boundary ≤ v, segmenting only from `from` (itself a boundary) to a little past v:
   * Intl.Segmenter is slow on long strings, and grapheme breaks depend on nearby text only.
   */
  graphemeStart(v: number, from: number): number {
    if (v >= this.text.length) return this.text.length;
    const window = this.text.slice(from, Math.min(this.text.length, v + 64));
    const seg = graphemes.segment(window).containing(v - from);
    return seg ? from + seg.index : v;
  }

  /** Index of the first text atom at visible offset ≥ v (atoms.length if none). */
  textAtomAt(v: number, from = 0): number {
    let lo = from;
    let hi = this.atoms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vis[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    while (lo < this.atoms.length && this.atoms[lo].kind !== 'text') lo++;
    return lo;
  }

  inPre(atomIndex: number): boolean {
    for (let s = this.stack[atomIndex]; s; s = s.parent) if (s.atom.name === 'pre' || s.atom.name === 'code') return true;
    return false;
  }

  /** HTML of atoms [from, to) with the elements open at `from` reopened and those open at `to` closed. */
  render(from: number, to: number, suffix = ''): string {
    let out = stackToArray(this.stack[from])
      .map((a) => a.raw)
      .join('');
    for (let i = from; i < to; i++) if (!this.stray[i]) out += this.atoms[i].raw;
    out += suffix;
    for (const a of stackToArray(this.stack[to]).reverse()) out += `</${a.name}>`;
    return out;
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const isWs = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** Visible length of Telegram HTML in UTF-16 code units, as Telegram counts it against its limits. */
export function visibleLength(html: string): number {
  return new Parsed(html).length;
}

/** The text Telegram displays for this HTML: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return new Parsed(html).text;
}

interface Cut {
  /** visible end of the chunk (exclusive) */
  end: number;
  /** visible offset where the next chunk starts (after the dropped break whitespace) */
  next: number;
}

/**
 * Where to end a chunk that starts at visible offset `s` (a non-whitespace character) and may hold
 * `limit` visible units. Preference: paragraph break, line break, space — each only if it leaves the
 * chunk at least half full — then the furthest break of any kind, then a hard cut at a grapheme boundary.
 */
function chooseCut(p: Parsed, s: number, limit: number): Cut {
  const t = p.text;
  const max = s + limit; // the chunk is t[s, end) with end ≤ max
  const half = s + Math.floor(limit / 2);
  let para = -1;
  let line = -1;
  let word = -1;
  for (let i = Math.min(max, t.length - 1); i > s; i--) {
    const c = t[i];
    if (c === '\n') {
      if (line < 0) line = i;
      if (para < 0 && (t[i - 1] === '\n' || t[i + 1] === '\n')) para = t[i - 1] === '\n' ? i - 1 : i;
    } else if (word < 0 && isWs(c)) word = i;
    if (para >= 0 && line >= 0 && word >= 0) break;
    if (i < half && (para >= 0 || line >= 0 || word >= 0)) break;
  }
  const pick = [para, line, word].find((b) => b >= half) ?? Math.max(para, line, word);
  if (pick > s) {
    const atom = p.textAtomAt(pick);
    if (p.inPre(atom) && t.slice(s, pick).trim() !== '') {
      // keep code intact: drop only the line break(s); a space stays at the start of the next chunk
      if (t[pick] === '\n') {
        let next = pick;
        while (t[next] === '\n') next++;
        return { end: pick, next };
      }
      return { end: pick, next: pick };
    }
    let end = pick;
    while (end > s && isWs(t[end - 1])) end--;
    let next = pick;
    while (next < t.length && isWs(t[next])) next++;
    if (end > s) return { end, next };
  }
  // hard cut: the last grapheme boundary in (s, max]; a single grapheme longer than the limit is cut
  // between code points
  const b = p.graphemeStart(max, s);
  if (b > s) return { end: b, next: b };
  let end = max;
  if (end > s + 1 && /[\uDC00-\uDFFF]/.test(t[end] ?? '') && /[\uD800-\uDBFF]/.test(t[end - 1])) end--;
  return { end, next: end };
}

/**
 * Atom index for a chunk boundary at visible offset v: the first text atom at v, moved back over the
 * opening tags right before it. As a chunk start, those opening tags belong to the chunk; as a chunk end,
 * closing tags after the text stay in the chunk and opening tags move to the next one.
 */
function boundaryAtom(p: Parsed, v: number, floor: number): number {
  let i = p.textAtomAt(v, floor);
  while (i > floor && p.atoms[i - 1].kind === 'open') i--;
  return i;
}

/** Skips whitespace at a chunk start (outside pre/code). Returns the visible offset of the first kept character. */
function skipLeadingWs(p: Parsed, v: number): number {
  const t = p.text;
  while (v < t.length && isWs(t[v]) && !p.inPre(p.textAtomAt(v))) v++;
  return v;
}

function splitParsed(p: Parsed, limitFor: (chunk: number) => number): string[] {
  const chunks: string[] = [];
  let v = skipLeadingWs(p, 0);
  let floor = 0;
  while (v < p.length && p.text.slice(v).trim() !== '') {
    const limit = limitFor(chunks.length);
    const start = boundaryAtom(p, v, floor);
    if (p.length - v <= limit) {
      // last chunk: drop trailing whitespace outside pre/code
      let endV = p.length;
      while (endV > v && isWs(p.text[endV - 1]) && !p.inPre(p.textAtomAt(endV - 1))) endV--;
      chunks.push(p.render(start, endV === p.length ? p.atoms.length : boundaryAtom(p, endV, start)));
      break;
    }
    const cut = chooseCut(p, v, limit);
    const end = boundaryAtom(p, cut.end, start);
    chunks.push(p.render(start, end));
    floor = end;
    v = skipLeadingWs(p, cut.next);
  }
  return chunks;
}

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer: ${limit}`);
}

/**
 * Splits Telegram HTML into messages whose visible length is ≤ `limit` (default 4096), preferring
 * paragraph, then line, then word boundaries; the whitespace at a break is dropped (inside pre/code
 * only the line break). Whitespace-only input gives []. Each chunk is balanced HTML.
 */
export function splitMessage(html: string, limit: number = MESSAGE_LIMIT): string[] {
  assertLimit(limit);
  return splitParsed(new Parsed(html), () => limit);
}

/**
 * For media with a long caption: `caption` (≤ `captionLimit` visible, default 1024) and the remainder as
 * follow-up messages (each ≤ `messageLimit`, default 4096). Empty input → `{ caption: '', rest: [] }`.
 */
export function splitCaption(html: string, captionLimit: number = CAPTION_LIMIT, messageLimit: number = MESSAGE_LIMIT): { caption: string; rest: string[] } {
  assertLimit(captionLimit);
  assertLimit(messageLimit);
  const chunks = splitParsed(new Parsed(html), (k) => (k === 0 ? captionLimit : messageLimit));
  return { caption: chunks[0] ?? '', rest: chunks.slice(1) };
}

/**
 * Shortens Telegram HTML to at most `n` visible units, ending with `ellipsis` (default '…') inside the
 * open elements, which are then closed. Cuts at a space when that keeps at least 60 % of the text,
 * else at a grapheme boundary. Text that already fits is returned unchanged.
 */
export function truncateVisible(html: string, n: number, ellipsis = '…'): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer: ${n}`);
  const p = new Parsed(html);
  if (p.length <= n) return html;
  const budget = n - ellipsis.length;
  if (budget <= 0) return escapeHtml(ellipsis.slice(0, Math.max(0, n)));
  const t = p.text;
  let end = -1;
  for (let i = budget; i >= Math.ceil(budget * 0.6); i--) {
    if (isWs(t[i])) {
      end = i;
      break;
    }
  }
  if (end < 0) end = p.graphemeStart(budget, 0);
  while (end > 0 && isWs(t[end - 1])) end--;
  const to = boundaryAtom(p, end, 0);
  return p.render(0, to, escapeHtml(ellipsis));
}
