import pg from 'pg';
import type { Database, LockOutcome, Queryable } from './database.js';
import { assertLockKey } from './lockKey.js';
import { statementName } from './statementNames.js';
import { TEXT_PARSERS } from './sqlTypes.js';

export interface PostgresOptions {
  readonly connectionString: string;
  /** Pool size: the most connections this instance opens (advisory locks take one more each while held). */
  readonly maxConnections: number;
  /** A schema to work in instead of `public` (tests isolate each file in its own). */
  readonly schema?: string;
  /** Errors of idle pooled connections (the server restarted, the network dropped); the pool replaces the connection. */
  readonly onConnectionError?: (error: Error) => void;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && TEXT_PARSERS[oid] ? TEXT_PARSERS[oid] : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

function queryableOf(client: pg.Pool | pg.PoolClient | pg.Client): Queryable {
  return {
    async query<TRow>(sql: string, params: readonly unknown[] = []): Promise<TRow[]> {
      const result = params.length > 0 ? await client.query({ name: statementName(sql), text: sql, values: [...params] }) : await client.query(sql);
      return result.rows as TRow[];
    },
    async exec(sql: string): Promise<void> {
      // Without parameters node-postgres uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/** Connection settings shared by the pool and the dedicated lock connections. */
function clientConfig(options: PostgresOptions): pg.ClientConfig {
  return {
    connectionString: options.connectionString,
    types,
    // Short OLTP queries: JIT compilation costs more than it saves, and a cost misestimate
    // would switch it on for a query that runs in under a millisecond.
    options: ['-c jit=off', ...(options.schema ? [`-c search_path=${quoteIdentifier(options.schema)}`] : [])].join(' '),
  };
}

/** A schema name as a quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Open a PostgreSQL pool. Several server instances may share the database: transitions
 * are conditional updates and periodic jobs take session advisory locks, each on a
 * connection of its own so that a lock is never shared by two callers of one process
 * (session locks are re-entrant) and never starves the pool.
 */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const onError = options.onConnectionError ?? ((error: Error) => process.emitWarning(error));
  const pool = new pg.Pool({ ...clientConfig(options), max: options.maxConnections });
  pool.on('error', onError);
  await pool.query('SELECT 1');
  return {
    backend: 'postgres',
    ...queryableOf(pool),
    async transaction<TValue>(fn: (tx: Queryable) => Promise<TValue>): Promise<TValue> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(queryableOf(client));
        await client.query('COMMIT');
        client.release();
        return value;
      } catch (error) {
        await rollbackAndRelease(client, error);
        throw error;
      }
    },
    async withAdvisoryLock<TValue>(key: number, fn: () => Promise<TValue>): Promise<LockOutcome<TValue>> {
      assertLockKey(key);
      const client = new pg.Client(clientConfig(options));
      client.on('error', onError);
      await client.connect();
      try {
        const [row] = await queryableOf(client).query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
        if (!row?.locked) return { ran: false };
        try {
          return { ran: true, value: await fn() };
        } finally {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        }
      } finally {
        // Ending the session would release the lock too, should the unlock itself have failed.
        await client.end();
      }
    },
    close: () => pool.end(),
  };
}

/** Roll back after a failure; a connection that cannot even roll back is destroyed, not reused. */
async function rollbackAndRelease(client: pg.PoolClient, cause: unknown): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (rollbackError) {
    client.release(rollbackError instanceof Error ? rollbackError : new Error(String(cause)));
  }
}
