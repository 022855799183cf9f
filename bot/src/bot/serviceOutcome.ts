import type { ServiceErrorCode } from '../services/serviceError.js';
import { ServiceError } from '../services/serviceError.js';

/**
 * What a card does with a service's refusal, in one table (the HTTP API's counterpart is the
 * status table in http/apiError.ts):
 * - `show-current`: the person may not do this, or the state moved (a second click, someone
 *   else first, gone): show the thing as it is now, with the reason.
 * - `explain`: the change breaks a Teams rule: say why, with core's problems.
 */
export type CardOutcomeKind = 'show-current' | 'explain';

const OUTCOME: Readonly<Record<ServiceErrorCode, CardOutcomeKind>> = {
  'not-found': 'show-current',
  forbidden: 'show-current',
  conflict: 'show-current',
  'rule-violation': 'explain',
};

export interface CardOutcome {
  readonly kind: CardOutcomeKind;
  readonly code: ServiceErrorCode;
  /** The service's sentence. */
  readonly message: string;
  /** The sentence and each problem's, for a card that shows one line. */
  readonly text: string;
}

/** The card outcome of a service's refusal; undefined for anything else, which is a bug to rethrow. */
export function cardOutcome(error: unknown): CardOutcome | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  return {
    kind: OUTCOME[error.code],
    code: error.code,
    message: error.message,
    text: [error.message, ...error.details.map((problem) => problem.message)].join(' '),
  };
}
