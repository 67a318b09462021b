// SIGKILL in the middle of personalising a batch loses no card and issues no card number twice;
// re-running the batch completes it (issue 16 acceptance). A real child process
// (production-kill.child.ts) personalises the batch through the production path and is killed
// with SIGKILL inside the transaction of its fourth card, after that card's number was taken and
// the card written. PostgreSQL rolls that transaction back when the connection drops: the three
// cards committed before stay, the fourth number is a gap never used, and the re-run through the
// API makes exactly the missing cards.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { testHsmConfig } from '../testing/hsm.ts';
import { BA_DINH, client } from '../registry/test-helpers.ts';
import { approvedApplications } from './production-test-helpers.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: { id: string; authorization: string };
before(async () => {
  t = await createTestApp();
  c = client(t);
  central = await t.officer('central');
  // The keys exist before the child opens the same token.
  await t.services.pki.ensureKeys();
});
after(async () => { await t.close(); });

function runChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'production-kill.child.ts')], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const midway = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /midway (\d{10})/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', () => reject(new Error(`the child exited before reaching the middle of the batch: ${out}`)));
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { midway, exited, kill: () => child.kill('SIGKILL'), output: () => out };
}

const cards = () => t.db.sql<{ card_number: string; application_id: string; status: string }[]>`select card_number, application_id, status from card order by card_number`;

test('SIGKILL in the middle of personalising a batch loses no card, reuses no number, and the re-run completes the batch', { timeout: 120_000 }, async () => {
  const apps = await approvedApplications(t, central.authorization, 6, BA_DINH);
  const batch = (await c.post('/card-batches', central.authorization, { receivingUnitId: BA_DINH })).body;
  assert.equal(batch.applications, 6);

  const run = runChild({
    DATABASE_URL: t.db.url, HSM_DATA_DIR: path.dirname(testHsmConfig().softhsm!.dir), OFFICER_ID: central.id, BATCH_ID: batch.id, HALT_AT: '3',
  });
  const inFlight = await run.midway;
  // Half-way: three cards committed, the fourth written with its number, not committed.
  run.kill();
  const exit = await run.exited;
  assert.equal(exit.signal, 'SIGKILL', run.output());
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const afterKill = await cards();
  assert.equal(afterKill.length, 3, 'the three committed cards survive; the one in flight is gone');
  assert.ok(!afterKill.some((k) => k.card_number === inFlight), 'the card in flight was not committed');
  assert.ok(afterKill.every((k) => k.status === 'personalised'));
  const [chips] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from card_chip`;
  assert.equal(chips!.n, 3, 'no chip without its card');

  // The re-run (through the API) makes exactly the three missing cards.
  const rerun = await c.post(`/card-batches/${batch.id}/personalisation`, central.authorization, {});
  assert.equal(rerun.status, 200, JSON.stringify(rerun.body));
  assert.deepEqual([rerun.body.personalised.length, rerun.body.skipped, rerun.body.failed.length], [3, 3, 0]);
  const final = await cards();
  assert.equal(final.length, 6);
  assert.deepEqual(new Set(final.map((k) => k.application_id)), new Set(apps.map((a) => a.applicationId)), 'every application has a card');
  assert.equal(new Set(final.map((k) => k.application_id)).size, 6, 'exactly one card per application');
  assert.equal(new Set(final.map((k) => k.card_number)).size, 6, 'card numbers are unique');
  assert.ok(!final.some((k) => k.card_number === inFlight), 'the number of the killed card is never issued (a gap, not a reuse)');
  assert.ok(final.every((k) => k.card_number > inFlight || afterKill.some((a) => a.card_number === k.card_number)), 'the re-run takes fresh numbers after the gap');

  // And the batch completes: every card passes quality control.
  const qc = await c.post(`/card-batches/${batch.id}/quality-control`, central.authorization, {});
  assert.equal(qc.status, 200, JSON.stringify(qc.body));
  assert.ok(qc.body.checked.every((k: { passed: boolean }) => k.passed));
  assert.equal(qc.body.batch.status, 'quality_checked');
});
