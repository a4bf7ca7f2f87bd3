/** The ticket core: every ticket change the bot, the panel and the jobs make goes through these. */
export * from './transitions.ts';
export { EVENT_KINDS, KIND_OF_ACTION, type EventKind } from './events.ts';
export { TICKET_NUMBER_OFFSET, nextTicketNumber } from './numbers.ts';
export { assignmentCandidates, openLoad, pickAssignee } from './assignment.ts';
export { openTicket, openTicketLimit, type OpenLimit, type OpenTicketInput, type OpenTicketResult } from './open.ts';
export { openInternalTicket, REQUEST_TYPES, type RequestType, type InternalTicketInput, type InternalTicketResult } from './internal.ts';
export {
  addRequesterMessage,
  recordRequesterEdit,
  agentReply,
  addNote,
  type RequesterMessageInput,
  type AgentMessageInput,
  type MessageResult,
} from './messages.ts';
export { assign, assignToMe, unassign, transfer, assignableStaff, type TransferInput } from './assign.ts';
export { setPriority, setType, setTags, linkTicket, MAX_TAGS, MAX_TAG_LENGTH } from './fields.ts';
export {
  resolve,
  confirmResolved,
  notResolved,
  close,
  cancel,
  reopen,
  stepBack,
  reopenOrStepBack,
  finish,
  autoClose,
  CANCEL_REASONS,
  type ConfirmInput,
  type NotResolvedInput,
} from './lifecycle.ts';
export {
  getTicket,
  getTicketByNumber,
  listRequesterTickets,
  ticketTimeline,
  type Page,
  type RequesterListOptions,
  type Timeline,
  type TimelineEntry,
} from './read.ts';
export { followerIds } from './store.ts';
export {
  ticketFollowers,
  addTicketFollower,
  removeTicketFollower,
  myNotices,
  markNoticesRead,
  type FollowerView,
  type FollowersPage,
  type NoticeView,
} from './followers.ts';
export { mergeTickets, ticketIdOfNumber, type MergeResult } from './merge.ts';
