// Base45 against the examples of RFC 9285 §4.3 and §4.4, round trips, and refusals (§6).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { base45Decode, base45Encode } from './base45.ts';

const RFC_EXAMPLES: Array<[string, string]> = [
  ['AB', 'BB8'],
  ['Hello!!', '%69 VD92EX0'],
  ['base-45', 'UJCLQE7W581'],
  ['ietf!', 'QED8WEX0'],
];

test('the RFC 9285 examples encode and decode', () => {
  for (const [plain, b45] of RFC_EXAMPLES) {
    assert.equal(base45Encode(Buffer.from(plain)), b45);
    assert.equal(Buffer.from(base45Decode(b45)).toString(), plain);
  }
});

test('any bytes round-trip, odd and even lengths, zero bytes included', () => {
  for (let n = 0; n < 200; n++) {
    const b = randomBytes(n);
    assert.deepEqual(Buffer.from(base45Decode(base45Encode(b))), b);
  }
  assert.equal(base45Encode(Buffer.alloc(2)), '000');
});

test('what no encoder produces is refused', () => {
  assert.throws(() => base45Decode('GGW'), /more than two bytes/); // 65535 + 1 = 'GGW' (RFC 9285 §6)
  assert.throws(() => base45Decode('BB8a'), { code: 'ERR_BASE45' });
  assert.throws(() => base45Decode('BB8é5'), /character "é" at position 4 is not in the Base45 alphabet/);
  assert.throws(() => base45Decode('bb8'), /not in the Base45 alphabet/);
  assert.throws(() => base45Decode('BB8B'), /3n or 3n\+2/);
  assert.throws(() => base45Decode('::'), /more than a byte/);
});
