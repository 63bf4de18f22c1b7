/**
 * The service's errors. Each has a stable `code`; the HTTP layer maps codes
 * to problem details in one place, so the domain never knows about HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    /** Machine-readable details safe to show to the caller. */
    readonly details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `policyIds[3]`. */
  readonly field: string;
  readonly message: string;
}

/** Input that is malformed or breaks a rule. */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed';

  constructor(
    message: string,
    readonly problems: readonly FieldProblem[] = [],
    options?: ErrorOptions,
  ) {
    super(message, { problems }, options);
  }
}

/** Well-formed input that refers to things that are not acceptable. */
export class UnprocessableError extends DomainError {
  readonly code = 'unprocessable';

  constructor(
    message: string,
    readonly problems: readonly FieldProblem[] = [],
    options?: ErrorOptions,
  ) {
    super(message, { problems }, options);
  }
}

/** Input over a configured size limit. */
export class TooLargeError extends DomainError {
  readonly code = 'too_large';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';

  constructor(resource: string, id: string, options?: ErrorOptions) {
    super(`${resource} ${id} was not found`, { resource, id }, options);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** The request collides with work in progress, e.g. a running rebuild. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/**
 * An append found the stream at another revision than expected. Revisions
 * are rendered as text so `no_stream`/`stream_exists` read naturally.
 */
export class ConcurrencyError extends DomainError {
  readonly code = 'concurrency_conflict';

  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: string,
    options?: ErrorOptions,
  ) {
    super(
      `stream ${streamName} expected at revision ${expected} but is at ${actual}`,
      { streamName, expected, actual },
      options,
    );
  }
}
