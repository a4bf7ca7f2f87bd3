/**
 * Registration, a persisted conversation: language (stored; it wins over Telegram's language_code) →
 * phone through Telegram's contact button (only the user's own contact: contact.user_id = sender) →
 * full name (Telegram's name offered) → member type (the list admins configure). The same steps edit
 * one field of the profile later (`only`). What the user wrote before registering is kept (stash) and
 * offered as the description of a new ticket at the end.
 */
import { InlineKeyboard, Keyboard } from 'grammy';
import type { Locale } from '../../core/entities/enums.ts';
import { isIranMobile } from '../../core/text/phone.ts';
import type { BotDeps, ConvContext } from '../context.ts';
import { mainMenu } from '../keyboards/menu.ts';
import * as core from '../features/shared/core.ts';
import { escapeHtml, excerpt } from '../features/shared/html.ts';
import { PENDING_KEY, stashGet, type PendingMessage } from '../features/shared/stash.ts';
import { Kit, wordlessKey } from './kit.ts';
import type { Conv } from './kit.ts';
import { pick } from './pick.ts';

export const REGISTER = 'register';

export type ProfileField = 'language' | 'phone' | 'name' | 'type';

export interface RegisterArgs {
  locale: Locale;
  /** edit this field of an existing profile only */
  only?: ProfileField;
}

export const NAME_MIN = 3;
export const NAME_MAX = 100;

