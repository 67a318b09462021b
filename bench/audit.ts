// bench:audit — the audit log as a transparency log (docs/audit.md), each figure beside a limit
// measured in the same run on the same database:
//   1. appends per second with the sequencer running: entries group-committed as reads audit them
//      (AuditWriter), and one transaction per entry as writes do — beside the same rows INSERTed
//      into a bare table (no index, no queue) in the same way;
//   2. the sequencing delay under that load: for every signed tree head, how long the oldest entry
//      it took had waited since its commit (p50, p99, max; target p99 < 1 s);
//   3. inclusion proofs built per second — beside reading the same tiles alone;
//   4. `audit verify` of a log of --entries (default 10 M) — beside one sequential scan of the
//      entries; and the sequencer's catch-up rate on that log.
//   npm run bench:audit -- [--entries 10000000] [--seconds 15] [--concurrency 16] [--data var/bench-audit] [--pg-port 18260]
import { parseArgs } from 'node:util';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { appendAuditInTx, AuditWriter } from '../packages/server/src/audit/log.ts';
import { ephemeralAuditLogKey } from '../packages/server/src/audit/log-key.ts';
import { inclusionProof } from '../packages/server/src/audit/proofs.ts';
import { AuditSequencer } from '../packages/server/src/audit/sequencer.ts';
import { TILE_HEIGHT } from '../packages/server/src/audit/tree-store.ts';
import { verifyAuditLog } from '../packages/server/src/audit/verify.ts';
import { planInclusionProof } from '@cancuoc/tlog';
import { fmt, openBenchDatabase, ROOT } from './bench-db.ts';

const { values } = parseArgs({
  strict: true,
  options: {
    entries: { type: 'string', default: '10000000' },
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '16' },
    data: { type: 'string', default: path.join(ROOT, 'var/bench-audit') },
    'pg-port': { type: 'string', default: '18260' },
  },
});
const entries = Number(values.entries);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const say = (m: string) => process.stdout.write(m + '\n');
const key = ephemeralAuditLogKey('bench/audit');
const db = await openBenchDatabase({ data: String(values.data), pgPort: Number(values['pg-port']), fresh: true, poolSize: concurrency + 4 });
const sql = db.sql;

const entry = (i: number) => ({ actor: `officer:bench-${i % 97}`, action: 'person.read', subject: String(100000000000 + (i % 899999999999)), requestId: `bench-${i}`, details: { version: 1 + (i % 5) } });
/** Runs `worker` on `concurrency` loops for `s` seconds; returns how many times it completed. */
async function loops(s: number, worker: (i: number) => Promise<void>): Promise<number> {
  const until = performance.now() + s * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await worker(done);
      done++;
    }
  }));
  return done / s;
}

