import pg from 'pg';

/**
 * How column values come back to JavaScript, the same on PGlite and PostgreSQL, so a
 * repository never branches on the backend:
 * - timestamptz: a JS `Date` (both adapters use node-postgres' parser);
 * - bigint (bigserial ids, `count(*)`): a JS `number`; a value past 2^53 is a bug and throws;
 * - numeric and date: the text PostgreSQL prints (no silent float rounding, no local-midnight Dates);
 * - json and jsonb: parsed values;
 * - everything else: the drivers' defaults, which agree (text, integer, boolean, uuid as string, arrays).
 *
 * Parameters go the other way: pass `Date`s or ISO strings for timestamps and
 * `jsonParam(value)` for json/jsonb (node-postgres would turn a JS array into a
 * PostgreSQL array literal, not JSON).
 */

/** PostgreSQL type oids the conventions above override. */
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082, timestamptz: 1184 } as const;

function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`bigint ${value} does not fit a JS number`);
  return parsed;
}

const keepText = (value: string): string => value;

/** The overriding text parsers by type oid, shared by both adapters. */
export const TEXT_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: keepText,
  [TYPE_OIDS.date]: keepText,
  [TYPE_OIDS.timestamptz]: pg.types.getTypeParser(TYPE_OIDS.timestamptz, 'text') as (value: string) => Date,
};

/** A JSON value as a json/jsonb parameter: the same text on both drivers. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value);
}
