import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../database';

export const migrationsDir = new URL('../../../migrations/', import.meta.url).pathname;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

/** Numbered SQL files `NNNN_name.sql`, one direction, never edited after landing (STYLE.md §11). */
export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(dir + file, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export interface MigrateResult {
  applied: string[];
  current: string | undefined;
}

/**
 * Applies the pending migrations, each in its own transaction. An advisory lock keeps two servers
 * starting on one PostgreSQL from racing; a landed migration whose file changed is refused,
 * because migrations are append-only.
 */
export async function migrate(db: Kysely<Database>, migrations = loadMigrations()): Promise<MigrateResult> {
  await sql`create table if not exists schema_migration (
    version text primary key, name text not null, checksum text not null,
    applied_at timestamptz not null default now())`.execute(db);
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(7301)`.execute(conn);
    try {
      const done = await conn.selectFrom('schema_migration').select(['version', 'name', 'checksum']).execute();
      const byVersion = new Map(done.map((m) => [m.version, m]));
      for (const m of migrations) {
        const landed = byVersion.get(m.version);
        if (landed) {
          if (landed.checksum !== m.checksum) {
            throw new Error(`迁移 ${m.version}_${m.name} 在应用后被修改过（校验和不一致）；迁移文件只能追加，不能修改`);
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await trx.insertInto('schema_migration').values({ version: m.version, name: m.name, checksum: m.checksum }).execute();
        });
        applied.push(`${m.version}_${m.name}`);
      }
    } finally {
      await sql`select pg_advisory_unlock(7301)`.execute(conn);
    }
  });
  return { applied, current: migrations[migrations.length - 1]?.version };
}
