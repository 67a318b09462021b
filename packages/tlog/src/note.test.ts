// Signed notes (c2sp.org/signed-note) against input we did not produce: the keys, text and
// signatures of Go's golang.org/x/mod/sumdb/note tests (note_test.go: PeterNeumann and EnochRoot),
// which our signer must reproduce byte for byte (Ed25519 is deterministic), and signatures made by
// the openssl command. Then hand-made malformed keys and notes, each refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TlogArgumentError } from './errors.ts';
import { ed25519NoteSigner, generateNoteKey, openNote, parseSignerKey, parseVerifierKey, signNote, verifierKeyOf } from './note.ts';
import { errorCode } from './test-support.ts';
import { keyIdOf, TlogError } from './verify-proof.ts';

const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';


describe('signed notes: Go sumdb/note vectors', () => {
  it('parses the published verifier keys', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyId, 0xc74f20a3);
    assert.equal(parseVerifierKey(ENOCH_VKEY).keyId, 0xaf0cfe78);
  });

  it('signs the published text to the published signature', async () => {
    const signer = parseSignerKey(PETER_SKEY);
    assert.equal(signer.keyId, 0xc74f20a3);
    assert.equal(await signNote(TEXT, [signer]), `${TEXT}\n${PETER_SIG}`);
  });

  it('opens notes: known keys must verify, unknown ones are ignored, one known signature is needed', () => {
    const [peter, enoch] = [parseVerifierKey(PETER_VKEY), parseVerifierKey(ENOCH_VKEY)];
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    assert.deepEqual(openNote(note, [peter]).verifiedBy.map((v) => v.name), ['PeterNeumann']);
    assert.deepEqual(openNote(note, [peter, enoch]).verifiedBy.map((v) => v.name), ['PeterNeumann', 'EnochRoot']);
    assert.equal(openNote(note, [enoch]).text, TEXT);
    assert.equal(errorCode(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [peter])), 'ERR_TLOG_NOTE_UNSIGNED');
    // A signature of a known key that does not verify rejects the whole note.
    const altered = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    assert.equal(errorCode(() => openNote(altered, [peter])), 'ERR_TLOG_NOTE_SIGNATURE');
    assert.equal(errorCode(() => openNote(`${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, [peter])), 'ERR_TLOG_NOTE_SIGNATURE');
    // The same name with another key ID is another key: ignored.
    assert.equal(errorCode(() => openNote(`${TEXT}\n${PETER_SIG.replace('x08g', 'xxxx')}`, [peter])), 'ERR_TLOG_NOTE_UNSIGNED');
    assert.equal(errorCode(() => openNote(`${TEXT}\n${PETER_SIG.replaceAll('PeterNeumann', 'CarmenSandiego')}`, [peter])), 'ERR_TLOG_NOTE_UNSIGNED');
  });

  it('refuses every truncation and every one-character change of the verifier and signer keys', () => {
    for (const [key, parse] of [[PETER_VKEY, parseVerifierKey], [PETER_SKEY, parseSignerKey]] as const) {
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if (i === 0 && j === key.length) continue;
          assert.equal(errorCode(() => parse(key.slice(i, j))), 'ERR_TLOG_KEY_FORMAT', JSON.stringify(key.slice(i, j)));
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        assert.equal(errorCode(() => parse(changed)), 'ERR_TLOG_KEY_FORMAT', changed);
      }
    }
    // Go's own two: a key of the wrong length, an unknown algorithm — each with a matching key ID.
    assert.equal(errorCode(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')), 'ERR_TLOG_KEY_FORMAT');
    assert.equal(errorCode(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')), 'ERR_TLOG_KEY_FORMAT');
  });

  it('refuses malformed notes (Go\'s list and ours)', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    const bad = [
      TEXT, // no signatures
      `${TEXT}\n`, // a blank line, no signatures
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`, // last line without newline
      `\x01${TEXT}\n${PETER_SIG}`, // control character
      `${TEXT}\r\n${PETER_SIG}`, // CR
      `\ud800${TEXT}\n${PETER_SIG}`, // not Unicode (lone surrogate, no UTF-8 form)
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('\u2014', '-')}`, // hyphen for the em dash
      `${TEXT}\n${PETER_SIG.replace('\u2014', '\u2013')}`, // en dash
      `${TEXT}\n${PETER_SIG.replace(' x08', '  x08')}`, // two spaces
      `${TEXT}\n${PETER_SIG.replace('PeterNeumann', 'Peter+Neumann')}`, // '+' in the name
      `${TEXT}\n${PETER_SIG.replace('AM=', 'AM')}`, // base64 without padding
      `${TEXT}\n${PETER_SIG.replace('AM=', 'AN=')}`, // base64 with non-zero padding bits
      `${TEXT}\n${PETER_SIG.replace('x08go/', 'x08go_')}`, // base64url alphabet
      `${TEXT}\n\u2014 PeterNeumann AAAA\n`, // 3 bytes: not even a key ID and a signature
      `${TEXT}\n${PETER_SIG.repeat(101)}`, // more than 100 signatures
    ];
    for (const note of bad) assert.equal(errorCode(() => openNote(note, [peter])), 'ERR_TLOG_NOTE_FORMAT', JSON.stringify(note));
    assert.equal(errorCode(() => openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter])), 'ok', '100 signatures are accepted');
  });
});

describe('signed notes: our keys', () => {
  it('a generated key signs, and its verifier key verifies (and no other key)', async () => {
    const { signerKey, verifierKey } = generateNoteKey('cancuoc.example/audit');
    assert.match(signerKey, /^PRIVATE\+KEY\+cancuoc\.example\/audit\+[0-9a-f]{8}\+A/);
    const note = await signNote('hello\n', [parseSignerKey(signerKey)]);
    assert.equal(openNote(note, [parseVerifierKey(verifierKey)]).text, 'hello\n');
    const other = parseVerifierKey(generateNoteKey('cancuoc.example/audit').verifierKey);
    assert.equal(errorCode(() => openNote(note, [other])), 'ERR_TLOG_NOTE_UNSIGNED');
  });

  it('any signer with name, key ID and sign() works (the server may sign in an HSM)', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const inMemory = ed25519NoteSigner('log.example', privateKey);
    const remote = { name: inMemory.name, keyId: inMemory.keyId, sign: async (m: Uint8Array) => inMemory.sign(m) };
    const note = await signNote('text\n', [remote]);
    assert.equal(openNote(note, [parseVerifierKey(verifierKeyOf('log.example', privateKey))]).text, 'text\n');
  });

  it('refuses to sign what no verifier could open', async () => {
    const signer = parseSignerKey(PETER_SKEY);
    await assert.rejects(signNote('no newline', [signer]), TlogArgumentError);
    await assert.rejects(signNote('bell\x07\n', [signer]), TlogError);
    await assert.rejects(signNote('x\n', []), TlogArgumentError);
    await assert.rejects(signNote('x\n', [{ ...signer, name: 'two words' }]), TlogArgumentError);
    await assert.rejects(signNote('x\n', [{ ...signer, sign: () => new Uint8Array(10) }]), TlogArgumentError);
    assert.throws(() => verifierKeyOf('a', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey), TlogArgumentError);
    assert.throws(() => ed25519NoteSigner('a', generateKeyPairSync('ed25519').publicKey), TlogArgumentError);
  });
});

describe('signed notes: signatures made by openssl', () => {
  it('a note signed with `openssl pkeyutl -sign -rawin` opens with the verifier key of openssl\'s public key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tlog-openssl-'));
    try {
      const file = (name: string) => path.join(dir, name);
      execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', file('key.pem')]);
      execFileSync('openssl', ['pkey', '-in', file('key.pem'), '-pubout', '-outform', 'DER', '-out', file('pub.der')]);
      const text = 'cancuoc.example/audit\n3\nqGCNRrVXXx0v+xdCZ5YWSm6Lo5Tz6DsXdXSaRX8CNfk=\n';
      writeFileSync(file('text'), text);
      execFileSync('openssl', ['pkeyutl', '-sign', '-rawin', '-inkey', file('key.pem'), '-in', file('text'), '-out', file('sig')]);
      // The SubjectPublicKeyInfo of an Ed25519 key ends with the 32 raw bytes (RFC 8410 §4).
      const raw = Buffer.concat([Buffer.of(1), readFileSync(file('pub.der')).subarray(-32)]);
      const name = 'cancuoc.example/audit';
      const id = keyIdOf(name, raw);
      const vkey = `${name}+${id.toString(16).padStart(8, '0')}+${raw.toString('base64')}`;
      const idBytes = Buffer.alloc(4);
      idBytes.writeUInt32BE(id);
      const note = `${text}\n\u2014 ${name} ${Buffer.concat([idBytes, readFileSync(file('sig'))]).toString('base64')}\n`;
      assert.equal(openNote(note, [parseVerifierKey(vkey)]).text, text);
      // And our verifier key string for openssl's private key is the same string.
      assert.equal(verifierKeyOf(name, createPrivateKey(readFileSync(file('key.pem')))), vkey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
