import type { Queryable } from './database.js';
import { jsonParam } from './sqlTypes.js';

/** Application settings changed at run time (approval policy, approvers, the approvers' channel), as JSON by key. */
export interface AppSettingsStore {
  get<TValue>(key: string): Promise<TValue | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** False when there was nothing to remove. */
  remove(key: string): Promise<boolean>;
}

/** The SQL implementation of AppSettingsStore over a database or an open transaction. */
export function createAppSettingsStore(q: Queryable): AppSettingsStore {
  return {
    async get<TValue>(key: string) {
      const [row] = await q.query<{ value: TValue }>('SELECT value FROM app_settings WHERE key = $1', [key]);
      return row?.value;
    },
    async set(key, value) {
      if (value === undefined) throw new TypeError(`app setting ${key}: undefined is not JSON; use remove()`);
      await q.query('INSERT INTO app_settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        jsonParam(value),
      ]);
    },
    async remove(key) {
      return (await q.query('DELETE FROM app_settings WHERE key = $1 RETURNING key', [key])).length > 0;
    },
  };
}
