// The audit log as a transparency log (docs/audit.md): entries appended concurrently, sequenced
// into the Merkle tree by one sequencer, proofs that the standalone verifier (packages/tlog
// verify-proof.ts, the file an outsider runs) accepts, and every kind of tampering detected by
// `audit verify` and by the proofs.
import { verifyProofBundle } from '@cancuoc/tlog/verify-proof';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { testAuditLogKey, sequenceAll, verifyLog } from '../testing/audit.ts';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { appendAudit, appendAuditInTx, AuditWriter } from './log.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { AuditSequencer } from './sequencer.ts';
import { verifyAuditLog } from './verify.ts';

const KEY = testAuditLogKey.verifierKey;
/** The entries in tree order (the template database may hold entries of its own). */
const seqsOf = async (db: TestDatabase) => (await db.sql<{ seq: string }[]>`select seq::text from audit_leaf order by leaf_index`).map((r) => r.seq);
const headSizes = async (db: TestDatabase) => (await db.sql<{ size: string }[]>`select size::text from audit_tree_head order by audit_tree_head.size`).map((r) => Number(r.size));

async function superuser(db: TestDatabase, statement: string) {
  // What an attacker with database superuser rights could do: switch the guards off and edit.
  await db.sql.unsafe(`set session_replication_role = replica; ${statement}; set session_replication_role = origin`);
}

describe('appending and sequencing', () => {
  let db: TestDatabase;
  before(async () => { db = await createTestDatabase(); });
  after(async () => { await db.drop(); });

  test('concurrent appenders, one tree: every entry sequenced once, the log verifies', async () => {
    const writer = new AuditWriter(db.sql);
    await Promise.all(Array.from({ length: 200 }, (_, i) => writer.record({ actor: 'officer:test', action: 'person.read', subject: String(100000000000 + i), details: { i, nested: { b: 1, a: [2, 'ă'] } } })));
    await db.sql.begin((tx) => appendAuditInTx(tx, [{ actor: 'system', action: 'seed', details: { people: 10 } }]));
    const [{ all }] = await db.sql<{ all: number }[]>`select count(*)::int as all from audit_log`;
    assert.ok(await sequenceAll(db.sql) >= 201);
    const r = await verifyAuditLog(db.sql, [KEY]);
    assert.deepEqual({ valid: r.valid, entries: r.entries, treeSize: r.treeSize, queued: r.queued }, { valid: true, entries: all, treeSize: all, queued: 0 });
    const [{ leaves, distinct }] = await db.sql<{ leaves: number; distinct: number }[]>`select count(*)::int as leaves, count(distinct seq)::int as distinct from audit_leaf`;
    assert.equal(leaves, distinct);
  });

  test('a failed write transaction leaves no entry behind, queued or not', async () => {
    const before = (await seqsOf(db)).length;
    await assert.rejects(db.sql.begin(async (tx) => {
      await appendAuditInTx(tx, [{ actor: 'officer:x', action: 'person.update', subject: '001090000001' }]);
      throw new Error('boom');
    }));
    assert.equal((await seqsOf(db)).length, before);
    assert.equal((await db.sql`select 1 from audit_unsequenced`).length, 0);
  });

  test('entries, leaves and tree heads refuse updates and deletes; tiles only grow', async () => {
    await assert.rejects(db.sql`update audit_log set actor = 'x' where seq = 5`, /append-only/);
    await assert.rejects(db.sql`delete from audit_log where seq = 5`, /append-only/);
    await assert.rejects(db.sql`update audit_leaf set seq = 6 where leaf_index = 4`, /append-only/);
    await assert.rejects(db.sql`delete from audit_tree_head`, /append-only/);
    await assert.rejects(db.sql`update audit_tile set hashes = substring(hashes from 1 for 32) where level = 0 and idx = 0`, /may only grow/);
  });

  test('only one sequencer holds the lock; the other waits and takes over when it stops', async () => {
    const a = new AuditSequencer(db.sql, testAuditLogKey);
    const b = new AuditSequencer(db.sql, testAuditLogKey);
    try {
      assert.equal(await a.acquire(), true);
      assert.equal(await b.acquire(), false);
      await appendAudit(db.sql, [{ actor: 'system', action: 'test.one' }]);
      assert.equal(await b.sequenceOnce(), 0, 'the second sequencer appends nothing');
      assert.equal(await a.sequenceOnce(), 1);
      await a.stop();
      await appendAudit(db.sql, [{ actor: 'system', action: 'test.two' }]);
      assert.equal(await b.sequenceOnce(), 1, 'it takes over');
    } finally {
      await a.stop();
      await b.stop();
    }
    assert.equal((await verifyAuditLog(db.sql, [KEY])).valid, true);
  });
});

