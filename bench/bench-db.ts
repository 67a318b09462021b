// Shared by the population benchmarks: the benchmark database under var/bench (gitignored), an
// embedded PostgreSQL that `bench:ingest` fills and `bench:lookup` / `bench:search` reuse.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, type Database } from '../packages/server/src/db/open.ts';
import { OfficerService } from '../packages/server/src/auth/officers.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

type ArgOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

export function benchArgs(extra: ArgOptions = {}) {
  const { values } = parseArgs({
    strict: true,
    options: {
      people: { type: 'string', default: '10000000' },
      data: { type: 'string', default: path.join(ROOT, 'var/bench') },
      'pg-port': { type: 'string', default: '18250' },
      reuse: { type: 'boolean', default: false },
      ...extra,
    },
  }) as { values: Record<string, string | boolean | undefined> };
  const people = Number(values.people);
  if (!Number.isInteger(people) || people < 1) throw new Error(`--people must be a whole number ≥ 1, got ${values.people}`);
  return { ...values, people, data: String(values.data), pgPort: Number(values['pg-port']), reuse: Boolean(values.reuse) } as Record<string, unknown> & { people: number; data: string; pgPort: number; reuse: boolean };
}

export async function openBenchDatabase(o: { data: string; pgPort: number; fresh: boolean; poolSize?: number }): Promise<Database> {
  if (o.fresh && existsSync(o.data)) rmSync(o.data, { recursive: true, force: true });
  mkdirSync(o.data, { recursive: true });
  chmodSync(o.data, 0o755);
  return openDatabase(loadConfig({ dataDir: o.data, embeddedPgPort: o.pgPort }), { poolSize: o.poolSize ?? 20 });
}

export async function personCount(db: Database): Promise<number> {
  const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from person`;
  return n;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/**
 * The platform as its own process (`cancuoc start` on the benchmark database through
 * DATABASE_URL), with a central officer's bearer token. A separate process, so that the load
 * generator in the benchmark's process does not share the server's event loop.
 */
export async function startPlatform(db: Database, o: { data: string; port: number }): Promise<{ base: string; authorization: string; stop(): Promise<void> }> {
  const server = await startServerProcess([path.join(ROOT, 'packages/server/bin/cancuoc.js'), 'start', '--data', o.data, '--port', String(o.port), '--seed-people', '0'],
    // The load generator is one client address asking far more than a person would.
    { name: 'cancuoc start', env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error', CANCUOC_RATE_LIMIT: '100000000' }, ready: 'Bootstrap' });
  const username = `bench-${Date.now()}`;
  const password = 'bench password 123';
  await new OfficerService(db.sql).create({ username, displayName: 'bench', role: 'central', password });
  const base = `http://127.0.0.1:${o.port}`;
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { base, authorization: `Bearer ${accessToken}`, stop: server.stop };
}

/**
 * A server as its own Node process (`node <args>`), resolved once its standard output shows
 * `ready` (rejected, with what it printed, if it exits first); stop() ends it with SIGTERM and waits for it to exit.
 */
export async function startServerProcess(args: string[], o: { name: string; env?: NodeJS.ProcessEnv; ready: string }): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: o.env ?? process.env });
  // Never leave the server behind when the benchmark fails half-way.
  process.once('exit', () => child.kill('SIGTERM'));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(o.ready)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${o.name} exited with ${code}: ${out}`)));
  });
  return {
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
