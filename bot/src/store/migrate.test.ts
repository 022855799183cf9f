import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openPostgres } from './postgresDatabase.js';
import { createTestSchema, testBackends } from './testDatabase.js';

describe.each(testBackends())('migrate on %s', (_name, open) => {
  it('applies every migration on an empty database and records each once', async () => {
    const db = await open({ migrated: false });
    try {
      expect(await migrate(db)).toEqual({ applied: MIGRATIONS.map((m) => m.id) });
      expect(await db.query('SELECT id FROM schema_migrations ORDER BY id')).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));
    } finally {
      await db.close();
    }
  });

  it('applies nothing the second time', async () => {
    const db = await open({ migrated: false });
    try {
      await migrate(db);
      expect(await migrate(db)).toEqual({ applied: [] });
    } finally {
      await db.close();
    }
  });

  it('applies only the migrations that are missing, in order', async () => {
    const db = await open({ migrated: false });
    try {
      await migrate(db);
      const later = [...MIGRATIONS, { id: '999_probe', sql: 'CREATE TABLE probe_table (id integer)' }];
      expect(await migrate(db, later)).toEqual({ applied: ['999_probe'] });
      expect(await db.query('SELECT count(*) AS n FROM probe_table')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });

  it('rolls back every migration of a run when one fails', async () => {
    const db = await open({ migrated: false });
    try {
      const broken = [...MIGRATIONS, { id: '999_broken', sql: 'CREATE TABLE nope (' }];
      await expect(migrate(db, broken)).rejects.toThrow();
      expect(await db.query("SELECT to_regclass('tenant_users') AS t")).toEqual([{ t: null }]);
    } finally {
      await db.close();
    }
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('migrate on PostgreSQL shared by two instances', () => {
  it('succeeds on both instances starting together and records the migration once', async () => {
    const schema = await createTestSchema(url ?? '');
    const open = () => openPostgres({ connectionString: schema.connectionString, maxConnections: 2, schema: schema.schema });
    const [first, second] = await Promise.all([open(), open()]);
    try {
      const results = await Promise.all([migrate(first), migrate(second)]);
      expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([MIGRATIONS.map((m) => m.id), []]);
      expect(await first.query('SELECT id, count(*) AS n FROM schema_migrations GROUP BY id ORDER BY id')).toEqual(
        MIGRATIONS.map((m) => ({ id: m.id, n: 1 })),
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
      await schema.drop();
    }
  });
});
