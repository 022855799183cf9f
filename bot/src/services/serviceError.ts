import type { Problem } from '@cgm/core';

/**
 * Why a use case refused, as the services say it: a closed set of codes, a sentence for the
 * person, and core's problems as details. The edges translate it (the HTTP API into a status,
 * the bot into a card outcome), each in one table, so a service never knows who called it.
 */
export type ServiceErrorCode =
  /** No such thing, or nothing the caller may see (the two look the same from outside). */
  | 'not-found'
  /** The caller is known but may not do this (not an approver, deciding their own request). */
  | 'forbidden'
  /** The state moved under the caller: already decided, resolved by someone else, changed meanwhile. */
  | 'conflict'
  /** A well-formed change that Teams would not accept (26 members, nothing to change, …). */
  | 'rule-violation';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details: readonly Problem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
