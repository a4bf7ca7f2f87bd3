/**
 * The main menu: a persistent reply keyboard (New ticket, My tickets, FAQ/Help, Profile, Language, and
 * Request to a colleague for staff-type members). A pressed button arrives as plain text, so labels of
 * both languages are recognised.
 */
import { Keyboard } from 'grammy';
import { LOCALES, type Locale } from '../../core/entities/enums.ts';
import { t } from '../../core/i18n/index.ts';

export const MENU_ACTIONS = ['new', 'tickets', 'help', 'profile', 'language', 'colleague'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export function mainMenu(locale: Locale, opts: { staff?: boolean } = {}): Keyboard {
  const label = (a: MenuAction) => t(locale, `menu-${a}`);
  const kb = new Keyboard().text(label('new')).text(label('tickets')).row().text(label('help')).text(label('profile')).row();
  kb.text(label('language'));
  if (opts.staff) kb.text(label('colleague'));
  return kb.resized().persistent();
}

/** the menu action a text stands for, in either language */
let labels: Map<string, MenuAction> | undefined;

export function menuAction(text: string | undefined): MenuAction | undefined {
  if (!text) return undefined;
  // the labels of both languages, formatted once (the bundles do not change while the process runs): every text
  // message asks this, and twelve Fluent formats a message were a measurable share of a follow-up
  if (!labels) {
    labels = new Map();
    for (const a of MENU_ACTIONS) for (const l of LOCALES) if (!labels.has(t(l, `menu-${a}`))) labels.set(t(l, `menu-${a}`), a);
  }
  return labels.get(text.trim());
}

/** commands that always leave whatever the user was doing */
export const ESCAPE_COMMANDS = ['start', 'cancel', 'menu', 'new', 'tickets', 'help', 'profile', 'language'] as const;

export function isEscape(text: string | undefined): boolean {
  if (!text) return false;
  if (menuAction(text)) return true;
  const m = /^\/([a-z_]+)(@\w+)?(\s|$)/.exec(text.trim());
  return !!m && (ESCAPE_COMMANDS as readonly string[]).includes(m[1]!);
}
