// Migration runner (DESIGN.md §5): numbered SQL files in packages/server/migrations, applied in
// order, each in its own transaction under a transaction-level advisory lock, so that two
// processes starting at once (e.g. `cancuoc start` on two nodes) never apply one twice.
// An applied migration that was edited afterwards is refused: history must not be rewritten.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sql } from './connect.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
/** Arbitrary constant shared by every cancuoc process: 'cancuoc' in ASCII. */
const MIGRATION_LOCK = 0x63616e63756f63n;

export interface Migration { version: number; name: string; sql: string; checksum: string }

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3,}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(dir + file, 'utf8');
      return {
        version: Number(file.split('_')[0]),
        name: file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export class MigrationError extends Error {
  readonly code = 'ERR_MIGRATION';
}

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(sql: Sql, options: { log?: (msg: string) => void; /** Stop after this version (tests of a migration). */ until?: number } = {}): Promise<string[]> {
  await sql`
    create table if not exists schema_migration (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
  const applied: string[] = [];
  for (const m of listMigrations()) {
    if (options.until !== undefined && m.version > options.until) break;
    const done = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK.toString()}::bigint)`;
      const [row] = await tx<{ checksum: string }[]>`select checksum from schema_migration where version = ${m.version}`;
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new MigrationError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
        }
        return false;
      }
      await tx.unsafe(m.sql);
      await tx`insert into schema_migration (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
      return true;
    });
    if (done) {
      applied.push(m.name);
      options.log?.(`applied ${m.name}`);
    }
  }
  return applied;
}
