/** Typed errors of the domain; front ends map them to friendly messages (a Fluent key per code). */
export type DomainErrorCode =
  | 'illegal_transition'
  | 'forbidden'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'ticket_finished'
  | 'too_many_open_tickets'
  | 'content_rule'
  | 'requester_not_allowed'
  | 'invalid_code';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(
    readonly from: string,
    readonly action: string,
    code: DomainErrorCode = 'illegal_transition',
    details: Record<string, unknown> = {},
  ) {
    super(code, `action "${action}" is not allowed in state "${from}"`, { from, action, ...details });
    this.name = 'IllegalTransitionError';
  }
}

/**
 * A finished ticket takes no more messages (nor any other change). Carries the ticket's number so a front end
 * can offer "open a new ticket that links #n". It is an IllegalTransitionError with code 'ticket_finished'.
 */
export class TicketFinishedError extends IllegalTransitionError {
  constructor(
    readonly ticketId: number,
    readonly ticketNumber: number,
    action: string,
  ) {
    super('finished', action, 'ticket_finished', { ticketId, ticketNumber });
    this.name = 'TicketFinishedError';
  }
}

/** The text breaks the content rule and the setting is 'rewrite': nothing was stored; ask the user to rewrite. */
export class ContentRuleError extends DomainError {
  constructor(readonly reasons: string[]) {
    super('content_rule', `text refused by the content rule: ${reasons.join(', ')}`, { reasons });
    this.name = 'ContentRuleError';
  }
}

/** The requester already has the maximum number of open tickets (setting maxOpenTicketsPerRequester). */
export class TooManyOpenTicketsError extends DomainError {
  constructor(readonly limit: number) {
    super('too_many_open_tickets', `at most ${limit} open tickets per requester`, { limit });
    this.name = 'TooManyOpenTicketsError';
  }
}

/** The requester may not open tickets: not registered yet (no phone), or blocked by an admin. */
export class RequesterNotAllowedError extends DomainError {
  constructor(readonly reason: 'not_registered' | 'blocked' | 'not_staff_member') {
    super('requester_not_allowed', `requester not allowed: ${reason}`, { reason });
    this.name = 'RequesterNotAllowedError';
  }
}

/** Someone else changed the row meanwhile (optimistic version check); the caller may retry. */
export class ConflictError extends DomainError {
  constructor(what: string) {
    super('conflict', `${what} was changed concurrently`);
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'not allowed') {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: unknown) {
    super('not_found', `${what}${id === undefined ? '' : ` ${String(id)}`} not found`);
    this.name = 'NotFoundError';
  }
}

export class ValidationError extends DomainError {
  constructor(readonly fields: Record<string, string>) {
    super(
      'validation',
      Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      { fields },
    );
    this.name = 'ValidationError';
  }
}

/** A one-time code (setup, Telegram link, chat bind) that does not exist, has expired or was used already. */
export class InvalidCodeError extends DomainError {
  constructor(readonly reason: 'unknown' | 'expired' | 'used') {
    super('invalid_code', `one-time code ${reason}`, { reason });
    this.name = 'InvalidCodeError';
  }
}
