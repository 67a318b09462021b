// Shared by bench:lookup and bench:search: make sure the benchmark register (var/bench, filled
// by bench:ingest or here) holds N persons, then run the real platform (`cancuoc start`) as its
// own process, so that the load generator in this process does not share its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runSeed } from '../../packages/server/src/cli/seed.ts';
import { idNumberKey } from '../../packages/server/src/keys.ts';
import { fmt, openBenchDatabase, personCount, ROOT } from '../bench-db.ts';

export async function ensurePopulation(o: { data: string; pgPort: number; people: number; say: (m: string) => void }): Promise<void> {
  const db = await openBenchDatabase({ data: o.data, pgPort: o.pgPort, fresh: false, poolSize: 4 });
  try {
    const n = await personCount(db);
    if (n >= o.people) return o.say(`register: ${fmt(n)} persons (reused from ${o.data})`);
    if (n > 0) throw new Error(`${o.data} holds ${fmt(n)} persons, fewer than --people ${fmt(o.people)}: remove it or pass --people ${n}`);
    o.say(`register: seeding ${fmt(o.people)} persons into ${o.data} (once; later runs reuse it)`);
    await runSeed(db.sql, { people: o.people, seed: 1, asOf: '2026-11-23', key: idNumberKey(o.data), progress: true, actor: 'cli:seed' });
  } finally {
    await db.close();
  }
}

export interface RunningPlatform { base: string; pgUrl: string; adminAuthorization: string; stop(): Promise<void> }

export async function startPlatform(o: { data: string; pgPort: number; httpPort: number }): Promise<RunningPlatform> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'packages/server/bin/cancuoc.js'), 'start',
    '--data', o.data, '--pg-port', String(o.pgPort), '--port', String(o.httpPort), '--seed-people', '0'],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'error' } });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Bootstrap')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`cancuoc start exited with ${code}: ${out}`)));
  });
  const base = `http://127.0.0.1:${o.httpPort}`;
  const password = readFileSync(path.join(o.data, 'pg-password'), 'utf8').trim();
  const admin = JSON.parse(readFileSync(path.join(o.data, 'bootstrap-admin.json'), 'utf8')) as { username: string; password: string };
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  if (login.status !== 200) throw new Error(`bootstrap login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return {
    base,
    pgUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${o.pgPort}/cancuoc`,
    adminAuthorization: `Bearer ${accessToken}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** p-th percentile (0..1) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

export { ROOT };
