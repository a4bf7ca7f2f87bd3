/**
 * Test requesters: a Requester row with its account on a channel (requester_channels), returned with the
 * account's user id as `telegramId` and its channel, as the tests address the person through the fake.
 */
import type { EntityManager } from 'typeorm';
import type { Channel } from '../../core/entities/enums.ts';
import { Requester, RequesterChannel } from '../../core/entities/people.ts';
import { searchKey } from '../../core/text/index.ts';

export type TestRequester = Requester & { telegramId: number; channel: Channel };

export interface RequesterSeed extends Partial<Omit<Requester, 'id'>> {
  telegramId: number;
  channel?: Channel;
  username?: string | null;
  reachable?: boolean;
}

/** a requester and his one account; registered unless `registeredAt: null` is given */
export async function saveRequester(em: EntityManager, seed: RequesterSeed): Promise<TestRequester> {
  const { telegramId, channel = 'telegram', username = null, reachable = true, ...fields } = seed;
  const fullName = fields.fullName ?? '';
  const requester = await em.save(
    Requester,
    em.create(Requester, {
      nameKey: searchKey(fullName),
      phone: null,
      memberTypeId: null,
      locale: null,
      blocked: false,
      registeredAt: null,
      ...fields,
      fullName,
    }),
  );
  await em.insert(RequesterChannel, { requesterId: requester.id, channel, userId: telegramId, chatId: telegramId, username, reachable, linkedAt: null });
  return Object.assign(requester, { telegramId, channel });
}

/** the requester behind a user id on a channel (null when none) */
export async function requesterOfUser(em: EntityManager, telegramId: number, channel: Channel = 'telegram'): Promise<Requester | null> {
  const account = await em.findOne(RequesterChannel, { where: { channel, userId: telegramId } });
  return account ? em.findOne(Requester, { where: { id: account.requesterId } }) : null;
}

/** the account of a user id on a channel */
export function accountOfUser(em: EntityManager, telegramId: number, channel: Channel = 'telegram'): Promise<RequesterChannel | null> {
  return em.findOne(RequesterChannel, { where: { channel, userId: telegramId } });
}
