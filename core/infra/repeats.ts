/**
 * Updates handed to the bot again: by the update journal (a batch a killed poller had fetched) or by the
 * inbound queue (a chat whose handling a killed process had started). A conversation asks `isRepeat` to know
 * that its handling may repeat an earlier one (bot/conversations/sent.ts). One mark, whoever hands it back.
 */
const repeats = new WeakSet<object>();

export const markRepeat = (update: object): void => void repeats.add(update);
export const isRepeat = (update: object): boolean => repeats.has(update);
