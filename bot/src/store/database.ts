import { openPglite } from './pgliteDatabase.js';
import { openPostgres } from './postgresDatabase.js';

/**
 * The storage port: the few things repositories and services need from a SQL database.
 * Two adapters implement it with the same SQL: embedded PGlite (a data folder, one
 * process) and PostgreSQL (a pool, several instances). Row shapes are the same on
 * both; see sqlTypes.ts.
 */

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1…` parameters; the rows it returns (empty for statements without RETURNING). */
  query<TRow>(sql: string, params?: readonly unknown[]): Promise<TRow[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The outcome of a try-lock: whether `fn` ran, and its value when it did. */
export type LockOutcome<TValue> = { readonly ran: true; readonly value: TValue } | { readonly ran: false };

export interface Database extends Queryable {
  /** Which adapter this is, for /readyz and logs. */
  readonly backend: 'pglite' | 'postgres';
  /**
   * Run `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Use only `tx` inside `fn`: on PGlite a query on the database itself waits for the
   * transaction to end and so never returns.
   */
  transaction<TValue>(fn: (tx: Queryable) => Promise<TValue>): Promise<TValue>;
  /**
   * Run `fn` only if no other holder (in any instance sharing the database) holds `key`;
   * never waits. Periodic jobs use it so that one instance runs each job.
   */
  withAdvisoryLock<TValue>(key: number, fn: () => Promise<TValue>): Promise<LockOutcome<TValue>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite runs in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data folder, or `memory://` for an in-memory database. */
  readonly dataDir: string;
  /** Pool size for PostgreSQL. */
  readonly maxConnections?: number;
}

/** PostgreSQL when a DATABASE_URL is configured, PGlite in the data folder otherwise. */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres({ connectionString: options.databaseUrl, maxConnections: options.maxConnections ?? 10 });
  }
  return openPglite({ dataDir: options.dataDir });
}
