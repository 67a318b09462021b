// FF1 (NIST SP 800-38G Rev. 1 §5.2, Algorithms 7 and 8) specialised to the domain of ID number
// serials: radix 10, n = 6 numerals (10^6 values, exactly the minimum domain Rev. 1 allows),
// tweak of at most 13 bytes. It computes the same function as ff1.ts (the tests compare them),
// with what is constant hoisted out of the per-call work:
// - u = v = 3, b = 2, d = 8 (§5.2 steps 1–4), so every half is a number below 1000 and every
//   round is plain integer arithmetic;
// - P depends only on the tweak length, so CIPH_K(P) — the first CBC-MAC block of PRF(P || Q) —
//   is computed once per key and tweak length;
// - with t ≤ 13, Q = T || [0]^(13−t) || [i]^1 || [NUM(B)]^2 is one block whose last three bytes
//   alone change between rounds, so each round is one AES block: R = CIPH_K(CIPH_K(P) ⊕ Q);
// - S is the first 8 bytes of R (d ≤ 16, step 6.iii needs no extra block) and only y mod 1000
//   is used, which 64-bit NUM(S) gives without BigInt: 2^32 mod 1000 = 296.
// `encryptMany` runs the rounds of a whole batch in step, one AES-ECB call per round over all
// blocks, so that OpenSSL's bulk AES (AES-NI where present) carries the seeder's load.
import type { Cipher } from 'node:crypto';
import { aesEcb } from './ff1.ts';
import { IdNumberArgumentError } from './errors.ts';

/** Size of the domain: six decimal digits. */
export const SIX_DIGIT_DOMAIN = 1_000_000;
const MAX_TWEAK = 13;
/** Largest batch sent to OpenSSL in one call; bounds the scratch memory to 16 bytes × this. */
const BATCH_CHUNK = 8192;
const TWO_POW_32_MOD_1000 = 296;

/** FF1 over 6 decimal digits under one AES key; encrypt/decrypt take and return 0..999999. */
export class SixDigitFf1 {
  readonly #ciph: Cipher;
  /** CIPH_K(P) for each tweak length 0..13 (§5.2 step 5 + first PRF block). */
  readonly #yp: Uint8Array[] = [];
  /** Reused input block of the single-value path: no allocation per round on our side. */
  readonly #block = Buffer.alloc(16);

  constructor(key: Uint8Array) {
    this.#ciph = aesEcb(key);
    for (let t = 0; t <= MAX_TWEAK; t++) {
      // P = [1]^1 || [2]^1 || [1]^1 || [10]^3 || [10]^1 || [3]^1 || [6]^4 || [t]^4.
      const p = Buffer.from([1, 2, 1, 0, 0, 10, 10, 3, 0, 0, 0, 6, 0, 0, 0, t]);
      this.#yp.push(new Uint8Array(this.#ciph.update(p)));
    }
  }

  /**
   * The per-tweak constant part of the round input: CIPH_K(P) ⊕ (T || [0]^(16−t)). Bytes 13–15
   * are then xored with i and NUM(B) each round. Compute once per tweak and reuse.
   */
  tweakBlock(tweak: Uint8Array): Uint8Array {
    if (tweak.length > MAX_TWEAK) throw new IdNumberArgumentError(`tweak of ${tweak.length} bytes; at most ${MAX_TWEAK} here`);
    const out = new Uint8Array(this.#yp[tweak.length]!);
    for (let j = 0; j < tweak.length; j++) out[j]! ^= tweak[j]!;
    return out;
  }

  /** FF1.Encrypt of the 6-digit numeral string of x (0..999999) under a tweakBlock(). */
  encrypt(tweakBlock: Uint8Array, x: number): number {
    const blk = this.#block;
    blk.set(tweakBlock);
    let a = (x / 1000) | 0; // NUM_radix(A), A = first u = 3 numerals
    let b = x - a * 1000; //   NUM_radix(B)
    for (let i = 0; i < 10; i++) {
      const c = (a + this.#round(blk, tweakBlock, i, b)) % 1000;
      a = b;
      b = c;
    }
    return a * 1000 + b;
  }

  /** FF1.Decrypt: the inverse of encrypt under the same tweakBlock(). */
  decrypt(tweakBlock: Uint8Array, y: number): number {
    const blk = this.#block;
    blk.set(tweakBlock);
    let a = (y / 1000) | 0;
    let b = y - a * 1000;
    for (let i = 9; i >= 0; i--) {
      const c = (b - this.#round(blk, tweakBlock, i, a) + 1000) % 1000;
      b = a;
      a = c;
    }
    return a * 1000 + b;
  }

  /**
   * Encrypts xs[k] under tweakBlocks[k] for every k into out[k]. Same results as encrypt();
   * faster for many values because each round is one AES-ECB call over the whole batch.
   */
  encryptMany(tweakBlocks: readonly Uint8Array[], xs: ArrayLike<number>, out: Uint32Array | number[]): void {
    const n = xs.length;
    if (tweakBlocks.length !== n || out.length < n) throw new IdNumberArgumentError('encryptMany: tweakBlocks, xs and out differ in length');
    const size = Math.min(n, BATCH_CHUNK);
    const buf = Buffer.alloc(16 * size);
    const a = new Int32Array(size);
    const b = new Int32Array(size);
    for (let start = 0; start < n; start += size) {
      const m = Math.min(size, n - start);
      for (let k = 0; k < m; k++) {
        buf.set(tweakBlocks[start + k]!, 16 * k);
        const x = xs[start + k]!;
        a[k] = (x / 1000) | 0;
        b[k] = x - a[k]! * 1000;
      }
      for (let i = 0; i < 10; i++) {
        for (let k = 0, o = 0; k < m; k++, o += 16) {
          const tb = tweakBlocks[start + k]!;
          buf[o + 13] = tb[13]! ^ i;
          buf[o + 14] = tb[14]! ^ (b[k]! >> 8);
          buf[o + 15] = tb[15]! ^ (b[k]! & 0xff);
        }
        const r = this.#ciph.update(m === size ? buf : buf.subarray(0, 16 * m));
        for (let k = 0, o = 0; k < m; k++, o += 16) {
          const c = (a[k]! + yMod1000(r, o)) % 1000;
          a[k] = b[k]!;
          b[k] = c;
        }
      }
      for (let k = 0; k < m; k++) out[start + k] = a[k]! * 1000 + b[k]!;
    }
  }

  /** One Feistel round function: y = NUM(S) mod 1000 for round i and half h (§5.2 steps 6.i–iv). */
  #round(blk: Buffer, tweakBlock: Uint8Array, i: number, h: number): number {
    blk[13] = tweakBlock[13]! ^ i;
    blk[14] = tweakBlock[14]! ^ (h >> 8);
    blk[15] = tweakBlock[15]! ^ (h & 0xff);
    return yMod1000(this.#ciph.update(blk), 0);
  }
}

/** NUM(S) mod 1000 for the 8 bytes S = r[o..o+8), big-endian (SP 800-38G §4.5 NUM). */
function yMod1000(r: Uint8Array, o: number): number {
  const hi = ((r[o]! << 24) | (r[o + 1]! << 16) | (r[o + 2]! << 8) | r[o + 3]!) >>> 0;
  const lo = ((r[o + 4]! << 24) | (r[o + 5]! << 16) | (r[o + 6]! << 8) | r[o + 7]!) >>> 0;
  return ((hi % 1000) * TWO_POW_32_MOD_1000 + lo) % 1000;
}
