// Entries committed but not yet sequenced survive a SIGKILL of the platform: after a restart the
// sequencer puts them into the tree, and their inclusion proofs verify with the standalone
// verifier. The real `cancuoc start` in child processes, on a test database (DATABASE_URL).
import { verifyProofBundle } from '@cancuoc/tlog/verify-proof';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { freePort } from '../testing/ports.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-sequencer-'));
});
after(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(port: number, env: Record<string, string>): Promise<{ child: ChildProcess; out: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--seed-people', '100', '--workers', '1', '--data', dir], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => { if (out.includes('Serving')) { clearInterval(timer); resolve(); } }, 50);
    void exited.then((code) => { clearInterval(timer); reject(new Error(`start exited with ${code}: ${out}`)); });
  });
  return { child, out: () => out, exited };
}

test('entries committed before a SIGKILL are sequenced after the restart, and provable', { timeout: 180_000 }, async () => {
  const port = await freePort();
  // A sequencer that looks only once an hour: what is read now stays queued.
  const first = await start(port, { CANCUOC_SEQUENCER_INTERVAL_MS: '3600000' });
  after(() => { first.child.kill('SIGKILL'); });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const password = /Bootstrap\s+username admin\s+password (\S+)/.exec(first.out())![1]!;
  const login = async () => ((await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json()) as { accessToken: string }).accessToken;
  const token = await login();
  const [{ id_number: someone }] = await db.sql<{ id_number: string }[]>`select id_number from person order by id_number limit 1`;
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${base}/persons/${someone}`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': `before-kill-${i}` } });
    assert.equal(r.status, 200);
  }
  const health = await (await fetch(`${base}/health`)).json() as { audit: { queued: number } };
  assert.ok(health.audit.queued >= 5, JSON.stringify(health));
  first.child.kill('SIGKILL');
  await first.exited;
  const queued = await db.sql<{ seq: string }[]>`
    select l.seq::text from audit_log l join audit_unsequenced u on u.seq = l.seq where l.request_id like 'before-kill-%' order by l.seq`;
  assert.equal(queued.length, 5, 'committed before the kill, still queued');

  const second = await start(port, {});
  after(() => { second.child.kill('SIGKILL'); });
  try {
    let waiting = Infinity;
    for (let i = 0; i < 200 && waiting > 0; i++) {
      waiting = (await (await fetch(`${base}/health`)).json() as { audit: { queued: number } }).audit.queued;
      if (waiting > 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(waiting, 0, 'the restarted sequencer emptied the queue');
    const admin = await login();
    const key = (await (await fetch(`${base}/audit/log-key`)).json() as { verifierKey: string }).verifierKey;
    for (const { seq } of queued) {
      const proof = await fetch(`${base}/audit/entries/${seq}/proof`, { headers: { authorization: `Bearer ${admin}` } });
      assert.equal(proof.status, 200);
      assert.match(verifyProofBundle(await proof.json(), key), /is in the log/);
    }
  } finally {
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.out());
  }
});
