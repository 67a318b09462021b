// FF1 format-preserving encryption, NIST SP 800-38G Rev. 1 §5.2 (Algorithm 7 FF1.Encrypt,
// Algorithm 8 FF1.Decrypt, Algorithm 6 PRF), with AES (FIPS 197) from node:crypto as CIPH.
//
// This is the general, readable implementation: any radix 2..2^16, any length, any tweak,
// BigInt arithmetic. It is checked against NIST's published FF1 samples and is the reference the
// fast 6-digit permutation (ff1-six-digit.ts) is tested against; the allocator uses the latter.
import { createCipheriv, type Cipher } from 'node:crypto';
import { IdNumberArgumentError, IdNumberKeyError } from './errors.ts';

/** SP 800-38G Rev. 1 §5.2: the domain radix^minlen must be at least one million. */
export const FF1_MIN_DOMAIN = 1_000_000;

/** An AES-ECB encryptor without padding: CIPH_K of SP 800-38G §4.3, one call per block run. */
export function aesEcb(key: Uint8Array): Cipher {
  if (!(key instanceof Uint8Array) || (key.length !== 16 && key.length !== 24 && key.length !== 32)) {
    throw new IdNumberKeyError(
      `an FF1 key is an AES key of 16, 24 or 32 bytes, got ${key instanceof Uint8Array ? `${key.length} bytes` : typeof key}`,
    );
  }
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  c.setAutoPadding(false);
  return c;
}

/** FF1.Encrypt(K, T, X) for numerals X in base `radix` (§5.2 Algorithm 7). */
export function ff1Encrypt(key: Uint8Array, radix: number, tweak: Uint8Array, x: readonly number[]): number[] {
  return ff1(key, radix, tweak, x, true);
}

/** FF1.Decrypt(K, T, Y) for numerals Y in base `radix` (§5.2 Algorithm 8). */
export function ff1Decrypt(key: Uint8Array, radix: number, tweak: Uint8Array, y: readonly number[]): number[] {
  return ff1(key, radix, tweak, y, false);
}

function ff1(key: Uint8Array, radix: number, tweak: Uint8Array, x: readonly number[], encrypt: boolean): number[] {
  const ciph = aesEcb(key);
  checkDomain(radix, x);
  const n = x.length;
  const t = tweak.length;
  // Steps 1–4.
  const u = Math.floor(n / 2);
  const v = n - u;
  const b = Math.ceil(Math.ceil(v * Math.log2(radix)) / 8);
  const d = 4 * Math.ceil(b / 4) + 4;
  // Step 5: P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4.
  const p = Buffer.concat([Buffer.from([1, 2, 1]), be(BigInt(radix), 3), Buffer.from([10, u % 256]), be(BigInt(n), 4), be(BigInt(t), 4)]);
  const zeros = Buffer.alloc((((-t - b - 1) % 16) + 16) % 16);
  const bigRadix = BigInt(radix);
  const modU = bigRadix ** BigInt(u);
  const modV = bigRadix ** BigInt(v);

  // Step 2: A = X[1..u], B = X[u+1..n].
  let a = x.slice(0, u);
  let bb = x.slice(u);
  for (let k = 0; k < 10; k++) {
    const i = encrypt ? k : 9 - k;
    // Step 6.i: Q = T || [0]^((−t−b−1) mod 16) || [i]^1 || [NUM_radix(B)]^b (A when decrypting).
    const q = Buffer.concat([tweak, zeros, Buffer.from([i]), be(num(encrypt ? bb : a, radix), b)]);
    const r = prf(ciph, Buffer.concat([p, q]));
    // Step 6.iii: S = first d bytes of R || CIPH(R ⊕ [1]^16) || … || CIPH(R ⊕ [⌈d/16⌉−1]^16).
    const blocks = [r];
    for (let j = 1; j < Math.ceil(d / 16); j++) blocks.push(ciph.update(xor(r, be(BigInt(j), 16))));
    const y = numBytes(Buffer.concat(blocks).subarray(0, d));
    // Steps 6.v–vi: m = u for even i, v for odd i; c = (NUM(A) ± y) mod radix^m.
    const m = i % 2 === 0 ? u : v;
    const mod = i % 2 === 0 ? modU : modV;
    if (encrypt) {
      const c = (num(a, radix) + y) % mod;
      a = bb;
      bb = str(c, radix, m);
    } else {
      const c = (((num(bb, radix) - y) % mod) + mod) % mod;
      bb = a;
      a = str(c, radix, m);
    }
  }
  return [...a, ...bb];
}

function checkDomain(radix: number, x: readonly number[]): void {
  if (!Number.isInteger(radix) || radix < 2 || radix > 65536) {
    throw new IdNumberArgumentError(`FF1 radix must be an integer in 2..65536, got ${radix}`);
  }
  if (x.length < 2 || BigInt(radix) ** BigInt(x.length) < BigInt(FF1_MIN_DOMAIN)) {
    throw new IdNumberArgumentError(`FF1 domain ${radix}^${x.length} is below the minimum of ${FF1_MIN_DOMAIN} (SP 800-38G Rev. 1 §5.2)`);
  }
  for (const d of x) {
    if (!Number.isInteger(d) || d < 0 || d >= radix) throw new IdNumberArgumentError(`FF1 numeral ${d} is not in base ${radix}`);
  }
}

/** PRF(X), §5.1 Algorithm 6: CBC-MAC of X under K with a zero IV; returns the last block. */
function prf(ciph: Cipher, x: Buffer): Buffer {
  let y: Buffer = Buffer.alloc(16);
  for (let j = 0; j < x.length; j += 16) y = ciph.update(xor(y, x.subarray(j, j + 16)));
  return y;
}

/** NUM_radix(X), §4.5: the numerals as a number, most significant first. */
function num(x: readonly number[], radix: number): bigint {
  let r = 0n;
  const br = BigInt(radix);
  for (const d of x) r = r * br + BigInt(d);
  return r;
}

/** NUM(X), §4.5: a byte string as an unsigned big-endian integer. */
function numBytes(x: Uint8Array): bigint {
  let r = 0n;
  for (const byte of x) r = (r << 8n) + BigInt(byte);
  return r;
}

/** STR^m_radix(x), §4.5: m numerals of x, most significant first. */
function str(x: bigint, radix: number, m: number): number[] {
  const out = new Array<number>(m);
  const br = BigInt(radix);
  for (let k = m - 1; k >= 0; k--) {
    out[k] = Number(x % br);
    x /= br;
  }
  return out;
}

/** [x]^s, §4.5: x as s bytes, big-endian. */
function be(x: bigint, s: number): Buffer {
  const out = Buffer.alloc(s);
  for (let k = s - 1; k >= 0; k--) {
    out[k] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k]! ^ b[k]!;
  return out;
}
