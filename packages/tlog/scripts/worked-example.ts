// The worked example of packages/tlog/README.md, computed: a log of 7 audit entries signed with a
// fixed example key, the inclusion proof of entry 5, the consistency proof from 3 to 7 entries, and
// the verifier's walk through RFC 9162 §2.1.3.2 step by step. A test checks that the README shows
// exactly these values.
//   node --import tsx packages/tlog/scripts/worked-example.ts
import { createHash, createPrivateKey } from 'node:crypto';
import {
  appendBatch,
  consistencyBundle,
  createMemoryTileStore,
  EMPTY_APPEND_STATE,
  inclusionBundle,
  leafHash,
  nodeHash,
  parseSignerKey,
  planConsistencyProof,
  planInclusionProof,
  runPlan,
  signCheckpoint,
  verifierKeyOf,
} from '../src/index.ts';

export const ORIGIN = 'cancuoc.example/audit';
const TIMES = ['08:29:57.120', '08:29:57.480', '08:29:58.015', '08:29:58.902', '08:29:59.311', '08:29:59.774', '08:30:00.205'];
const ACTIONS = ['person.read', 'person.read', 'card.application.create', 'person.read', 'person.update', 'person.read', 'audit.proof.read'];

/** The entries: canonical JSON of an audit record, as bytes (the log hashes whatever bytes it is given). */
export function exampleEntries(): Buffer[] {
  return TIMES.map((t, i) =>
    Buffer.from(JSON.stringify({ action: ACTIONS[i], actor: `officer:079-000${1 + (i % 3)}`, at: `2026-12-05T${t}Z`, subject: `07930300012${i}` })),
  );
}

export async function workedExample() {
  // An example key: its seed is SHA-256 of a fixed phrase, so anyone can recompute everything here.
  const seed = createHash('sha256').update('cancuoc tlog worked example key').digest();
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const verifierKey = verifierKeyOf(ORIGIN, createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  const signerKey = `PRIVATE+KEY+${ORIGIN}+${verifierKey.split('+')[1]}+${Buffer.concat([Buffer.of(1), seed]).toString('base64')}`;
  const signer = parseSignerKey(signerKey);

  const entries = exampleEntries();
  const store = createMemoryTileStore();
  // Two batches, as the sequencer would: 3 entries, then 4; a checkpoint after each.
  const first = appendBatch(EMPTY_APPEND_STATE, entries.slice(0, 3).map((e) => leafHash(e)));
  store.writeTiles(first.tiles);
  const second = appendBatch(first.state, entries.slice(3).map((e) => leafHash(e)));
  store.writeTiles(second.tiles);
  const checkpoint3 = await signCheckpoint({ origin: ORIGIN, size: 3, rootHash: first.root, extensions: ['time 2026-12-05T08:29:59.000Z'] }, signer);
  const checkpoint7 = await signCheckpoint({ origin: ORIGIN, size: 7, rootHash: second.root, extensions: ['time 2026-12-05T08:30:01.000Z'] }, signer);

  const index = 5;
  const auditPath = await runPlan(store, planInclusionProof(index, 7));
  const inclusion = inclusionBundle({ leafIndex: index, entry: entries[index]!, auditPath, checkpoint: checkpoint7 });
  const consistency = consistencyBundle({
    firstCheckpoint: checkpoint3,
    secondCheckpoint: checkpoint7,
    consistencyPath: await runPlan(store, planConsistencyProof(3, 7)),
  });

  // RFC 9162 §2.1.3.2 by hand, recording each step.
  const walk: string[] = [];
  let fn = index;
  let sn = 7 - 1;
  let r = leafHash(entries[index]!);
  walk.push(`start: fn = ${fn}, sn = ${sn}, r = leaf hash = ${r.toString('hex')}`);
  for (const [i, p] of auditPath.entries()) {
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      walk.push(`path[${i}]: fn = ${fn} is ${fn % 2 === 1 ? 'odd' : 'the last node (fn = sn)'}, so r = SHA-256(01 ‖ path[${i}] ‖ r) = ${r.toString('hex')}`);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      r = nodeHash(r, p);
      walk.push(`path[${i}]: fn = ${fn} is even and below sn = ${sn}, so r = SHA-256(01 ‖ r ‖ path[${i}]) = ${r.toString('hex')}`);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  walk.push(`end: sn = ${sn}, and r = ${r.toString('hex')} is the checkpoint's root (base64 ${r.toString('base64')})`);
  return { signerKey, verifierKey, entries, inclusion, consistency, walk };
}

if (process.argv[1] === import.meta.filename) {
  const ex = await workedExample();
  process.stdout.write(`verifier key: ${ex.verifierKey}\nsigner key:   ${ex.signerKey}\n\n`);
  ex.entries.forEach((e, i) => process.stdout.write(`entry ${i}: ${e.toString()}\n         leaf hash ${leafHash(e).toString('hex')}\n`));
  process.stdout.write(`\n${JSON.stringify(ex.inclusion, null, 2)}\n\n${JSON.stringify(ex.consistency, null, 2)}\n\n${ex.walk.join('\n')}\n`);
}