describe('proofs', () => {
  let db: TestDatabase;
  let sizes: number[] = [];
  before(async () => {
    // Trees of 17 successive sizes (one entry, then one signed tree head, at a time).
    db = await createTestDatabase();
    await sequenceAll(db.sql);
    for (let i = 0; i < 17; i++) {
      await appendAudit(db.sql, [{ actor: 'officer:proof', action: 'person.read', subject: String(200000000000 + i), details: { i } }]);
      await sequenceAll(db.sql);
    }
    sizes = (await headSizes(db)).slice(-17);
  });
  after(async () => { await db.drop(); });

  test('inclusion proofs of the first, middle and last entry verify at 17 successive sizes, with the standalone verifier', async () => {
    const seqs = await seqsOf(db);
    for (const size of sizes) {
      for (const leaf of new Set([0, Math.floor((size - 1) / 2), size - 1])) {
        const bundle = await inclusionProof(db.sql, seqs[leaf]!, size);
        assert.equal(bundle.leafIndex, leaf);
        assert.match(verifyProofBundle(bundle, KEY), /is in the log/, `leaf ${leaf} of ${size}`);
        const entry = JSON.parse(Buffer.from(bundle.entry!, 'base64').toString('utf8')) as unknown[];
        assert.equal(entry[0], seqs[leaf]);
      }
    }
  });

  test('consistency proofs between every two sizes verify', async () => {
    for (const first of sizes) {
      for (const second of sizes.filter((s) => s >= first)) {
        assert.match(verifyProofBundle(await consistencyProof(db.sql, first, second), KEY), /./, `${first} → ${second}`);
      }
    }
  });

  test('a large tree: proofs for entries across many tiles verify', async () => {
    const large = await createTestDatabase();
    try {
      const writer = new AuditWriter(large.sql);
      for (let batch = 0; batch < 6; batch++) {
        await Promise.all(Array.from({ length: 700 }, (_, i) => writer.record({ actor: 'officer:bulk', action: 'person.read', subject: String(300000000000 + batch * 1000 + i) })));
        await sequenceAll(large.sql);
      }
      const seqs = await seqsOf(large);
      assert.ok(seqs.length >= 4200);
      for (const leaf of [0, 1, 15, 16, 255, 256, 257, 2100, 4095, 4096, seqs.length - 1]) {
        assert.match(verifyProofBundle(await inclusionProof(large.sql, seqs[leaf]!), KEY), /is in the log/, `leaf ${leaf}`);
      }
      const heads = await headSizes(large);
      for (const [a, b] of [[heads[0]!, heads.at(-1)!], [heads[2]!, heads[3]!]]) {
        verifyProofBundle(await consistencyProof(large.sql, a, b), KEY);
      }
      assert.equal((await verifyAuditLog(large.sql, [KEY])).valid, true);
    } finally {
      await large.drop();
    }
  });
});

