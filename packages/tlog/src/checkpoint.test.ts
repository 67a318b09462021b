// Checkpoints (c2sp.org/tlog-checkpoint): the specification's own example, round trips, and
// hand-made malformed checkpoints, each refused with ERR_TLOG_CHECKPOINT_FORMAT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import { TlogArgumentError } from './errors.ts';
import { EMPTY_ROOT } from './hash.ts';
import { generateNoteKey, openNote, parseSignerKey, parseVerifierKey, signNote } from './note.ts';
import { errorCode } from './test-support.ts';
import { TlogError } from './verify-proof.ts';

// The example at the top of c2sp.org/tlog-checkpoint (signed by a key the spec does not publish).
const C2SP_EXAMPLE =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

const ORIGIN = 'cancuoc.example/audit';
const { signerKey, verifierKey } = generateNoteKey(ORIGIN);
const ROOT = Buffer.from('a8608d46b5575f1d2ffb17426796164a6e8ba394f3e83b1775749a457f0235f9', 'hex');


describe('checkpoints', () => {
  it('parses the tlog-checkpoint example; its signature is by a key we do not know', () => {
    const text = C2SP_EXAMPLE.slice(0, C2SP_EXAMPLE.indexOf('\n\n') + 1);
    const cp = parseCheckpoint(text);
    assert.equal(cp.origin, 'example.com/behind-the-sofa');
    assert.equal(cp.size, 20852163);
    assert.equal(cp.rootHash.toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    assert.deepEqual(cp.extensions, []);
    // Well-formed as a signed note: refused only because no trusted key signed it.
    assert.equal(errorCode(() => openNote(C2SP_EXAMPLE, [parseVerifierKey(verifierKey)])), 'ERR_TLOG_NOTE_UNSIGNED');
  });

  it('formats, signs and opens a checkpoint with extension lines', async () => {
    const input = { origin: ORIGIN, size: 1234567, rootHash: ROOT, extensions: ['time 2026-12-05T08:30:00.000Z'] };
    const text = formatCheckpoint(input);
    assert.equal(text, `${ORIGIN}\n1234567\nqGCNRrVXXx0v+xdCZ5YWSm6Lo5Tz6DsXdXSaRX8CNfk=\ntime 2026-12-05T08:30:00.000Z\n`);
    const note = await signCheckpoint(input, parseSignerKey(signerKey));
    const cp = openCheckpoint(note, parseVerifierKey(verifierKey));
    assert.deepEqual({ ...cp, rootHash: cp.rootHash.toString('hex') }, { ...input, rootHash: ROOT.toString('hex') });
    assert.equal(parseCheckpoint(formatCheckpoint({ origin: ORIGIN, size: 0, rootHash: EMPTY_ROOT })).size, 0);
  });

  it('the origin must be the log key\'s name', async () => {
    const other = generateNoteKey('other.example/log');
    const note = await signNote(formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: ROOT }), [parseSignerKey(other.signerKey)]);
    assert.equal(errorCode(() => openCheckpoint(note, parseVerifierKey(other.verifierKey))), 'ERR_TLOG_CHECKPOINT_ORIGIN');
    await assert.rejects(signCheckpoint({ origin: ORIGIN, size: 1, rootHash: ROOT }, parseSignerKey(other.signerKey)), TlogArgumentError);
  });

  it('refuses malformed checkpoint text', () => {
    const root = 'qGCNRrVXXx0v+xdCZ5YWSm6Lo5Tz6DsXdXSaRX8CNfk=';
    const bad: Record<string, string> = {
      'two lines': `${ORIGIN}\n5\n`,
      'no final newline': `${ORIGIN}\n5\n${root}`,
      'empty origin': `\n5\n${root}\n`,
      'leading zero': `${ORIGIN}\n05\n${root}\n`,
      'sign': `${ORIGIN}\n+5\n${root}\n`,
      'negative': `${ORIGIN}\n-5\n${root}\n`,
      'space': `${ORIGIN}\n5 \n${root}\n`,
      'hexadecimal': `${ORIGIN}\n0x5\n${root}\n`,
      'exponent': `${ORIGIN}\n5e3\n${root}\n`,
      'empty size': `${ORIGIN}\n\n${root}\n`,
      'size ≥ 2^53': `${ORIGIN}\n9007199254740992\n${root}\n`,
      'root of 31 bytes': `${ORIGIN}\n5\n${Buffer.alloc(31).toString('base64')}\n`,
      'root of 33 bytes': `${ORIGIN}\n5\n${Buffer.alloc(33).toString('base64')}\n`,
      'root in hex': `${ORIGIN}\n5\n${ROOT.toString('hex')}\n`,
      'root without padding': `${ORIGIN}\n5\n${root.slice(0, -1)}\n`,
      'root in base64url': `${ORIGIN}\n5\n${ROOT.toString('base64url')}=\n`,
      'root with non-zero padding bits': `${ORIGIN}\n5\n${root.slice(0, -2)}l=\n`,
      'empty extension line': `${ORIGIN}\n5\n${root}\n\next\n`,
      'CRLF': `${ORIGIN}\r\n5\r\n${root}\r\n`,
      'tab': `${ORIGIN}\t\n5\n${root}\n`,
    };
    for (const [what, text] of Object.entries(bad)) assert.equal(errorCode(() => parseCheckpoint(text)), 'ERR_TLOG_CHECKPOINT_FORMAT', what);
    assert.equal(errorCode(() => parseCheckpoint(`${ORIGIN}\n9007199254740991\n${root}\n`)), 'ok', '2^53 - 1');
  });

  it('refuses to format what it could not parse back', () => {
    assert.throws(() => formatCheckpoint({ origin: '', size: 1, rootHash: ROOT }), TlogArgumentError);
    assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: ROOT }), TlogArgumentError);
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: -1, rootHash: ROOT }), TlogArgumentError);
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: ROOT.subarray(1) }), TlogArgumentError);
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: ROOT, extensions: [''] }), TlogArgumentError);
    assert.throws(() => formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: ROOT, extensions: ['bell\x07'] }), TlogError);
  });
});
