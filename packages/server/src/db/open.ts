// Opens the platform's database: the embedded PostgreSQL under <dataDir>/pg by default, or any
// PostgreSQL ≥ 15 given by DATABASE_URL. Runs the migrations and loads reference data.
import { loadAdminUnits } from '../admin-units/load.ts';
import type { Config } from '../config.ts';
import { connect, type Sql } from './connect.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { migrate } from './migrate.ts';

export interface Database { sql: Sql; url: string; embedded?: EmbeddedServer; close(): Promise<void> }

const DATABASE_NAME = 'cancuoc';

export async function openDatabase(config: Config, options: {
  log?: (m: string) => void; migrate?: boolean; poolSize?: number;
  /** 'server' for `cancuoc start` (owns the embedded server); commands share a running one. */
  role?: 'server' | 'tool';
} = {}): Promise<Database> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, role: options.role, notice: options.log });
    const admin = connect(embedded.url('postgres'), { max: 1 });
    try {
      const [exists] = await admin`select 1 from pg_database where datname = ${DATABASE_NAME}`;
      if (!exists) await admin.unsafe(`create database ${DATABASE_NAME}`);
    } finally {
      await admin.end();
    }
    url = embedded.url(DATABASE_NAME);
  }
  const sql = connect(url, { max: options.poolSize });
  try {
    await checkServerVersion(sql);
    if (options.migrate !== false) await migrateAndLoad(sql, options.log);
  } catch (err) {
    await sql.end();
    await embedded?.stop();
    throw err;
  }
  return {
    sql, url, embedded,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}

export async function migrateAndLoad(sql: Sql, log?: (m: string) => void): Promise<void> {
  await migrate(sql, { log });
  const { inserted } = await loadAdminUnits(sql);
  if (inserted) log?.(`loaded ${inserted} administrative units`);
}

async function checkServerVersion(sql: Sql): Promise<void> {
  const [{ server_version_num }] = await sql<{ server_version_num: string }[]>`show server_version_num`;
  if (Number(server_version_num) < 150000) {
    throw new Error(`PostgreSQL ${server_version_num} is too old: cancuoc needs PostgreSQL 15 or newer`);
  }
}
