/**
 * Domain problems are data: core returns a `Result` instead of throwing. Exceptions
 * are kept for bugs.
 */

export interface Problem {
  /** A stable machine code, e.g. `too-many-members`. */
  readonly code: string;
  /** Where: a JSON path (`users[3].SipAddress`) or a field name (`targets`). */
  readonly path: string;
  /** A sentence a person understands. */
  readonly message: string;
}

export type Result<TValue> =
  | { readonly ok: true; readonly value: TValue }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function ok<TValue>(value: TValue): Result<TValue> {
  return { ok: true, value };
}

export function fail<TValue = never>(problems: readonly Problem[]): Result<TValue> {
  return { ok: false, problems };
}