describe('tampering', () => {
  // Each case on a fresh log of 40 entries in 4 signed batches.
  async function log(): Promise<{ db: TestDatabase; seqs: string[] }> {
    const db = await createTestDatabase();
    for (let b = 0; b < 4; b++) {
      await appendAudit(db.sql, Array.from({ length: 10 }, (_, i) => ({ actor: 'officer:t', action: 'person.read', subject: String(400000000000 + b * 10 + i), details: { b, i } })));
      await sequenceAll(db.sql);
    }
    return { db, seqs: await seqsOf(db) };
  }

  const cases: { name: string; reason: RegExp; tamper: (db: TestDatabase, seqs: string[]) => Promise<void>; proofOf?: number }[] = [
    { name: 'a changed entry', reason: /another root than its signed head/, proofOf: 12, tamper: (db, s) => superuser(db, `update audit_log set details = '{"b": 9}' where seq = ${s[12]}`) },
    { name: 'a removed entry', reason: /was removed/, tamper: (db, s) => superuser(db, `delete from audit_log where seq = ${s[5]}`) },
    { name: 'two entries reordered', reason: /another root than its signed head/, proofOf: 21, tamper: (db, s) => superuser(db, `update audit_leaf set seq = -1 where seq = ${s[20]}; update audit_leaf set seq = ${s[20]} where seq = ${s[21]}; update audit_leaf set seq = ${s[21]} where seq = -1`) },
    { name: 'an entry inserted behind the log\'s back', reason: /neither in the tree nor queued/, tamper: (db) => superuser(db, `insert into audit_log (at, actor, action, details) values (now(), 'officer:mallory', 'person.read', '{}')`) },
    { name: 'a removed leaf', reason: /missing from the tree/, tamper: (db, s) => superuser(db, `delete from audit_leaf where seq = ${s[30]}`) },
    { name: 'a changed tile', reason: /stored tile .* changed/, proofOf: 3, tamper: (db) => superuser(db, `update audit_tile set hashes = overlay(hashes placing '\\x00' from 33 for 1) where level = 0 and idx = 0`) },
    { name: 'a forged tree head', reason: /another root than its signed head|not signed by a key/, tamper: (db) => superuser(db, 'update audit_tree_head set root_hash = sha256(root_hash) where size = (select min(size) from audit_tree_head)') },
  ];

  for (const c of cases) {
    test(`${c.name} is detected by audit verify${c.proofOf !== undefined ? ', and its proof fails' : ''}`, async () => {
      const { db, seqs } = await log();
      try {
        assert.equal((await verifyAuditLog(db.sql, [KEY])).valid, true);
        const before = c.proofOf !== undefined ? await inclusionProof(db.sql, seqs[c.proofOf]!) : undefined;
        await c.tamper(db, seqs);
        const r = await verifyAuditLog(db.sql, [KEY]);
        assert.equal(r.valid, false, c.name);
        assert.match(r.reason!, c.reason);
        if (c.proofOf !== undefined) {
          // A proof served by the tampered log does not verify against the signed tree head.
          const after = await inclusionProof(db.sql, seqs[c.proofOf]!).catch(() => undefined);
          if (after) assert.throws(() => verifyProofBundle(after, KEY), Error, `${c.name}: the tampered proof`);
          assert.match(verifyProofBundle(before, KEY), /is in the log/, 'a proof taken before still verifies: the evidence survives');
        }
      } finally {
        await db.drop();
      }
    });
  }
});

test('the hash chain of the entries before migration 016 moves into the tree in its order and still verifies', async () => {
  const admin = connect(process.env.CANCUOC_TEST_PG_URL!, { max: 1 });
  const name = `t_chain_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const sql = connect(process.env.CANCUOC_TEST_PG_URL!.replace(/\/[^/]*$/, `/${name}`), { max: 4 });
  try {
    await migrate(sql, { until: 15 });
    // Chain entries as migration 011's audit_append wrote them.
    const { chainTail } = await import('./chain.ts');
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      const e = { at, actor: 'officer:old', action: 'person.read', subject: String(500000000000 + i), requestId: null, details: { i } };
      await sql.unsafe('select audit_append($1::timestamptz, $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::jsonb[], $7::text[])', [
        at.toISOString(), [e.actor], [e.action], [e.subject], [null], [JSON.stringify(e.details)], [chainTail(e)],
      ] as never[]);
    }
    await migrate(sql);
    await appendAudit(sql, [{ actor: 'officer:new', action: 'person.read', subject: '500000000009' }]);
    assert.equal(await sequenceAll(sql), 6);
    const order = await sql<{ seq: string }[]>`select seq::text from audit_leaf order by leaf_index`;
    assert.deepEqual(order.map((o) => o.seq), ['1', '2', '3', '4', '5', '6']);
    const r = await verifyLog(sql);
    assert.deepEqual([r.valid, r.entries, r.treeSize], [true, 11, 6], JSON.stringify(r)); // 5 chain links + 6 leaves
    // The frozen chain is still checked: a changed old entry breaks both.
    await sql.unsafe(`set session_replication_role = replica; update audit_log set details = '{"i": 7}' where seq = 3; set session_replication_role = origin`);
    const broken = await verifyAuditLog(sql, [KEY]);
    assert.equal(broken.valid, false);
    assert.equal(broken.firstBadSeq, '3');
  } finally {
    await sql.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
