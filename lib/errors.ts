/**
 * Typed domain errors. Domain functions throw these; boundaries (server actions,
 * route handlers) map them to form state or HTTP responses.
 */
export type FieldErrors = Record<string, string[]>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The actor may not do this (wrong role, not the owner, suspended). */
export class NotAllowed extends DomainError {
  readonly code = "not_allowed";
  readonly httpStatus = 403;
  constructor(message = "You are not allowed to do that.") {
    super(message);
  }
}

/** The thing asked for does not exist (or is hidden from this actor). */
export class NotFound extends DomainError {
  readonly code = "not_found";
  readonly httpStatus = 404;
  constructor(what = "Item") {
    super(`${what} was not found.`);
  }
}

/** Input that passed the schema but breaks a domain rule. */
export class ValidationError extends DomainError {
  readonly code = "validation";
  readonly httpStatus = 422;
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

/** Something with the same unique key already exists (e.g. an e-mail address). */
export class Conflict extends DomainError {
  readonly code = "conflict";
  readonly httpStatus = 409;
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
