// A merge that fails midway leaves both records as they were (issue 19): a real child process runs
// the merge and is killed with SIGKILL inside the merge's transaction, after it has written the
// survivor, the retired record, the moved references and the household (merge-kill.child.ts).
// PostgreSQL rolls the transaction back when the connection drops: the register is exactly as it
// was, and the same merge then goes through.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { BA_DINH, client, HONG_HA, registered } from './test-helpers.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: { id: string; authorization: string };
before(async () => {
  t = await createTestApp();
  c = client(t);
  central = await t.officer('central');
});
after(async () => { await t.close(); });

/** Everything a merge writes or moves: rows, versions, events, households, merges, audit, outbox. */
async function state(): Promise<string> {
  const [row] = await t.db.sql<{ s: string }[]>`
    select md5(concat_ws('#',
      (select string_agg(to_jsonb(p)::text, ',' order by id_number) from person p),
      (select string_agg(concat_ws('|', id, head_id), ',' order by id) from household),
      (select count(*) from person_version), (select count(*) from life_event), (select count(*) from person_merge),
      (select count(*) from person_retired), (select count(*) from audit_log), (select count(*) from outbox_event),
      (select count(*) from idempotency_key))) as s`;
  return row!.s;
}

const born = (body: Record<string, unknown>) => registered(t, central.authorization, body);

function runChild(env: Record<string, string>): { midway: Promise<void>; exited: Promise<{ code: number | null; signal: string | null }>; kill: () => void; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'merge-kill.child.ts')], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const midway = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('midway')) resolve(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', () => reject(new Error(`the child exited before reaching the middle of the merge: ${out}`)));
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { midway, exited, kill: () => child.kill('SIGKILL'), output: () => out };
}

test('SIGKILL in the middle of a merge leaves both records as they were', async () => {
  const retired = await born({ fullName: 'Vũ Văn Toàn', birthDate: '1966-06-06', permanentResidence: { unitId: BA_DINH, address: 'Số 4 phố Liễu Giai' } });
  const h = await c.post('/households', central.authorization, { headIdNumber: retired, unitId: BA_DINH, address: 'Số 4 phố Liễu Giai', legalBasis: 'Đăng ký thường trú' });
  assert.equal(h.status, 201);
  const child = await born({ fullName: 'Vũ Thị Thu', sex: 'female', birthDate: '1994-04-04', fatherIdNumber: retired, householdId: h.body.id, relationshipToHead: 'Con' });
  const survivor = await born({ fullName: 'Vu Van Toan', birthDate: '1966-06-06', permanentResidence: { unitId: HONG_HA, address: 'Số 9 phố Hàng Gai' } });
  const before = await state();

  const run = runChild({ DATABASE_URL: t.db.url, SURVIVOR: survivor, RETIRED: retired, OFFICER_ID: central.id });
  await run.midway;
  // Half-way: the survivor, the retired record, the child and the household are written, uncommitted.
  run.kill();
  const exit = await run.exited;
  assert.equal(exit.signal, 'SIGKILL', run.output());
  // PostgreSQL ends the killed client's transaction once it sees the connection drop.
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await state(), before, 'the register is exactly as before the merge');
  assert.equal((await c.get(`/persons/${retired}`, central.authorization)).status, 200);
  assert.equal((await c.get(`/persons/${child}`, central.authorization)).body.father.idNumber, retired);
  assert.equal((await c.get(`/households/${h.body.id}`, central.authorization)).body.head.idNumber, retired);

  // Nothing is left locked: the same merge completes now (the listener of the killed process is gone).
  const { mergePersonsInTx } = await import('./merge.ts');
  const { writeTx } = await import('./service.ts');
  const { AuditTrail } = await import('../audit/trail.ts');
  const officer = (await t.services.officers.byId(central.id))!;
  const caller = { officer, requestId: 'merge-after-kill', trail: new AuditTrail() };
  const { merge } = await writeTx(t.services, caller, (tx, key) => mergePersonsInTx(tx, caller, key, { survivor, retired, legalBasis: 'Quyết định hợp nhất' }));
  assert.equal(merge.retired, retired);
  assert.equal((await c.get(`/persons/${child}`, central.authorization)).body.father.idNumber, survivor);
});
