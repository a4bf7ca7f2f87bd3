import { describe, expect, it } from 'vitest';
import { CAPTION_LIMIT, MESSAGE_LIMIT, escapeHtml, splitCaption, splitMessage, truncateVisible, visibleLength, visibleText } from '../../core/text/html.ts';

// ---- independent reference helpers (regex based, deliberately not sharing code with the module) ----

function refVisible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&(#\d+|#x[0-9a-f]+|lt|gt|amp|quot);/gi, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Throws unless every tag is closed in order; returns the number of tags seen. */
function assertBalanced(html: string): number {
  const stack: string[] = [];
  let count = 0;
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9-]*)[^>]*>/gi)) {
    count++;
    const name = m[2].toLowerCase();
    if (!m[1]) stack.push(name);
    else if (stack.pop() !== name) throw new Error(`unbalanced </${name}> in ${html.slice(0, 200)}`);
  }
  if (stack.length) throw new Error(`unclosed ${stack.join(',')} in ${html.slice(-200)}`);
  return count;
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Deterministic pseudo-random generator (LCG), so the long-text tests are reproducible. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const WORDS = [
  'سلام',
  'درخواست',
  'می\u200Cخواهم',
  'پشتیبانی',
  'زعفران',
  'انگور',
  'گل',
  'محمدی',
  'گیاهان',
  'دارویی',
  'کارشناس',
  'پاسخ',
  'تیکت',
  'شماره',
  '۱۰۴۲',
  'لطفاً',
  'بررسی',
  'نمی\u200Cتوانم',
  'ثبت\u200Cنام',
  'PDF',
  '😀',
  '👨‍👩‍👧',
  '&amp;',
  '&lt;کد&gt;',
  '&quot;نقل&quot;',
];

function persianHtml(targetVisible: number, seed: number): string {
  const r = rng(seed);
  const parts: string[] = [];
  let vis = 0;
  while (vis < targetVisible) {
    const sentence: string[] = [];
    const n = 5 + Math.floor(r() * 15);
    for (let i = 0; i < n; i++) {
      let w = WORDS[Math.floor(r() * WORDS.length)];
      const k = r();
      if (k < 0.06) w = `<b>${w}</b>`;
      else if (k < 0.1) w = `<i>${w} <u>${WORDS[0]}</u></i>`;
      else if (k < 0.12) w = `<a href="https://example.com/t?a=1&amp;b=${i}">${w}</a>`;
      else if (k < 0.13) w = `<span class="tg-spoiler">${w}</span>`;
      sentence.push(w);
    }
    let s = sentence.join(' ') + '.';
    const k = r();
    // long formatted blocks that will straddle chunk boundaries
    if (k < 0.05) s = `<b>${s} ${s} ${s} ${s} ${s} ${s}</b>`;
    else if (k < 0.08) s = `<blockquote>${s}\n${s}\n${s}</blockquote>`;
    else if (k < 0.1) s = `<pre><code class="language-ts">const a = 1;\n  if (a &lt; 2) {\n    run();\n  }</code></pre>`;
    parts.push(s);
    parts.push(r() < 0.3 ? '\n\n' : r() < 0.5 ? '\n' : ' ');
    vis = visibleLength(parts.join(''));
  }
  return parts.join('');
}

// ---- tests ----

describe('escapeHtml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    ['say "hi"', 'say &quot;hi&quot;'],
    ['&amp;', '&amp;amp;'],
    ['سلام', 'سلام'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
    expect(visibleText(escapeHtml(input))).toBe(input);
  });
});

describe('visibleLength / visibleText', () => {
  it.each<[string, number, string]>([
    ['', 0, ''],
    ['سلام', 4, 'سلام'],
    ['<b>سلام</b>', 4, 'سلام'],
    ['a &amp; b', 5, 'a & b'],
    ['&lt;&gt;&quot;', 3, '<>"'],
    ['😀', 2, '😀'],
    ['&#128512;', 2, '😀'],
    ['&#x1F600;', 2, '😀'],
    ['&#1587;', 1, 'س'],
    ['می\u200Cخواهم', 8, 'می\u200Cخواهم'], // ZWNJ counts
    ['<a href="https://x.ir/?a=1&amp;b=2">پیوند</a>', 5, 'پیوند'],
    ['<a href="x>y">z</a>', 1, 'z'],
    ['<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', 2, 'xy'],
    ['<pre><code class="language-python">x</code></pre>', 1, 'x'],
    ['<blockquote expandable>q</blockquote>', 1, 'q'],
    // stray characters count as themselves
    ['a & b', 5, 'a & b'],
    ['a < b', 5, 'a < b'],
    ['&nbsp;', 6, '&nbsp;'],
    ['&#xD800;', 8, '&#xD800;'],
  ])('%j → %d', (html, len, text) => {
    expect(visibleLength(html)).toBe(len);
    expect(visibleText(html)).toBe(text);
  });

  it('agrees with the reference on generated text', () => {
    const html = persianHtml(3000, 7);
    expect(visibleText(html)).toBe(refVisible(html));
    expect(visibleLength(html)).toBe(refVisible(html).length);
  });
});

