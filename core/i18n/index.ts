/**
 * Fluent messages for both front ends and for the texts the core puts in the outbox.
 * Each feature keeps its own file: locales/<fa|en>/<feature>.ftl; all files of a language form one bundle.
 * fa is the default; a key missing in the user's language falls back to fa, then to the key itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { Locale } from '../entities/enums.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'locales');

function loadBundle(locale: Locale): FluentBundle {
  const bundle = new FluentBundle(locale === 'fa' ? 'fa-IR' : 'en-US', { useIsolating: false });
  for (const file of readdirSync(join(dir, locale))
    .filter((f) => f.endsWith('.ftl'))
    .sort()) {
    const errors = bundle.addResource(new FluentResource(readFileSync(join(dir, locale, file), 'utf8')));
    if (errors.length) throw new Error(`${locale}/${file}: ${errors.map((e) => e.message).join('; ')}`);
  }
  return bundle;
}

const bundles: Record<Locale, FluentBundle> = { fa: loadBundle('fa'), en: loadBundle('en') };

export type TArgs = Record<string, FluentVariable | null | undefined>;
export type Translate = (key: string, args?: TArgs) => string;

export function t(locale: Locale, key: string, args?: TArgs): string {
  for (const bundle of locale === 'fa' ? [bundles.fa] : [bundles[locale], bundles.fa]) {
    const msg = bundle.getMessage(key);
    if (msg?.value) {
      const clean: Record<string, FluentVariable> = {};
      for (const [k, v] of Object.entries(args ?? {})) if (v !== null && v !== undefined) clean[k] = v;
      return bundle.formatPattern(msg.value, clean);
    }
  }
  return key;
}

export const translator =
  (locale: Locale): Translate =>
  (key, args) =>
    t(locale, key, args);

export function hasMessage(locale: Locale, key: string): boolean {
  return bundles[locale].hasMessage(key);
}

/** keys present in one language and not in the other (tests keep the two in step) */
export function missingKeys(): { onlyFa: string[]; onlyEn: string[] } {
  const keys = (b: FluentBundle) => new Set([...(b as unknown as { _messages: Map<string, unknown> })._messages.keys()]);
  const fa = keys(bundles.fa);
  const en = keys(bundles.en);
  return { onlyFa: [...fa].filter((k) => !en.has(k)), onlyEn: [...en].filter((k) => !fa.has(k)) };
}
