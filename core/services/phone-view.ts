/**
 * THE phone-masking rule (settings.maskRequesterPhone, "agents see requesters' phone numbers masked"):
 * - in a staff chat (the ticket card) anyone in the group may read it, so the phone is masked whenever the
 *   setting is on;
 * - in the panel agents see it masked when the setting is on; supervisors and admins see it whole (they
 *   manage requesters and their profiles).
 * The bot, the panel and the jobs ask `requesterPhoneFor`; nothing else decides whether to mask.
 */
import type { StaffRole } from '../entities/enums.ts';
import { formatIranPhone, maskPhone } from '../text/index.ts';
import type { Settings } from './settings.ts';

/** who reads the phone: a staff member of this role in the panel, or a staff chat (the card) */
export type PhoneViewer = StaffRole | 'staff_chat';

export function phoneMaskedFor(settings: Pick<Settings, 'maskRequesterPhone'>, viewer: PhoneViewer): boolean {
  if (!settings.maskRequesterPhone) return false;
  return viewer === 'staff_chat' || viewer === 'agent';
}

/**
 * The requester's phone as this viewer may see it: masked (`+98912***4567`), or whole — in the national
 * display form when `locale` is given (the panel), as stored otherwise (the card).
 */
export function requesterPhoneFor(phone: string, settings: Pick<Settings, 'maskRequesterPhone'>, viewer: PhoneViewer, locale?: 'fa' | 'en'): string {
  if (phoneMaskedFor(settings, viewer)) return maskPhone(phone);
  return locale ? formatIranPhone(phone, locale) : phone;
}
