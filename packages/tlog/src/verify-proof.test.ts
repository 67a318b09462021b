// The standalone verifier on proof bundles, as an outsider uses it: bundles built from a log in
// tiles and signed checkpoints, verified by verifyProofBundle and by the command (the npm bin, and
// the single file run directly); every malformed or forged bundle is refused with its reason; and
// the README's worked example is what scripts/worked-example.ts computes, and verifies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consistencyBundle, inclusionBundle } from './bundle.ts';
import { signCheckpoint } from './checkpoint.ts';
import { compactRangeRoot } from './compact-range.ts';
import { generateNoteKey, parseSignerKey, signNote } from './note.ts';
import { buildLog, entryBytes, errorCode, leafHashes } from './test-support.ts';
import { planConsistencyProof, planInclusionProof, planRoot, runPlan } from './tiles.ts';
import { verifyProofBundle, type InclusionBundle } from './verify-proof.ts';
import { workedExample } from '../scripts/worked-example.ts';

const ORIGIN = 'cancuoc.example/audit';
const { signerKey, verifierKey } = generateNoteKey(ORIGIN);
const signer = parseSignerKey(signerKey);
const N = 100_000;
const leaves = leafHashes(N);
const log = buildLog(leaves, [5000, 1, 17], 8);

/** The log's signed checkpoint at `size` (the root from the sequencer's state, or read from the tiles). */
async function checkpoint(size: number): Promise<string> {
  const state = log.states.get(size);
  const root = state !== undefined ? compactRangeRoot(state.range) : await runPlan(log.store, planRoot(size));
  return signCheckpoint({ origin: ORIGIN, size, rootHash: root }, signer);
}

async function bundleFor(index: number, size: number): Promise<InclusionBundle> {
  const auditPath = await runPlan(log.store, planInclusionProof(index, size));
  return inclusionBundle({ leafIndex: index, entry: entryBytes(index), auditPath, checkpoint: await checkpoint(size) });
}


describe('proof bundles', () => {
  it('the first, middle and last entry of trees of 1..17 entries and of 100 000 entries verify', async () => {
    for (const size of [...Array.from({ length: 17 }, (_, i) => i + 1), N]) {
      for (const index of new Set([0, Math.floor(size / 2), size - 1])) {
        assert.match(verifyProofBundle(await bundleFor(index, size), verifierKey), new RegExp(`^entry ${index} \\(leaf hash [0-9a-f]{64}\\) is in the log ${ORIGIN} of ${size} entries`));
        const byHash = { ...(await bundleFor(index, size)), entry: undefined, leafHash: leaves[index]!.toString('hex') };
        assert.equal(errorCode(() => verifyProofBundle(JSON.parse(JSON.stringify(byHash)), verifierKey)), 'ok', 'with the leaf hash instead of the entry');
      }
    }
  });

  it('consistency bundles between sizes verify', async () => {
    for (const [first, second] of [[1, 17], [16, 17], [17, N], [5000, 5001], [0, 3], [9, 9]] as const) {
      const bundle = consistencyBundle({
        firstCheckpoint: await checkpoint(first),
        secondCheckpoint: await checkpoint(second),
        consistencyPath: await runPlan(log.store, planConsistencyProof(first, second)),
      });
      assert.match(verifyProofBundle(bundle, verifierKey), new RegExp(`at ${second} entries .* extends its state at ${first} entries`));
    }
  });

  it('every forgery and malformation is refused with its reason', async () => {
    const good = await bundleFor(6, 17);
    const other = generateNoteKey(ORIGIN);
    const body = good.checkpoint.slice(0, good.checkpoint.indexOf('\n\n') + 1);
    const sig = good.checkpoint.slice(good.checkpoint.indexOf('\n\n') + 2);
    const lines = body.split('\n');
    const otherRoot = [lines[0], lines[1], `${lines[2]![0] === 'A' ? 'B' : 'A'}${lines[2]!.slice(1)}`, ...lines.slice(3)].join('\n');
    const flipped = sig.replace(/([A-Za-z0-9+/])(={0,2}\n)$/, (_, c: string, end: string) => `${c === 'A' ? 'B' : 'A'}${end}`);
    const cases: [string, unknown, string][] = [
      ['another entry', { ...good, entry: Buffer.from(entryBytes(7)).toString('base64') }, 'ERR_TLOG_PROOF_ROOT_MISMATCH'],
      ['another index', { ...good, leafIndex: 7 }, 'ERR_TLOG_PROOF_ROOT_MISMATCH'],
      ['index beyond the tree', { ...good, leafIndex: 17 }, 'ERR_TLOG_PROOF_INDEX'],
      ['truncated path', { ...good, auditPath: good.auditPath.slice(0, -1) }, 'ERR_TLOG_PROOF_TOO_SHORT'],
      ['entry and leaf hash disagree', { ...good, leafHash: leaves[7]!.toString('hex') }, 'ERR_TLOG_PROOF_LEAF_HASH_MISMATCH'],
      ['checkpoint size changed', { ...good, checkpoint: good.checkpoint.replace('\n17\n', '\n18\n') }, 'ERR_TLOG_NOTE_SIGNATURE'],
      ['checkpoint root changed', { ...good, checkpoint: `${otherRoot}\n${sig}` }, 'ERR_TLOG_NOTE_SIGNATURE'],
      ['forged signature', { ...good, checkpoint: `${body}\n${flipped}` }, 'ERR_TLOG_NOTE_SIGNATURE'],
      ['signed by another key', { ...good, checkpoint: await signNote(body, [parseSignerKey(other.signerKey)]) }, 'ERR_TLOG_NOTE_UNSIGNED'],
      ['not signed', { ...good, checkpoint: body }, 'ERR_TLOG_NOTE_FORMAT'],
      ['unknown field', { ...good, note: 'x' }, 'ERR_TLOG_BUNDLE'],
      ['no entry nor leaf hash', { ...good, entry: undefined }, 'ERR_TLOG_BUNDLE'],
      ['negative index', { ...good, leafIndex: -1 }, 'ERR_TLOG_BUNDLE'],
      ['fractional index', { ...good, leafIndex: 1.5 }, 'ERR_TLOG_BUNDLE'],
      ['index as a string', { ...good, leafIndex: '6' }, 'ERR_TLOG_BUNDLE'],
      ['entry not base64', { ...good, entry: 'not base64!' }, 'ERR_TLOG_BUNDLE'],
      ['hash in upper case', { ...good, auditPath: good.auditPath.map((h) => h.toUpperCase()) }, 'ERR_TLOG_BUNDLE'],
      ['hash too short', { ...good, auditPath: [good.auditPath[0]!.slice(2)] }, 'ERR_TLOG_BUNDLE'],
      ['path not an array', { ...good, auditPath: good.auditPath.join(',') }, 'ERR_TLOG_BUNDLE'],
      ['no checkpoint', { ...good, checkpoint: undefined }, 'ERR_TLOG_BUNDLE'],
      ['not an object', [good], 'ERR_TLOG_BUNDLE'],
    ];
    for (const [what, bundle, expected] of cases) {
      assert.equal(errorCode(() => verifyProofBundle(JSON.parse(JSON.stringify(bundle)), verifierKey)), expected, what);
    }
    assert.equal(errorCode(() => verifyProofBundle(good, 'not a key')), 'ERR_TLOG_KEY_FORMAT');
    assert.equal(errorCode(() => verifyProofBundle(good, other.verifierKey)), 'ERR_TLOG_NOTE_UNSIGNED');
  });

  it('a consistency bundle across a rewritten log is refused', async () => {
    // The log signed 17 entries; entry 3 is changed and the log grows to 20, signed anew (the
    // server's key signs whatever the server holds): the proof cannot tie 20 back to the old 17.
    const tampered = leafHashes(20).map((l, i) => (i === 3 ? leafHashes(1, 999)[0]! : l));
    const forged = buildLog(tampered, [20], 8);
    const bundle = consistencyBundle({
      firstCheckpoint: await checkpoint(17),
      secondCheckpoint: await signCheckpoint({ origin: ORIGIN, size: 20, rootHash: compactRangeRoot(forged.state.range) }, signer),
      consistencyPath: await runPlan(forged.store, planConsistencyProof(17, 20)),
    });
    assert.equal(errorCode(() => verifyProofBundle(bundle, verifierKey)), 'ERR_TLOG_PROOF_FIRST_ROOT_MISMATCH');
  });
});

