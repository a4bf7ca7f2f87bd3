/**
 * A requester's accounts on the messengers (`requester_channels`, core/channels.ts): the identity lookups — the
 * account behind a (channel, user id), the account a ticket's messages go to — and the linking of a second
 * channel to a person who registered on the first one with the same verified phone number.
 *
 * Linking (issue 20): a citizen who shares, with the contact button, a phone number that a registered requester
 * without an account on this channel already has is asked whether to join them. Only after he says yes is this
 * channel's account moved to that requester (and the unregistered placeholder made at his first contact
 * removed): then he is one requester with two channels, one history and one open-ticket limit. Saying no keeps
 * two requesters with the same phone, as the system always allowed; nothing of the other account is shown to
 * him either way. The contact button only gives a user's own number (the bot checks contact.user_id), so only
 * the owner of the number on both messengers can link them.
 */
import type { CoreContext } from '../context.ts';
import type { Channel, Locale } from '../entities/enums.ts';
import { Requester, RequesterChannel } from '../entities/people.ts';
import { Ticket } from '../entities/ticket.ts';
import { normalizeIranPhone } from '../text/phone.ts';
import { transact } from '../tx.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { managerOf, type ReadSource } from './org-common.ts';
import { findForUpdate } from './tickets/store.ts';

/** the account of a user id on a channel (ids of different channels are unrelated) */
export function accountOf(src: ReadSource, channel: Channel, userId: number): Promise<RequesterChannel | null> {
  return managerOf(src).findOne(RequesterChannel, { where: { channel, userId } });
}

/** every account of a requester, his first one first */
export function accountsOf(src: ReadSource, requesterId: number): Promise<RequesterChannel[]> {
  return managerOf(src).find(RequesterChannel, { where: { requesterId }, order: { id: 'ASC' } });
}

/**
 * Where a ticket's messages to the requester go: his account on the ticket's channel (the channel he last wrote
 * the ticket from), else — an account that no longer exists — his first one. One statement.
 */
export async function accountForTicket(src: ReadSource, requesterId: number, channel: Channel): Promise<RequesterChannel | null> {
  return managerOf(src)
    .createQueryBuilder(RequesterChannel, 'c')
    .where('c.requesterId = :requesterId', { requesterId })
    .orderBy('CASE WHEN c.channel = :channel THEN 0 ELSE 1 END', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .setParameter('channel', channel)
    .limit(1)
    .getOne();
}

/** the requester who may be linked: registered with this phone, not this one, and without an account on this channel */
export interface LinkCandidate {
  requesterId: number;
  /** the channels he has (the question names them) */
  channels: Channel[];
}

/**
 * Another registered requester with this phone (any usual form) who has no account on `channel` yet — the one
 * the citizen on `channel` may be linked to; null when there is none. `requesterId` is the asking requester's.
 */
export async function linkCandidate(src: ReadSource, requesterId: number, channel: Channel, phone: string): Promise<LinkCandidate | null> {
  const normal = normalizeIranPhone(phone);
  if (!normal) return null;
  const em = managerOf(src);
  const others = await em
    .createQueryBuilder(Requester, 'r')
    .where('r.phone = :phone AND r.id <> :requesterId AND r.registeredAt IS NOT NULL', { phone: normal, requesterId })
    .andWhere('NOT EXISTS (SELECT 1 FROM requester_channels x WHERE x.requesterId = r.id AND x.channel = :channel)', { channel })
    .orderBy('r.id', 'ASC')
    .getMany();
  for (const other of others) {
    const channels = (await accountsOf(em, other.id)).map((c) => c.channel);
    if (channels.length) return { requesterId: other.id, channels };
  }
  return null;
}

/**
 * Joins this channel's account of `userId` to the requester `intoId`, after the citizen confirmed it. Refused
 * (ValidationError) unless the account's own requester is still unregistered and has no tickets, and `intoId` is
 * registered with the same phone and has no account on this channel. The placeholder requester is removed; the
 * language he chose here is kept. Returns the requester he now is.
 */
export async function linkAccount(
  ctx: CoreContext,
  channel: Channel,
  userId: number,
  intoId: number,
  phone: string,
  locale?: Locale | null,
): Promise<Requester> {
  const normal = normalizeIranPhone(phone);
  if (!normal) throw new ValidationError({ phone: 'invalid_phone' });
  return transact(ctx, async (tx) => {
    const account = await tx.em.findOne(RequesterChannel, { where: { channel, userId } });
    if (!account) throw new NotFoundError('requester', userId);
    const into = await findForUpdate(tx.em, Requester, intoId);
    if (!into || into.phone !== normal || !into.registeredAt) throw new ValidationError({ link: 'no_such_account' });
    if (account.requesterId === into.id) return into;
    if (await tx.em.existsBy(RequesterChannel, { requesterId: into.id, channel })) throw new ValidationError({ link: 'channel_taken' });
    const own = await tx.em.findOne(Requester, { where: { id: account.requesterId } });
    if (own && (own.registeredAt || (await tx.em.existsBy(Ticket, { requesterId: own.id })))) throw new ValidationError({ link: 'registered' }); // only a new account is linked
    await tx.em.update(RequesterChannel, { id: account.id }, { requesterId: into.id, linkedAt: tx.now });
    if (own) await tx.em.delete(Requester, { id: own.id });
    if (locale && into.locale !== locale) {
      await tx.em.update(Requester, { id: into.id }, { locale });
      into.locale = locale;
    }
    return into;
  });
}
