// `cancuoc start` as an operator runs it: the real command in a child process against a test
// database (DATABASE_URL), served by two worker processes: it seeds, prints the URLs and the
// bootstrap login, answers audited reads from whichever worker takes the connection, and stops
// cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { verifyAuditLog } from '../audit/verify.ts';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { freePort } from '../testing/ports.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-start-'));
});
after(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});


test('start seeds, prints URLs and the bootstrap login, serves from two workers, stops on SIGTERM', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--seed-people', '300', '--workers', '2', '--data', dir], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => { if (out.includes('Serving')) { clearInterval(timer); resolve(); } }, 50);
      void exited.then((code) => { clearInterval(timer); reject(new Error(`start exited with ${code}: ${out}${err}`)); });
    });
    const base = `http://127.0.0.1:${port}/api/v1`;
    assert.match(out, new RegExp(`API\\s+${base.replace(/[.]/g, '\\.')}`));
    assert.match(out, /Serving\s+by 2 worker processes/);
    const password = /Bootstrap\s+username admin\s+password (\S+)/.exec(out)?.[1];
    assert.ok(password, out);

    assert.equal((await fetch(`${base}/health`)).status, 200);
    assert.equal((await fetch(`${base}/persons/001090000001`)).status, 401);
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    assert.equal(login.status, 200);
    const { accessToken } = await login.json() as { accessToken: string };
    const [{ id_number: someone }] = await db.sql<{ id_number: string }[]>`select id_number from person order by id_number limit 1`;
    // Several connections, so both workers answer; every read lands in the one audit chain.
    const reads = await Promise.all(Array.from({ length: 12 }, () =>
      fetch(`${base}/persons/${someone}`, { headers: { authorization: `Bearer ${accessToken}`, connection: 'close' } })));
    for (const r of reads) assert.equal(r.status, 200);
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where subject = ${someone} and action = 'person.read'`;
    assert.equal(n, 12);
    // The platform's own sequencer puts them into the tree, signed with the platform's key.
    let queued = Infinity;
    for (let i = 0; i < 200 && queued > 0; i++) {
      queued = ((await (await fetch(`${base}/health`)).json()) as { audit: { queued: number } }).audit.queued;
      if (queued > 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(queued, 0);
    const key = (await (await fetch(`${base}/audit/log-key`)).json()) as { verifierKeys: string[] };
    const log = await verifyAuditLog(db.sql, key.verifierKeys);
    assert.equal(log.valid, true, log.reason);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, err);
  assert.match(out, /stopping/);
});