describe('the cancuoc-verify-proof command', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, args, { cwd: root, input, encoding: 'utf8' });

  it('says valid (exit 0), invalid and why (exit 1), or how to use it (exit 2)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tlog-verify-'));
    try {
      const good = await bundleFor(8, 17);
      writeFileSync(path.join(dir, 'good.json'), JSON.stringify(good));
      writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...good, leafIndex: 9 }));
      writeFileSync(path.join(dir, 'key'), `${verifierKey}\n`);
      const bin = path.join(root, 'bin/cancuoc-verify-proof.js');
      let r = run([bin, '--key', verifierKey, path.join(dir, 'good.json')]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^valid: entry 8 .* of 17 entries/);
      r = run([bin, '--key-file', path.join(dir, 'key'), path.join(dir, 'bad.json')]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^invalid: entry 9 and its audit path lead to root .* \(ERR_TLOG_PROOF_ROOT_MISMATCH\)\n$/);
      r = run([bin, '--key', verifierKey, '-'], '{"leafIndex": ');
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^invalid: the bundle is not JSON/);
      r = run([bin, path.join(dir, 'good.json')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^usage: cancuoc-verify-proof/);
      // The single file, run directly (Node ≥ 22.6 strips its types natively; here through tsx).
      r = run(['--import', 'tsx', path.join(root, 'src/verify-proof.ts'), '--key', verifierKey, path.join(dir, 'good.json')]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^valid: entry 8/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the standalone file imports nothing but Node\'s own modules', () => {
    const source = readFileSync(path.join(root, 'src/verify-proof.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    assert.deepEqual(imports, ['node:crypto', 'node:fs']);
  });
});

describe('the README worked example', () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
  const block = (marker: string): string => {
    const at = readme.indexOf(`<!-- ${marker} -->`);
    assert.ok(at >= 0, `README has the block ${marker}`);
    const m = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
    return m![1]!;
  };

  it('shows the values scripts/worked-example.ts computes, and they verify', async () => {
    const ex = await workedExample();
    assert.equal(block('worked-example:key').trim(), ex.verifierKey);
    assert.deepEqual(JSON.parse(block('worked-example:inclusion')), ex.inclusion);
    assert.deepEqual(JSON.parse(block('worked-example:consistency')), ex.consistency);
    assert.equal(block('worked-example:walk').trim(), ex.walk.join('\n'));
    assert.equal(block('worked-example:entry').trim(), ex.entries[5]!.toString());
    assert.match(verifyProofBundle(ex.inclusion, ex.verifierKey), /^entry 5 /);
    assert.match(verifyProofBundle(ex.consistency, ex.verifierKey), /extends its state at 3 entries/);
  });
});
