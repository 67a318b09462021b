import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { bigintToBytes, bytesToBigint } from '../crypto/bytes.ts';
import { activeAuthenticationSign } from './chip.ts';
import { verifyActiveAuthentication } from './reader.ts';
import { signIso9796_2, verifyIso9796_2 } from './iso9796-2.ts';

const rand = (n: number) => new Uint8Array(randomBytes(n));

describe('ISO/IEC 9796-2 scheme 1 (RSA Active Authentication)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const n = bytesToBigint(new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).n as string, 'base64url')));
  const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

  it('verifies SHA-1 (trailer BC) and SHA-256 (trailer 34CC) signatures, and recovers M1', () => {
    for (const hash of ['sha1', 'sha256'] as const) {
      const sig = signIso9796_2(privateKey, challenge, rand, hash);
      const r = verifyIso9796_2(publicKey, sig, challenge);
      assert.equal(r.valid, true, hash);
      assert.equal(r.hash, hash);
      assert.equal(r.recovered!.length, 128 - 1 - (hash === 'sha1' ? 21 : 34));
    }
  });
  it('accepts the n − J representative (ISO/IEC 9796-2 §B.6), as some chips produce', () => {
    const sig = signIso9796_2(privateKey, challenge, rand);
    const alt = bigintToBytes(n - bytesToBigint(sig), 128);
    assert.equal(verifyIso9796_2(publicKey, alt, challenge).valid, true);
  });
  it('rejects another challenge, a damaged signature, an out-of-range value', () => {
    const sig = signIso9796_2(privateKey, challenge, rand);
    assert.equal(verifyIso9796_2(publicKey, sig, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9)).valid, false);
    const bad = sig.slice();
    bad[10]! ^= 1;
    assert.equal(verifyIso9796_2(publicKey, bad, challenge).valid, false);
    assert.equal(verifyIso9796_2(publicKey, new Uint8Array(129).fill(0xff), challenge).valid, false);
    assert.equal(verifyIso9796_2(publicKey, new Uint8Array(0), challenge).valid, false);
  });
});

describe('ECDSA Active Authentication (plain r‖s)', () => {
  it('signs on brainpool and NIST curves; the reader finds the hash when DG14 does not say', () => {
    for (const curve of ['brainpoolP256r1', 'prime256v1', 'brainpoolP384r1']) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const c = rand(8);
      const sig = activeAuthenticationSign({ privateKey, hash: 'sha256' }, c, rand);
      assert.equal(verifyActiveAuthentication(publicKey, c, sig, '0.4.0.127.0.7.1.1.4.1.3').valid, true, curve);
      assert.equal(verifyActiveAuthentication(publicKey, c, sig).algorithm, 'ecdsa-plain-sha256');
      assert.equal(verifyActiveAuthentication(publicKey, rand(8), sig).valid, false);
      assert.equal(verifyActiveAuthentication(publicKey, c, sig.subarray(1)).valid, false);
    }
  });
});
