import { performance } from 'node:perf_hooks';
import type { Database, Queryable } from '../store/database.js';

/**
 * `BENCH_TRACE=1`: where a benchmark's database time goes, statement by statement. Each
 * statement's text (whitespace folded, first 90 characters) adds up its calls and milliseconds;
 * `report` lists the costliest. Transactions count their BEGIN-to-COMMIT time as one entry.
 */
export function traceStatements(db: Database): { readonly db: Database; report(top?: number): string } {
  const totals = new Map<string, { calls: number; ms: number }>();
  const add = (key: string, ms: number) => {
    const entry = totals.get(key) ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += ms;
    totals.set(key, entry);
  };
  const timed = async <TValue>(key: string, work: () => Promise<TValue>): Promise<TValue> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      add(key, performance.now() - started);
    }
  };
  const keyOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
  const queryable = (q: Queryable): Queryable => ({
    query: (sql, params) => timed(keyOf(sql), () => q.query(sql, params)),
    exec: (sql) => timed(keyOf(sql), () => q.exec(sql)),
  });
  return {
    db: { ...db, ...queryable(db), transaction: (fn) => timed('(transaction)', () => db.transaction((tx) => fn(queryable(tx)))) },
    report(top = 20) {
      return [...totals]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, top)
        .map(([sql, { calls, ms }]) => `${Math.round(ms).toString().padStart(8)} ms ${calls.toString().padStart(7)} × ${(ms / calls).toFixed(2).padStart(7)}  ${sql}`)
        .join('\n');
    },
  };
}
