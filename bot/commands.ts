/** The command menus, in Persian (default) and English. */
import type { Api } from 'grammy';
import { t } from '../core/i18n/index.ts';

const PRIVATE = ['start', 'new', 'tickets', 'help', 'profile', 'language'] as const;

export async function publishCommands(api: Api): Promise<void> {
  for (const locale of ['fa', 'en'] as const) {
    const commands = PRIVATE.map((command) => ({ command, description: t(locale, `cmd-${command}`) }));
    await api.setMyCommands(commands, {
      scope: { type: 'all_private_chats' },
      ...(locale === 'en' ? { language_code: 'en' } : {}),
    });
  }
}
