/**
 * How far behind each staff chat is, and the alert when one falls too far behind (issue 17).
 *
 * A chat's queue is its counted messages pending in the outbox (core/notify/staff-chats.ts); its delay is
 * the longer of the oldest one's age (how late the group is now) and the queue's wait at the group's pace
 * (how late a message written now would land): a burst is seen as soon as it is queued, a stuck queue as it
 * ages. When a chat's delay reaches the setting `chatDelayAlertMinutes` (default 5), the supervisors of its
 * team (a department's chat: the department's team; no supervisor: the admins) are told once — a panel notice
 * each, and a private Telegram message to those linked — advising to add a group or answer from the panel.
 * Not again until the delay has dropped below the setting (the episode ended) and risen again:
 * StaffChat.delayAlertedAt marks the episode, set by a conditional UPDATE so that only one run alerts even if
 * two ran at once. The check runs as a housekeeping duty of the workers (jobs/index.ts, once at a time across
 * workers by jobs/exclusive.ts).
 */
import { IsNull, Not, type EntityManager } from 'typeorm';
import type { CoreContext } from '../context.ts';
import { Department, StaffChat, TeamMember } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { StaffNotice } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import { panelKeyboard } from '../notify/links.ts';
import { backlogOf, delayMs, GROUP_INTERVAL_MS } from '../notify/staff-chats.ts';
import { escapeHtml, toPersianDigits } from '../text/index.ts';
import { transact, type OutboxDraft } from '../tx.ts';
import { managerOf, type ReadSource } from './org-common.ts';
import { getSettings } from './settings.ts';

export interface ChatQueue {
  /** counted messages waiting for the group */
  pending: number;
  /** the oldest one's time, or null */
  oldestAt: Date | null;
  /** the chat's delay now (ms) */
  delayMs: number;
  /** the delay reached the alert setting */
  over: boolean;
}

/** the queue and delay of each of these staff chats, by StaffChat.id (the panel's chats page) */
export async function staffChatQueues(
  src: ReadSource,
  chats: readonly StaffChat[],
  now: Date,
  intervalMs = GROUP_INTERVAL_MS,
): Promise<Map<number, ChatQueue>> {
  const em = managerOf(src);
  const limit = (await getSettings(em)).chatDelayAlertMinutes * 60_000;
  const backlog = await backlogOf(
    em,
    chats.map((c) => c.chatId),
  );
  const out = new Map<number, ChatQueue>();
  for (const c of chats) {
    const b = backlog.get(c.chatId) ?? { pending: 0, oldestAt: null };
    const d = delayMs(b, now, intervalMs);
    out.set(c.id, { pending: b.pending, oldestAt: b.oldestAt, delayMs: d, over: d >= limit });
  }
  return out;
}

/** who is told about a chat: its team's active supervisors, else the active admins */
async function supervisorsOf(em: EntityManager, chat: StaffChat): Promise<StaffAccount[]> {
  const teamId = chat.teamId ?? (chat.departmentId ? ((await em.findOneBy(Department, { id: chat.departmentId }))?.teamId ?? null) : null);
  if (teamId) {
    const ids = (await em.find(TeamMember, { where: { teamId, supervisor: true }, select: { staffId: true } })).map((m) => m.staffId);
    const sups = ids.length ? await em.find(StaffAccount, { where: ids.map((id) => ({ id, active: true })), order: { id: 'ASC' } }) : [];
    if (sups.length) return sups;
  }
  return em.find(StaffAccount, { where: { role: 'admin', active: true }, order: { id: 'ASC' } });
}

export interface DelayCheck {
  /** StaffChat ids whose supervisors were told now */
  alerted: number[];
  /** StaffChat ids whose episode ended (delay below the setting again) */
  cleared: number[];
}

/** one check of every bound chat: alerts for chats that crossed the setting, episodes ended for those below */
export async function checkChatDelays(ctx: CoreContext, opts: { intervalMs?: number } = {}): Promise<DelayCheck> {
  const now = ctx.clock.now();
  const chats = await ctx.ds
    .getRepository(StaffChat)
    .find({ where: [{ teamId: Not(IsNull()) }, { departmentId: Not(IsNull()) }, { delayAlertedAt: Not(IsNull()) }] });
  const queues = await staffChatQueues(ctx, chats, now, opts.intervalMs);
  const result: DelayCheck = { alerted: [], cleared: [] };
  for (const chat of chats) {
    const q = queues.get(chat.id)!;
    if (!q.over && chat.delayAlertedAt) {
      await ctx.ds.getRepository(StaffChat).update({ id: chat.id, delayAlertedAt: Not(IsNull()) }, { delayAlertedAt: null });
      result.cleared.push(chat.id);
    } else if (q.over && !chat.delayAlertedAt && chat.status === 'active') {
      if (await alert(ctx, chat, q)) result.alerted.push(chat.id);
    }
  }
  if (result.alerted.length) ctx.log.warn({ chats: result.alerted }, 'staff chat delay passed the setting: supervisors told');
  return result;
}

async function alert(ctx: CoreContext, chat: StaffChat, q: ChatQueue): Promise<boolean> {
  return transact(ctx, async (tx) => {
    // the episode's mark: of two runs, one alerts
    const won = await tx.em
      .createQueryBuilder()
      .update(StaffChat)
      .set({ delayAlertedAt: tx.now })
      .where('id = :id AND delayAlertedAt IS NULL', { id: chat.id })
      .execute();
    if (!won.affected) return false;
    const minutes = Math.max(1, Math.round(q.delayMs / 60_000));
    const title = chat.title || String(chat.chatId);
    const to = await supervisorsOf(tx.em, chat);
    const drafts: OutboxDraft[] = [];
    for (const s of to) {
      if (s.telegramId === null) continue;
      const n = (x: number) => (s.locale === 'fa' ? toPersianDigits(String(x)) : String(x));
      drafts.push({
        chatId: s.telegramId,
        method: 'sendMessage',
        purpose: 'chat_delay',
        payload: {
          text: t(s.locale, 'chat-delay-alert', { title: escapeHtml(title), minutes: n(minutes), pending: n(q.pending) }),
          parse_mode: 'HTML',
          ...panelKeyboard(tx.publicUrl, '/config/chats', t(s.locale, 'chat-delay-open')),
        },
      });
    }
    if (drafts.length) await tx.outbox(...drafts);
    if (to.length)
      await tx.em.save(
        StaffNotice,
        to.map((s) =>
          tx.em.create(StaffNotice, {
            staffId: s.id,
            ticketId: null,
            kind: 'chat_delay',
            data: { staffChatId: chat.id, title: title.slice(0, 120), minutes, pending: q.pending },
            createdAt: tx.now,
            readAt: null,
          }),
        ),
      );
    return true;
  });
}
