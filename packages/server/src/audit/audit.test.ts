import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { appendAuditInTx, AuditWriter } from './log.ts';
import { verifyAuditChain } from './verify.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  const writer = new AuditWriter(db.sql);
  // Many concurrent readers: the group writer must still produce one unbroken chain.
  await Promise.all(Array.from({ length: 200 }, (_, i) => writer.record({ actor: 'officer:test', action: 'person.read', subject: String(100000000000 + i), details: { i, nested: { b: 1, a: [2, 'ă'] } } })));
  await db.sql.begin((tx) => appendAuditInTx(tx, [{ actor: 'system', action: 'seed', details: { people: 10 } }]));
});
after(async () => { await db.drop(); });

test('an untouched chain verifies', async () => {
  const r = await verifyAuditChain(db.sql);
  assert.deepEqual(r, { valid: true, entries: 201 });
});

test('the log refuses updates and deletes', async () => {
  await assert.rejects(db.sql`update audit_log set actor = 'x' where seq = 5`, /append-only/);
  await assert.rejects(db.sql`delete from audit_log where seq = 5`, /append-only/);
});

test('a failed write transaction leaves no audit entry behind', async () => {
  await assert.rejects(db.sql.begin(async (tx) => {
    await appendAuditInTx(tx, [{ actor: 'officer:x', action: 'person.update', subject: '001090000001' }]);
    throw new Error('boom');
  }));
  assert.equal((await verifyAuditChain(db.sql)).entries, 201);
});

async function asSuperuserTampering(statement: string) {
  // What an attacker with database superuser rights could do: switch the guard off and edit.
  await db.sql.unsafe(`alter table audit_log disable trigger user; ${statement}; alter table audit_log enable trigger user`);
}

test('tampering is detected: changed content, removed entry, removed tail', async () => {
  await asSuperuserTampering(`update audit_log set details = '{"i": 999}' where seq = 50`);
  let r = await verifyAuditChain(db.sql);
  assert.equal(r.valid, false);
  assert.equal(r.firstBadSeq, '50');
  assert.match(r.reason!, /changed/);
});

test('removing an entry or the tail is detected', async () => {
  const fresh = await createTestDatabase();
  try {
    const w = new AuditWriter(fresh.sql);
    for (let i = 0; i < 10; i++) await w.record({ actor: 'a', action: 'x', details: { i } });
    await fresh.sql.unsafe(`alter table audit_log disable trigger user; delete from audit_log where seq = 10; alter table audit_log enable trigger user`);
    let r = await verifyAuditChain(fresh.sql);
    assert.equal(r.valid, false);
    assert.match(r.reason!, /removed from the end/);
    await fresh.sql.unsafe(`alter table audit_log disable trigger user; delete from audit_log where seq = 4; alter table audit_log enable trigger user`);
    r = await verifyAuditChain(fresh.sql);
    assert.equal(r.firstBadSeq, '4');
  } finally {
    await fresh.drop();
  }
});