describe('splitMessage', () => {
  it('returns a short text as one chunk, unchanged', () => {
    const html = '<b>سلام</b> دنیا &amp; <a href="https://t.me/x">پیوند</a>';
    expect(splitMessage(html)).toEqual([html]);
  });

  it('returns [] for empty or whitespace-only input', () => {
    expect(splitMessage('')).toEqual([]);
    expect(splitMessage('  \n\n ')).toEqual([]);
    expect(splitMessage('<b> </b>')).toEqual([]);
  });

  it('refuses a bad limit', () => {
    expect(() => splitMessage('x', 0)).toThrow(RangeError);
    expect(() => splitMessage('x', 2.5)).toThrow(RangeError);
  });

  it('prefers paragraph, then line, then word boundaries', () => {
    const a = 'الف'.repeat(5); // 15
    expect(splitMessage(`${a} ${a}\n${a}\n\n${a}`, 50)).toEqual([`${a} ${a}\n${a}`, a]);
    expect(splitMessage(`${a} ${a}\n${a} ${a}`, 40)).toEqual([`${a} ${a}`, `${a} ${a}`]);
    expect(splitMessage(`${a} ${a} ${a}`, 40)).toEqual([`${a} ${a}`, a]);
  });

  it('does not make a tiny chunk just to honour a paragraph break', () => {
    const text = `کوتاه\n\n${'کلمه '.repeat(30).trim()}`;
    const chunks = splitMessage(text, 100);
    expect(visibleLength(chunks[0])).toBeGreaterThanOrEqual(50);
  });

  it('cuts a word longer than the limit at a character boundary', () => {
    expect(splitMessage('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
  });

  it('closes open tags at the end of a chunk and reopens them, with attributes, in the next', () => {
    const html = '<b>یک دو <i>سه چهار</i> پنج</b> <a href="https://x.ir/?a=1&amp;b=2">شش هفت هشت</a>';
    const chunks = splitMessage(html, 8);
    for (const c of chunks) {
      assertBalanced(c);
      expect(visibleLength(c)).toBeLessThanOrEqual(8);
    }
    expect(chunks).toEqual([
      '<b>یک دو <i>سه</i></b>',
      '<b><i>چهار</i> پنج</b>',
      '<a href="https://x.ir/?a=1&amp;b=2">شش هفت</a>',
      '<a href="https://x.ir/?a=1&amp;b=2">هشت</a>',
    ]);
  });

  it('reopens tg-spoiler spans, blockquotes and pre/code with their attributes', () => {
    const html = `<blockquote expandable><span class="tg-spoiler">${'راز '.repeat(10)}</span></blockquote>`;
    for (const c of splitMessage(html, 12)) {
      expect(c.startsWith('<blockquote expandable><span class="tg-spoiler">')).toBe(true);
      expect(c.endsWith('</span></blockquote>')).toBe(true);
    }
    const code = `<pre><code class="language-ts">${'x = 1;\n'.repeat(10)}</code></pre>`;
    for (const c of splitMessage(code, 15)) {
      expect(c).toMatch(/^<pre><code class="language-ts">[\s\S]*<\/code><\/pre>$/);
      assertBalanced(c);
    }
  });

  it('keeps indentation inside pre and drops only the line break there', () => {
    const code = '<pre>a\n  b\n  c</pre>';
    expect(splitMessage(code, 5)).toEqual(['<pre>a\n  b</pre>', '<pre>  c</pre>']);
  });

  it('never splits an entity', () => {
    const html = 'a&amp;b&lt;c&gt;d&quot;e&#1587;f'.repeat(20);
    const chunks = splitMessage(html, 7);
    for (const c of chunks) {
      expect(c).not.toMatch(/&(?!(amp|lt|gt|quot|#\d+);)/);
      expect(visibleLength(c)).toBeLessThanOrEqual(7);
    }
    expect(chunks.map(visibleText).join('')).toBe(visibleText(html));
  });

  it('never splits surrogate pairs or emoji sequences', () => {
    const emoji = ['😀', '👨‍👩‍👧', '🇮🇷', '👍🏽', '&#128512;'];
    const html = Array.from({ length: 300 }, (_, i) => emoji[i % emoji.length]).join('');
    for (const limit of [2, 3, 7, 11, 50]) {
      const chunks = splitMessage(html, limit);
      for (const c of chunks) {
        expect(visibleLength(c)).toBeLessThanOrEqual(limit);
        expect(hasLoneSurrogate(c)).toBe(false);
        expect(hasLoneSurrogate(visibleText(c))).toBe(false);
      }
      expect(chunks.map(visibleText).join('')).toBe(visibleText(html));
      if (limit >= 8) {
        // the family emoji (8 units) is never separated into people
        for (const c of chunks.map(visibleText)) {
          const segs = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(c)].map((s) => s.segment);
          for (const s of segs) expect(['😀', '👨‍👩‍👧', '🇮🇷', '👍🏽']).toContain(s);
        }
      }
    }
  });

  it('keeps flag pairs together in a long run of regional indicators', () => {
    // 4094 is not a multiple of a flag's 4 code units: a code-point cut would split a flag
    const chunks = splitMessage('🇮🇷'.repeat(5000), 4094);
    expect(chunks.length).toBe(5);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBe(4092);
    for (const c of chunks) expect(c).toMatch(/^(?:🇮🇷)+$/u);
    expect(chunks.join('')).toBe('🇮🇷'.repeat(5000));
  });

  it('handles 200,000 characters without a break opportunity in linear time', () => {
    const started = performance.now();
    const chunks = splitMessage(`<b>${'ب'.repeat(200_000)}</b>`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(chunks).toHaveLength(49);
    for (const c of chunks) expect(visibleLength(c)).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });

  it('keeps a Persian letter with its diacritics', () => {
    const html = 'مُحَمَّد'.repeat(10);
    for (const c of splitMessage(html, 5)) expect(/^[\u064B-\u065F]/.test(visibleText(c))).toBe(false);
  });

  it('escapes stray characters and drops stray closing tags', () => {
    expect(splitMessage('a < b & c</i>')).toEqual(['a &lt; b &amp; c']);
  });

  it.each([1, 2, 3, 4, 5])('splits 10,000 visible characters of tagged Persian text (seed %d)', (seed) => {
    const html = persianHtml(10_000, seed);
    const original = visibleText(html);
    expect(original.length).toBeGreaterThanOrEqual(10_000);
    const chunks = splitMessage(html);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    let tags = 0;
    for (const [i, c] of chunks.entries()) {
      const len = visibleLength(c);
      expect(len).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(len).toBe(refVisible(c).length);
      // a break is taken only in the second half of the window, so only the last chunk may be short
      if (i < chunks.length - 1) expect(len).toBeGreaterThanOrEqual(MESSAGE_LIMIT / 2 - 1);
      tags += assertBalanced(c);
      expect(hasLoneSurrogate(refVisible(c))).toBe(false);
      expect(c).not.toMatch(/&(?!(amp|lt|gt|quot|#\d+);)/);
      expect(refVisible(c)).toBe(refVisible(c).trim());
    }
    expect(tags).toBeGreaterThan(0);
    // the visible text is preserved modulo the whitespace dropped at the breaks
    const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
    expect(collapse(chunks.map(visibleText).join(' '))).toBe(collapse(original));
    expect(chunks.map(visibleText).join('').replace(/\s/g, '')).toBe(original.replace(/\s/g, ''));
  });

  it.each([50, 97, 500])('keeps every invariant with small limits (%d)', (limit) => {
    const html = persianHtml(3000, limit);
    const chunks = splitMessage(html, limit);
    for (const c of chunks) {
      expect(visibleLength(c)).toBeLessThanOrEqual(limit);
      assertBalanced(c);
      expect(hasLoneSurrogate(visibleText(c))).toBe(false);
    }
    expect(chunks.map(visibleText).join('').replace(/\s/g, '')).toBe(visibleText(html).replace(/\s/g, ''));
  });
});

describe('splitCaption', () => {
  it('returns a short caption whole', () => {
    expect(splitCaption('<b>عکس</b> رسید')).toEqual({ caption: '<b>عکس</b> رسید', rest: [] });
    expect(splitCaption('')).toEqual({ caption: '', rest: [] });
  });

  it('splits a long caption into ≤1024 and ≤4096 parts', () => {
    const html = persianHtml(9000, 11);
    const { caption, rest } = splitCaption(html);
    expect(visibleLength(caption)).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(visibleLength(caption)).toBeGreaterThan(CAPTION_LIMIT / 2);
    assertBalanced(caption);
    expect(rest.length).toBeGreaterThanOrEqual(2);
    for (const c of rest) {
      expect(visibleLength(c)).toBeLessThanOrEqual(MESSAGE_LIMIT);
      assertBalanced(c);
    }
    expect([caption, ...rest].map(visibleText).join('').replace(/\s/g, '')).toBe(visibleText(html).replace(/\s/g, ''));
  });
});

describe('truncateVisible', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateVisible('<b>سلام</b>', 4)).toBe('<b>سلام</b>');
  });

  it.each<[string, number, string]>([
    ['<b>hello wonderful world</b>', 18, '<b>hello wonderful…</b>'],
    ['<b>hello wonderful world</b>', 12, '<b>hello wonde…</b>'],
    ['سلام <i>دوست عزیز من</i>', 12, 'سلام <i>دوست…</i>'],
    ['a &amp; b &amp; c', 4, 'a &amp;…'],
    ['😀😀😀', 4, '😀…'],
    ['abc', 1, '…'],
    ['abc', 0, ''],
  ])('%j to %d → %j', (html, n, expected) => {
    const out = truncateVisible(html, n);
    expect(out).toBe(expected);
    expect(visibleLength(out)).toBeLessThanOrEqual(n);
    assertBalanced(out);
  });

  it('accepts a custom ellipsis and keeps long texts under the limit', () => {
    const html = persianHtml(2000, 3);
    const out = truncateVisible(html, 200, ' [...]');
    expect(visibleLength(out)).toBeLessThanOrEqual(200);
    expect(visibleText(out).endsWith(' [...]')).toBe(true);
    assertBalanced(out);
  });
});