try {
  say(`bench:audit — ${concurrency} concurrent appenders, ${seconds} s per run; verify of ${fmt(entries)} entries`);
  await sql`create table bench_raw (at timestamptz, actor text, action text, subject text, request_id text, details jsonb)`;
  const rawInsert = (tx: typeof sql, rows: ReturnType<typeof entry>[]) => tx`
    insert into bench_raw select now(), * from unnest(${rows.map((r) => r.actor)}::text[], ${rows.map((r) => r.action)}::text[],
      ${rows.map((r) => r.subject)}::text[], ${rows.map((r) => r.requestId)}::text[], ${rows.map((r) => JSON.stringify(r.details))}::jsonb[])`;

  // 1. Appends, with the sequencer running in this process as `cancuoc start` runs it.
  const sequencer = new AuditSequencer(sql, key, { intervalMs: 200 });
  sequencer.start();
  const [{ t0 }] = await sql<{ t0: Date }[]>`select clock_timestamp() as t0`;
  const writer = new AuditWriter(sql);
  const reads = await loops(seconds, async (i) => writer.record(entry(i)));
  const writes = await loops(seconds, async (i) => { await sql.begin((tx) => appendAuditInTx(tx, [entry(i)])); });
  // Group commit for the bare table too: the same batching the writer does.
  let pending: { row: ReturnType<typeof entry>; done: () => void }[] = [];
  let flushing = false;
  const rawRecord = (row: ReturnType<typeof entry>) => new Promise<void>((done) => {
    pending.push({ row, done });
    if (!flushing) void (async () => {
      flushing = true;
      while (pending.length > 0) {
        const batch = pending;
        pending = [];
        await rawInsert(sql, batch.map((b) => b.row));
        for (const b of batch) b.done();
      }
      flushing = false;
    })();
  });
  const rawGrouped = await loops(seconds, async (i) => rawRecord(entry(i)));
  const rawTx = await loops(seconds, async (i) => { await sql.begin((tx) => rawInsert(tx as never, [entry(i)])); });
  await sequencer.stop();
  say(`appends, group-committed (as reads are audited): ${fmt(reads)} entries/s — the same rows into a bare table: ${fmt(rawGrouped)}/s (${(100 * reads / rawGrouped).toFixed(0)} %)`);
  say(`appends, one transaction each (as writes are audited): ${fmt(writes)} entries/s — bare table: ${fmt(rawTx)}/s (${(100 * writes / rawTx).toFixed(0)} %)`);

  // 2. The sequencing delay during that load.
  const [delay] = await sql<{ heads: number; p50: number; p99: number; max: number }[]>`
    select count(*)::int as heads,
           percentile_cont(0.5) within group (order by extract(epoch from signed_at - oldest_queued_at))::float8 * 1000 as p50,
           percentile_cont(0.99) within group (order by extract(epoch from signed_at - oldest_queued_at))::float8 * 1000 as p99,
           max(extract(epoch from signed_at - oldest_queued_at))::float8 * 1000 as max
    from audit_tree_head where signed_at >= ${t0}`;
  const backlog = await sql`select 1 from audit_unsequenced`;
  say(`sequencing delay under that load (worst entry of each of ${delay!.heads} signed tree heads): p50 ${delay!.p50.toFixed(0)} ms, p99 ${delay!.p99.toFixed(0)} ms (target < 1000), max ${delay!.max.toFixed(0)} ms; queue left ${backlog.length}`);

  // 3. Inclusion proofs against the latest tree head, random entries.
  const [{ n: leaves }] = await sql<{ n: number }[]>`select count(*)::int as n from audit_leaf`;
  const seqOf = async (leaf: number) => (await sql<{ seq: string }[]>`select seq::text from audit_leaf where leaf_index = ${leaf}`)[0]!.seq;
  const picks = await Promise.all(Array.from({ length: 512 }, () => seqOf(Math.floor(Math.random() * leaves))));
  const proofs = await loops(seconds / 3, async (i) => { await inclusionProof(sql, picks[i % picks.length]!); });
  const tilesOnly = await loops(seconds / 3, async (i) => {
    const plan = planInclusionProof(Math.floor(((i * 7919) % leaves)), leaves, { tileHeight: TILE_HEIGHT });
    await sql`select hashes from audit_tile t join unnest(${plan.tiles.map((t) => t.level)}::smallint[], ${plan.tiles.map((t) => String(t.index))}::bigint[]) k(l, i) on t.level = k.l and t.idx = k.i`;
  });
  say(`inclusion proofs (tree of ${fmt(leaves)}): ${fmt(proofs)}/s — reading the same number of tiles alone: ${fmt(tilesOnly)}/s (${(100 * proofs / tilesOnly).toFixed(0)} %)`);

  // 4. A log of `entries` entries: bulk-filled, sequenced, verified.
  await sql`truncate bench_raw`;
  const start = await sql<{ s: string }[]>`select nextval('audit_log_seq_seq')::text as s`;
  const first = BigInt(start[0]!.s) + 1n;
  const at = new Date().toISOString();
  const copy = await sql`copy audit_log (seq, at, actor, action, subject, request_id, details) from stdin`.writable();
  await pipeline(Readable.from((function* () {
    let chunk = '';
    for (let i = 0; i < entries; i++) {
      const e = entry(i);
      chunk += `${first + BigInt(i)}\t${at}\t${e.actor}\t${e.action}\t${e.subject}\t${e.requestId}\t${JSON.stringify(e.details)}\n`;
      if (chunk.length > 1 << 20) { yield chunk; chunk = ''; }
    }
    if (chunk) yield chunk;
  })()), copy);
  await sql`select setval('audit_log_seq_seq', ${String(first + BigInt(entries))}::bigint)`;
  await sql`insert into audit_unsequenced (seq) select seq from audit_log where seq >= ${String(first)}::bigint`;
  await sql`vacuum analyze audit_log`;
  await sql`vacuum analyze audit_unsequenced`;
  const catchUp = new AuditSequencer(sql, key, { batchSize: 50_000 });
  let t = performance.now();
  const sequenced = await catchUp.sequenceAll();
  const seqSeconds = (performance.now() - t) / 1000;
  await catchUp.stop();
  say(`sequencer catching up on ${fmt(sequenced)} queued entries: ${seqSeconds.toFixed(1)} s = ${fmt(sequenced / seqSeconds)} entries/s`);
  t = performance.now();
  await sql`select sum(length(actor) + length(details::text)) from audit_log`;
  const scanSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const v = await verifyAuditLog(sql, [key.verifierKey]);
  const verifySeconds = (performance.now() - t) / 1000;
  if (!v.valid) throw new Error(`the benchmark's log does not verify: ${v.reason}`);
  say(`audit verify of ${fmt(v.entries)} entries (${v.treeHeads} signed tree heads): ${(verifySeconds / 60).toFixed(1)} min = ${fmt(v.entries / verifySeconds)} entries/s — one sequential scan of the entries: ${scanSeconds.toFixed(1)} s`);
  say(`RESULT audit: reads audited ${fmt(reads)}/s (${(100 * reads / rawGrouped).toFixed(0)} % of a bare table), writes audited ${fmt(writes)}/s (${(100 * writes / rawTx).toFixed(0)} %), sequencing delay p99 ${delay!.p99.toFixed(0)} ms, proofs ${fmt(proofs)}/s, verify of ${fmt(v.entries)} in ${(verifySeconds / 60).toFixed(1)} min`);
} finally {
  await db.close();
}
