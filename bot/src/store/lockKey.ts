/** Advisory lock keys are PostgreSQL bigints; a fractional or unsafe key is a bug, not a domain problem. */
export function assertLockKey(key: number): void {
  if (!Number.isSafeInteger(key)) throw new RangeError(`advisory lock key must be a safe integer, got ${key}`);
}