export function registerConversation(deps: BotDeps) {
  return async function register(conversation: Conv, ctx: ConvContext, args: RegisterArgs): Promise<void> {
    const from = ctx.from!;
    let kit = new Kit(conversation, args.locale, REGISTER);
    let c = ctx;
    const wants = (f: ProfileField) => !args.only || args.only === f;

    const me = await conversation.external(() => core.ensureRequester(deps, from));
    let locale: Locale = args.locale;

    if (wants('language')) {
      const r = await pick(kit, c, kit.t('register-ask-language'), [
        { key: 'fa', label: 'فارسی 🇮🇷', value: 'fa' as Locale },
        { key: 'en', label: 'English 🇬🇧', value: 'en' as Locale },
      ]);
      c = r.ctx;
      if ('item' in r) {
        locale = r.item.value;
        await conversation.external(() => core.setLocale(deps, from.id, locale));
        kit = new Kit(conversation, locale, REGISTER);
      }
    }
    const t = kit.t;

    let phone: string | null = me.phone;
    if (wants('phone')) {
      const kb = new Keyboard().requestContact(t('btn-share-contact')).row().text(t('btn-cancel')).resized().oneTime();
      await kit.send(c, t('register-ask-contact'), kb);
      for (;;) {
        const a = await kit.answer(undefined);
        c = a.ctx;
        if (a.kind !== 'message') continue;
        const contact = a.msg.contact;
        if (contact) {
          if (contact.user_id !== from.id) {
            await kit.say(c, 'register-contact-not-own');
            continue;
          }
          if (!isIranMobile(contact.phone_number)) {
            await kit.say(c, 'register-phone-invalid');
            continue;
          }
          phone = contact.phone_number;
          break;
        }
        if (a.msg.text?.trim() === t('btn-cancel')) return kit.cancel(c, undefined, { remove_keyboard: true });
        await kit.say(c, 'register-contact-use-button');
      }
      await c.reply(t('register-contact-thanks'), { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } });
      // the same number registered on another messenger: one person with two channels, if he says so
      const offer = args.only ? null : await conversation.external(() => core.linkOffer(deps, me, phone!));
      if (offer) {
        const channels = offer.channels.map((ch) => t(`channel-${ch}`)).join(locale === 'fa' ? '، ' : ', ');
        const kb = new InlineKeyboard().text(t('btn-link-yes'), 'c:ly').row().text(t('btn-link-no'), 'c:ln');
        const prompt = await kit.send(c, t('register-link-ask', { channels }), kb);
        for (;;) {
          const a = await kit.answer(prompt);
          c = a.ctx;
          if (a.kind === 'message') {
            await kit.say(c, 'register-link-use-buttons');
            continue;
          }
          if (a.data === 'ln') {
            await kit.settle(c, prompt, t('btn-link-no'));
            break;
          }
          if (a.data !== 'ly') continue;
          await kit.settle(c, prompt, t('btn-link-yes'));
          const linked = await conversation.external(() => core.linkToRequester(deps, from.id, offer.requesterId, phone!, locale));
          if (!linked) {
            await c.reply(t('register-link-failed'), { parse_mode: 'HTML' });
            break;
          }
          await c.reply(t('register-linked', { name: escapeHtml(linked.fullName) }), {
            parse_mode: 'HTML',
            reply_markup: mainMenu(locale, { staff: linked.staff }),
          });
          return offerPending(c);
        }
      }
    }

    let fullName = me.fullName;
    if (wants('name')) {
      const telegramName = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
      const kb = new InlineKeyboard();
      if (telegramName.length >= NAME_MIN && telegramName.length <= NAME_MAX)
        kb.text(t('btn-use-telegram-name', { name: telegramName }).slice(0, 60), 'c:tg').row();
      kb.text(t('btn-cancel'), 'c:x');
      const prompt = await kit.send(c, t('register-ask-name', { min: NAME_MIN, max: NAME_MAX }), kb);
      for (;;) {
        const a = await kit.answer(prompt);
        c = a.ctx;
        if (a.kind === 'button') {
          if (a.data === 'x') return kit.cancel(c, prompt);
          if (a.data === 'tg') {
            fullName = telegramName;
            await kit.settle(c, prompt, telegramName);
            break;
          }
          continue;
        }
        const text = a.msg.text?.trim().replace(/\s+/g, ' ');
        if (!text) {
          await kit.say(c, wordlessKey(a.msg));
          continue;
        }
        if (text.length < NAME_MIN || text.length > NAME_MAX || /[<>@/\\{}[\]]|^\d+$/.test(text)) {
          await kit.say(c, 'register-name-invalid', { min: NAME_MIN, max: NAME_MAX });
          continue;
        }
        fullName = text;
        break;
      }
    }

    let memberTypeId = me.memberTypeId;
    if (wants('type')) {
      const types = await conversation.external(() => core.listMemberTypes(deps, locale));
      const r = await pick(
        kit,
        c,
        t('register-ask-type'),
        types.map((x) => ({ key: String(x.id), label: x.name, value: x })),
      );
      c = r.ctx;
      if ('item' in r) memberTypeId = r.item.value.id;
    }

    const saved = await conversation.external(() => core.saveProfile(deps, from.id, { phone: phone!, fullName, memberTypeId: memberTypeId! }));
    if (!saved.ok) {
      await c.reply(t('register-failed'), { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } });
      return;
    }
    const menu = mainMenu(locale, { staff: saved.staff });
    if (args.only) {
      await c.reply(t('profile-saved'), { parse_mode: 'HTML', reply_markup: menu });
      return;
    }
    await c.reply(t('register-done', { name: escapeHtml(saved.fullName) }), { parse_mode: 'HTML', reply_markup: menu });
    return offerPending(c);

    /** what he wrote before registering, offered as a new ticket */
    async function offerPending(at: ConvContext): Promise<void> {
      const pending = await conversation.external(() => stashGet<PendingMessage>(deps, PENDING_KEY(from.id)));
      if (pending && (pending.text || pending.attachments.length)) {
        const kb = new InlineKeyboard().text(t('btn-pending-use'), 'pd:use').row().text(t('btn-pending-drop'), 'pd:drop');
        await at.reply(t('register-pending-offer', { text: pending.text ? excerpt(pending.text, 500) : t('attachments-only') }), {
          parse_mode: 'HTML',
          reply_markup: kb,
        });
      }
    }
  };
}
