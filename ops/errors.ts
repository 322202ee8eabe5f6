/** Typed errors. Their class decides what a job runner does: a PermanentError stops retries
 * (retrying cannot help), anything else is treated as transient and retried with backoff. */
export class TicketopsError extends Error {
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class PermanentError extends TicketopsError {}

/** Input that does not meet its contract (payload, env, policy file, request body). */
export class ValidationError extends PermanentError {}

/** A thing named by id or code does not exist. */
export class NotFoundError extends PermanentError {}

/** The caller may not do this (not staff, wrong role, own request). */
export class ForbiddenError extends PermanentError {}

/** The audit log cannot be appended to as a verifiable chain (its head row is gone).
 * Audited actions stop rather than leave a trail nobody can vouch for. */
export class AuditIntegrityError extends PermanentError {}

/** A remote service failed. `retryable` says whether trying again may help (5xx, timeout)
 * or not (4xx). */
export class ExternalServiceError extends TicketopsError {
  constructor(
    readonly service: string,
    message: string,
    readonly retryable: boolean,
    context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(`${service}: ${message}`, context, options);
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof ExternalServiceError) return error.retryable;
  return !(error instanceof PermanentError);
}
