// Throughput of the transparency log's building blocks (packages/tlog) against the limit measured
// in the same run: SHA-256 through node:crypto on inputs of the same sizes (65 bytes for an
// interior node, 1 + entry bytes for a leaf). Appending a leaf costs one leaf hash and, on
// average, one node hash; an inclusion proof from tiles of height H costs up to 2^H − H − 1 node
// hashes per tile level to rebuild the siblings between stored levels.
//   flock /tmp/cancuoc-heavy.lock npm run bench:tlog -- [leaves = 10000000] [tile heights = 8,4]
// The tree is built in memory (tiles in a Map), in batches of 1000 leaves, as a sequencer would.
// Rates of the measured operations are interleaved with their limits (bench/lib/rates.ts).
// Prints one JSON object. Single core.
import { hash } from 'node:crypto';
import {
  appendBatch,
  createMemoryTileStore,
  EMPTY_APPEND_STATE,
  generateNoteKey,
  inclusionBundle,
  leafHash,
  nodeHash,
  parseSignerKey,
  parseVerifierKey,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
  signCheckpoint,
  verifyConsistency,
  verifyInclusion,
  verifyProofBundle,
  type AppendState,
} from '@cancuoc/tlog';
import { interleavedRates } from './lib/rates.ts';

const leaves = Number(process.argv[2] ?? 10_000_000);
const heights = (process.argv[3] ?? '8,4').split(',').map(Number);
const BATCH = 1000;

// An audit entry of the size the server writes (canonical JSON of actor, action, subject, time, details).
const entry = (i: number): Buffer =>
  Buffer.from(`{"action":"person.read","actor":"officer:079-${String(i % 9973).padStart(4, '0')}","at":"2026-12-05T08:30:00.${String(i % 1000).padStart(3, '0')}Z","details":{"fields":["name","birthDate","residence"]},"requestId":"${i.toString(16).padStart(12, '0')}","subject":"079303${String(i % 1e6).padStart(6, '0')}"}`);
const ENTRY_BYTES = entry(123456).length;

const node65 = Buffer.alloc(65, 1);
const leafInput = Buffer.alloc(1 + ENTRY_BYTES, 2);
const sample = entry(42);
const [rawNode, ourNode, rawLeaf, ourLeaf] = interleavedRates({
  'raw sha256 (65 B)': () => hash('sha256', node65, 'binary'),
  nodeHash: () => nodeHash(node65.subarray(1, 33), node65.subarray(33)),
  [`raw sha256 (${leafInput.length} B)`]: () => hash('sha256', leafInput, 'binary'),
  leafHash: () => leafHash(sample),
});

const rnd = (n: number): number => Math.floor(Math.random() * n);

