// The CLI beside a live platform, as an operator or an auditor uses it: `cancuoc start` on an
// embedded PostgreSQL in its own data directory, then commands run against the same directory
// while it serves (they use the running database, never start a second one on the same files),
// then the platform SIGKILLed (its PostgreSQL outlives it) and the commands again, then a new
// `start` that adopts the orphaned PostgreSQL and stops it when it stops. And a data directory
// PostgreSQL cannot enter gets a message that names it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runningCluster } from '../db/embedded.ts';
import { freePort } from '../testing/ports.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');

let root: string;
let dataDir: string;
before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-live-'));
  dataDir = path.join(root, 'var');
});
after(async () => {
  const pg = runningCluster(path.join(dataDir, 'pg'));
  if (pg) process.kill(pg.pid, 'SIGINT');
  for (let i = 0; i < 100 && runningCluster(path.join(dataDir, 'pg')); i++) await new Promise((r) => setTimeout(r, 100));
  rmSync(root, { recursive: true, force: true });
});


const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'error' };
  delete e.DATABASE_URL;
  return e;
};

/** One command; one that has not finished after `limitMs` is killed and named with what it printed. */
function cancuoc(args: string[], input?: string, limitMs = 180_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cancuoc ${args.join(' ')} did not finish in ${limitMs} ms:\n${stdout}${stderr}`));
    }, limitMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

interface Platform { child: ChildProcess; out: () => string; exited: Promise<number | null> }

async function startPlatform(port: number, pgPort: number): Promise<Platform> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--pg-port', String(pgPort), '--seed-people', '50', '--workers', '1', '--data', dataDir],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (out.includes('Serving')) { clearInterval(timer); resolve(); }
      else if (Date.now() - started > 180_000) { clearInterval(timer); child.kill('SIGKILL'); reject(new Error(`start did not serve in 180 s: ${out}`)); }
    }, 50);
    void exited.then((code) => { clearInterval(timer); reject(new Error(`start exited with ${code}: ${out}`)); });
  });
  return { child, out: () => out, exited };
}

async function login(port: number, username: string, password: string): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return r.status;
}

/** migrate, export, import (of what was exported: refused, every number is taken), seed, officer list. */
async function everyDatabaseCommand(when: string): Promise<void> {
  const file = path.join(root, `export-${when.length}.ndjson`);
  for (const [args, expected] of [
    [['migrate', '--data', dataDir], 0],
    [['export', '--data', dataDir, '--format', 'ndjson', '--out', file], 0],
    [['import', file, '--data', dataDir, '--no-progress'], 2],
    [['seed', '--people', '20', '--seed', String(when.length), '--data', dataDir], 0],
    [['officer', 'list', '--data', dataDir], 0],
  ] as [string[], number][]) {
    const r = await cancuoc(args);
    assert.equal(r.code, expected, `${args[0]} ${when}: ${r.stdout}${r.stderr}`);
    assert.doesNotMatch(r.stderr, /cancuoc: undefined|postmaster\.pid|lock file/, `${args[0]} ${when}`);
  }
}

test('a data directory PostgreSQL cannot enter is named, with the fix', { timeout: 60_000 }, async () => {
  // mkdtemp makes root's 0700 directory: the `postgres` user cannot enter it.
  chmodSync(root, 0o700);
  mkdirSync(dataDir, { recursive: true });
  const r = await cancuoc(['migrate', '--data', dataDir, '--pg-port', String(await freePort())]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`cannot enter ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(mode 0700`));
  assert.match(r.stderr, /chmod o\+x/);
  chmodSync(root, 0o755);
});

test('commands run beside a live start, after it was SIGKILLed, and a new start adopts its PostgreSQL', { timeout: 600_000 }, async () => {
  const [port, pgPort] = [await freePort(), await freePort()];
  const first = await startPlatform(port, pgPort);
  try {
    // Beside the live platform: create an officer with a chosen password, log in with it.
    const created = await cancuoc(['officer', 'create', '--username', 'live.clerk', '--role', 'central', '--password-stdin', '--data', dataDir], 'a-long-live-password\n');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).username, 'live.clerk');
    assert.ok(!('password' in JSON.parse(created.stdout)), 'a password given on stdin is not echoed');
    assert.equal(await login(port, 'live.clerk', 'a-long-live-password'), 200);
    const verify = await cancuoc(['audit', 'verify', '--data', dataDir]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.equal(JSON.parse(verify.stdout).valid, true);
    // Disabled from the CLI: the running server refuses the login at once.
    const disabled = await cancuoc(['officer', 'disable', '--username', 'live.clerk', '--data', dataDir]);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal(JSON.parse(disabled.stdout).active, false);
    assert.equal(await login(port, 'live.clerk', 'a-long-live-password'), 401);
    // The other commands that use the database, beside the live platform.
    await everyDatabaseCommand('beside the live platform');
    // A second start on the same directory is refused with the reason.
    const second = await cancuoc(['start', '--port', String(await freePort()), '--data', dataDir]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /another cancuoc start \(pid \d+\) is serving from/);
  } finally {
    first.child.kill('SIGKILL');
    await first.exited;
  }
  // Killed: its PostgreSQL is still running. Commands use it.
  const orphan = runningCluster(path.join(dataDir, 'pg'));
  assert.ok(orphan, 'PostgreSQL outlived the killed start');
  const after = await cancuoc(['audit', 'verify', '--data', dataDir]);
  assert.equal(after.code, 0, after.stderr);
  const enabled = await cancuoc(['officer', 'enable', '--username', 'live.clerk', '--data', dataDir]);
  assert.equal(enabled.code, 0, enabled.stderr);
  await everyDatabaseCommand('after the platform was killed');
  // A new start adopts it, serves, and stops it on SIGTERM.
  const port2 = await freePort();
  const again = await startPlatform(port2, pgPort);
  assert.match(again.out(), /adopting the PostgreSQL \(pid \d+/);
  assert.equal(await login(port2, 'live.clerk', 'a-long-live-password'), 200);
  again.child.kill('SIGTERM');
  const stopped = await Promise.race([again.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 120_000).unref())]);
  if (stopped === 'hung') again.child.kill('SIGKILL');
  assert.equal(stopped, 0, `start on SIGTERM: ${again.out()}`);
  assert.equal(runningCluster(path.join(dataDir, 'pg')), undefined, 'the adopted PostgreSQL was stopped');
});
