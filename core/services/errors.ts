/** Typed errors of the domain; front ends map them to friendly messages (a Fluent key per code). */
export type DomainErrorCode =
  | 'illegal_transition'
  | 'forbidden'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'ticket_finished'
  | 'too_many_open_tickets';

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
  constructor(readonly from: string, readonly action: string) {
    super('illegal_transition', `action "${action}" is not allowed in state "${from}"`, { from, action });
    this.name = 'IllegalTransitionError';
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
    super('validation', Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; '), { fields });
    this.name = 'ValidationError';
  }
}
