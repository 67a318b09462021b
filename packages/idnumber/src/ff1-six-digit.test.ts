// The specialised 6-digit FF1 must compute exactly FF1 of SP 800-38G §5.2 (ff1.ts, itself checked
// against NIST's samples), in both directions, one value at a time and in batches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SixDigitFf1 } from './ff1-six-digit.ts';
import { ff1Decrypt, ff1Encrypt } from './ff1.ts';

// Deterministic pseudo-random test inputs (SHA-256 of a label), so a failure reproduces.
function bytes(label: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, block = 0; i < n; block++) {
    for (const byte of createHash('sha256').update(`${label}/${block}`).digest()) if (i < n) out[i++] = byte;
  }
  return out;
}
const digitsOf = (x: number): number[] => [...String(x).padStart(6, '0')].map(Number);
const valueOf = (d: number[]): number => Number(d.join(''));

describe('SixDigitFf1', () => {
  it('equals the reference FF1 for AES-128/192/256, tweaks of 0–13 bytes, values across the domain', () => {
    let cases = 0;
    for (const keyLength of [16, 24, 32]) {
      for (let t = 0; t <= 13; t++) {
        const key = bytes(`key-${keyLength}-${t}`, keyLength);
        const tweak = bytes(`tweak-${keyLength}-${t}`, t);
        const fast = new SixDigitFf1(key);
        const tb = fast.tweakBlock(tweak);
        const xs = [0, 1, 999, 1000, 999_999, ...Array.from(bytes(`x-${keyLength}-${t}`, 12), (b, k) => (b * 3907 + k * 83_311) % 1_000_000)];
        for (const x of xs) {
          const y = fast.encrypt(tb, x);
          assert.equal(y, valueOf(ff1Encrypt(key, 10, tweak, digitsOf(x))), `encrypt ${x}`);
          assert.equal(fast.decrypt(tb, y), x);
          assert.equal(valueOf(ff1Decrypt(key, 10, tweak, digitsOf(y))), x);
          cases++;
        }
      }
    }
    assert.equal(cases, 3 * 14 * 17);
  });

  it('batch encryption equals one-by-one encryption, across chunk boundaries and mixed tweaks', () => {
    const fast = new SixDigitFf1(bytes('batch-key', 32));
    const tbs = ['001090', '079321', '096299'].map((p) => fast.tweakBlock(new TextEncoder().encode(p)));
    const n = 20_000; // more than one internal chunk of 8192
    const xs = Array.from({ length: n }, (_, k) => (k * 7919) % 1_000_000);
    const blocks = xs.map((_, k) => tbs[k % 3]!);
    const out = new Uint32Array(n);
    fast.encryptMany(blocks, xs, out);
    for (let k = 0; k < n; k++) assert.equal(out[k], fast.encrypt(blocks[k]!, xs[k]!));
  });

  it('refuses tweaks longer than one block leaves room for', () => {
    const fast = new SixDigitFf1(bytes('k', 16));
    assert.throws(() => fast.tweakBlock(new Uint8Array(14)), { code: 'ERR_IDNUMBER_ARGUMENT' });
  });
});
