import { randomUUID } from 'node:crypto';

/** Time and ids come in through this port, so tests control expiry and backoff without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type IdSource = () => string;
export const randomIds: IdSource = () => randomUUID();
