/**
 * Every Fluent key the bot uses exists in Persian and in English, with the same variables; the
 * callback_data the keyboards build is ASCII and at most 64 bytes; menu labels of both languages are
 * recognised.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../core/entities/enums.ts';
import { hasMessage, missingKeys, t } from '../../core/i18n/index.ts';
import { REQUEST_TYPES } from '../../bot/conversations/colleague.ts';
import { checked, pagedKeyboard } from '../../bot/keyboards/paginate.ts';
import { isEscape, MENU_ACTIONS, menuAction } from '../../bot/keyboards/menu.ts';

const BOT = resolve(import.meta.dirname, '../../bot');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** literal keys in t('…'), say(ctx, '…'), and the known template families */
function usedKeys(): string[] {
  const keys = new Set<string>();
  for (const f of files(BOT)) {
    const src = readFileSync(f, 'utf8');
    // t('key') — not t('fa', …) (a locale first, as in bot/staff)
    for (const m of src.matchAll(/\bt\(\s*'([a-z0-9-]+)'(?!\s*,\s*[`'])/g)) keys.add(m[1]!);
    for (const m of src.matchAll(/\bsay\(\s*[\w.]+,\s*'([a-z0-9-]+)'/g)) keys.add(m[1]!);
    for (const m of src.matchAll(/'((?:need-text|intake|register|followup|content-rule|conv|colleague|ticket|rate)-[a-z0-9-]+)'/g)) keys.add(m[1]!);
  }
  for (const p of PRIORITIES) keys.add(`priority-${p}`);
  for (const s of ['open', 'answered', 'closed', 'finished']) keys.add(`status-${s}`);
  for (const r of REQUEST_TYPES) keys.add(`request-type-${r}`);
  for (const a of MENU_ACTIONS) keys.add(`menu-${a}`);
  for (const c of ['intake', 'register', 'colleague', 'rate', 'notresolved']) {
    keys.add(`conv-left-${c}`);
    keys.add(`conv-cancelled-${c}`);
  }
  for (const k of ['title', 'description', 'followup']) keys.add(`content-rule-${k}`);
  keys.add('conv-expired-intake');
  keys.add('conv-expired-other');
  return [...keys].filter((k) => !k.endsWith('-'));
}

describe('bot texts', () => {
  it('every key the bot uses exists in fa and en', () => {
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(100);
    const missing = keys.filter((k) => !hasMessage('fa', k) || !hasMessage('en', k));
    expect(missing).toEqual([]);
    expect(missingKeys()).toEqual({ onlyFa: [], onlyEn: [] });
  });

  it('uses the same variables in both languages', () => {
    const vars = (locale: 'fa' | 'en', key: string) => {
      const dir = resolve(import.meta.dirname, `../../core/i18n/locales/${locale}`);
      for (const f of readdirSync(dir).filter((x) => x.startsWith('bot-'))) {
        const src = readFileSync(join(dir, f), 'utf8');
        const m = new RegExp(`^${key} =([\\s\\S]*?)(?=^[a-z][a-z0-9-]* =|$(?![\\s\\S]))`, 'm').exec(src);
        if (m)
          return [...m[1]!.matchAll(/\{ \$([a-z]+) \}/g)]
            .map((x) => x[1])
            .sort()
            .join(',');
      }
      return null;
    };
    const diff = usedKeys().filter((k) => vars('fa', k) !== null && vars('fa', k) !== vars('en', k));
    expect(diff).toEqual([]);
  });
});

describe('keyboards', () => {
  it('refuses callback_data that is not ASCII or longer than 64 bytes', () => {
    expect(() => checked('tk:v:12')).not.toThrow();
    expect(() => checked('زعفران')).toThrow();
    expect(() => checked('x'.repeat(65))).toThrow();
  });

  it('paginates a long list with page buttons and extra rows', () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ label: `item ${i}`, data: `c:v:${i}` }));
    const kb = pagedKeyboard(items, 1, { pageData: (p) => `c:p:${p}`, extra: [[{ label: 'Back', data: 'c:b' }]] });
    const rows = kb.inline_keyboard;
    const data = rows.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
    expect(data.slice(0, 6)).toEqual(['c:v:6', 'c:v:7', 'c:v:8', 'c:v:9', 'c:v:10', 'c:v:11']);
    expect(data).toContain('c:p:0');
    expect(data).toContain('c:p:2');
    expect(data[data.length - 1]).toBe('c:b');
  });

  it('recognises menu labels of both languages and escape commands', () => {
    expect(menuAction(t('fa', 'menu-new'))).toBe('new');
    expect(menuAction(t('en', 'menu-tickets'))).toBe('tickets');
    expect(menuAction('hello')).toBeUndefined();
    expect(isEscape('/start')).toBe(true);
    expect(isEscape('/cancel@helpdesk_bot')).toBe(true);
    expect(isEscape('my saffron is sick')).toBe(false);
  });
});