const results = [];
for (const tileHeight of heights) {
  const options = { tileHeight };
  const store = createMemoryTileStore();
  let state: AppendState = EMPTY_APPEND_STATE;
  // Build: leaf hashing and appending timed apart, over the whole tree.
  let hashNs = 0n;
  let appendNs = 0n;
  for (let at = 0; at < leaves; at += BATCH) {
    const entries = Array.from({ length: Math.min(BATCH, leaves - at) }, (_, i) => entry(at + i));
    const t0 = process.hrtime.bigint();
    const batch = entries.map((e) => leafHash(e));
    const t1 = process.hrtime.bigint();
    const result = appendBatch(state, batch, options);
    store.writeTiles(result.tiles);
    state = result.state;
    appendNs += process.hrtime.bigint() - t1;
    hashNs += t1 - t0;
  }
  const storedHashes = [...store.tiles.values()].reduce((n, t) => n + t.length / 32, 0);
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);

  // Proofs against the full tree, from the in-memory tiles (plan.build on the store's Map: no I/O).
  const n = state.range.size;
  const root = planRoot(n, options).build(store.tiles);
  const samples = Array.from({ length: 1000 }, () => {
    const index = rnd(n);
    const first = 1 + rnd(n - 1);
    return {
      index,
      path: planInclusionProof(index, n, options).build(store.tiles),
      leaf: leafHash(entry(index)),
      first,
      firstRoot: planRoot(first, options).build(store.tiles),
      consistency: planConsistencyProof(first, n, options).build(store.tiles),
    };
  });
  const { signerKey, verifierKey } = generateNoteKey('bench.example/audit');
  const checkpoint = await signCheckpoint({ origin: 'bench.example/audit', size: n, rootHash: root }, parseSignerKey(signerKey));
  const verifier = parseVerifierKey(verifierKey);
  const bundles = samples.slice(0, 100).map((s) => inclusionBundle({ leafIndex: s.index, leafHash: s.leaf, auditPath: s.path, checkpoint }));
  const tilesPerProof = samples.slice(0, 100).reduce((t, s) => t + planInclusionProof(s.index, n, options).tiles.length, 0) / 100;

  let k = 0;
  const next = () => samples[k++ % samples.length]!;
  let grow = state;
  const one = [leafHash(entry(0))];
  const hundred = Array.from({ length: 100 }, (_, i) => leafHash(entry(i)));
  const [raw, incBuilt, incVerified, conBuilt, conVerified, rootBuilt, append1, append100, bundleVerified] = interleavedRates({
    'raw sha256 (65 B)': () => hash('sha256', node65, 'binary'),
    'inclusion proof built': () => planInclusionProof(rnd(n), n, options).build(store.tiles),
    'inclusion proof verified': () => {
      const s = next();
      verifyInclusion(s.leaf, s.index, n, s.path, root);
    },
    'consistency proof built': () => planConsistencyProof(1 + rnd(n - 1), n, options).build(store.tiles),
    'consistency proof verified': () => {
      const s = next();
      verifyConsistency(s.first, n, s.firstRoot, root, s.consistency);
    },
    'root of a random size built': () => planRoot(1 + rnd(n), options).build(store.tiles),
    // Appends on the 10 M tree (state carried on; tiles are not stored, that is the database's part).
    'append batch of 1': () => {
      grow = appendBatch(grow, one, options).state;
    },
    'append batch of 100': () => {
      grow = appendBatch(grow, hundred, options).state;
    },
    'proof bundle verified (JSON, Ed25519, path)': () => verifyProofBundle(bundles[k++ % bundles.length], verifier),
  }, { rounds: Number(process.env.BENCH_ROUNDS ?? 7) });

  const perSecond = (ns: bigint, count: number) => Math.round(count / (Number(ns) / 1e9));
  results.push({
    tileHeight,
    leaves: n,
    build: {
      leafHashesPerSecond: perSecond(hashNs, n),
      appendedLeavesPerSecond: perSecond(appendNs, n),
      batch: BATCH,
      storedHashes,
      overheadBeyondLeafHashes: `${(((storedHashes - n) / n) * 100).toFixed(2)} %`,
      tiles: store.tiles.size,
      rssMiB,
    },
    perSecond: Object.fromEntries(
      [incBuilt, incVerified, conBuilt, conVerified, rootBuilt, append1, append100, bundleVerified].map((r) => [r!.name, Math.round(r!.perSecond)]),
    ),
    rawSha256_65B_sameRounds: Math.round(raw!.perSecond),
    nodeHashesPerInclusionProof: Math.round(raw!.perSecond / incBuilt!.perSecond),
    tilesReadPerInclusionProof: tilesPerProof,
  });
}

process.stdout.write(
  `${JSON.stringify(
    {
      node: process.version,
      entryBytes: ENTRY_BYTES,
      sha256: {
        raw65BytesPerSecond: Math.round(rawNode!.perSecond),
        nodeHashPerSecond: Math.round(ourNode!.perSecond),
        [`raw${leafInput.length}BytesPerSecond`]: Math.round(rawLeaf!.perSecond),
        leafHashPerSecond: Math.round(ourLeaf!.perSecond),
      },
      trees: results,
    },
    null,
    2,
  )}\n`,
);
