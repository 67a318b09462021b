// r‖s → DER ECDSA-Sig-Value, checked against node:crypto's own DER signatures and by hand at the
// edges of INTEGER encoding (X.690 §8.3: minimal length, a zero byte before a high bit).
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { rawToDer } from './ecdsa.ts';

test('raw signatures from node:crypto convert to DER that node:crypto verifies', () => {
  for (const namedCurve of ['prime256v1', 'secp384r1', 'secp521r1', 'brainpoolP512r1']) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, rawToDer(raw)), `${namedCurve} #${i}`);
    }
  }
});

test('INTEGERs are minimal and never negative', () => {
  const r = Buffer.alloc(32);
  r[31] = 1;
  const s = Buffer.alloc(32);
  s[0] = 0x80;
  const der = rawToDer(Buffer.concat([r, s]));
  assert.equal(der.toString('hex'), '3026' + '020101' + '022100' + '80' + '00'.repeat(31));
});

test('the long length form is used past 127 bytes (P-521)', () => {
  const raw = Buffer.alloc(132, 0xff);
  const der = rawToDer(raw);
  // two INTEGERs of 66 bytes, each with a leading zero: 2 × (2 + 67) = 138 = 0x8a
  assert.deepEqual([...der.subarray(0, 3)], [0x30, 0x81, 0x8a]);
  assert.equal(der.length, 3 + 138);
});

test('an odd-length signature is refused', () => {
  assert.throws(() => rawToDer(Buffer.alloc(63)), { code: 'ERR_SIGNATURE_ENCODING' });
});
