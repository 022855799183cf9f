import type { Queryable } from './database.js';

/** A column of a bulk insert: its name in the table and in the row objects, and its SQL type. */
export type BulkColumn = readonly [name: string, sqlType: string];

export interface BulkInsertOptions {
  /** A table name from code (never from input). */
  readonly table: string;
  readonly columns: readonly BulkColumn[];
  /** Rows per statement: large enough to amortise the round trip, small enough to stay a few MB. */
  readonly batchSize?: number;
}

const isJsonType = (sqlType: string): boolean => sqlType === 'json' || sqlType === 'jsonb';

/**
 * One batch as a JSON array of arrays: no property names repeated per row, and json/jsonb
 * values as strings, which the server turns into json or jsonb with one parse each.
 */
export function encodeBatch(rows: readonly Readonly<Record<string, unknown>>[], columns: readonly BulkColumn[]): string {
  return JSON.stringify(
    rows.map((row) =>
      columns.map(([name, sqlType]) => {
        const value = row[name];
        if (value === undefined || value === null) return null;
        return isJsonType(sqlType) ? JSON.stringify(value) : value;
      }),
    ),
  );
}

/** `SELECT` of one typed value per column from a batch made by `encodeBatch`, passed as `$1`. */
export function selectBatch(columns: readonly BulkColumn[]): string {
  const values = columns.map(([, sqlType], index) => `(e->>${index})::${sqlType}`).join(', ');
  return `SELECT ${values} FROM jsonb_array_elements($1::jsonb) AS e`;
}

/**
 * Insert many rows with one statement per batch. The batch travels as one jsonb parameter of
 * positional arrays and is unpacked on the server. That is the fastest portable path measured
 * on PGlite, whose cost is mostly the bytes it has to parse (about 35 MB/s in WebAssembly), and
 * on PostgreSQL; it needs no per-row placeholders (PostgreSQL allows at most 65,535).
 */
export async function bulkInsert(q: Queryable, rows: readonly Readonly<Record<string, unknown>>[], options: BulkInsertOptions): Promise<number> {
  const names = options.columns.map(([name]) => name).join(', ');
  const sql = `INSERT INTO ${options.table} (${names}) ${selectBatch(options.columns)}`;
  const batchSize = options.batchSize ?? 5_000;
  for (let start = 0; start < rows.length; start += batchSize) {
    await q.query(sql, [encodeBatch(rows.slice(start, start + batchSize), options.columns)]);
  }
  return rows.length;
}
