/**
 * Two-key 3DES and the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") of 9303-11 §9.7/§9.8.
 * OpenSSL 3 dropped single DES from the default provider, so a single-DES step with key K is
 * computed as 3DES-EDE with key K‖K (E_K ∘ D_K ∘ E_K = E_K).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concat } from './bytes.ts';
import { CryptoInputError } from './errors.ts';
import { pad } from './padding.ts';

const ZERO_IV = new Uint8Array(8);

function checkKey(key: Uint8Array): void {
  if (key.length !== 16) throw new CryptoInputError(`2-key 3DES needs 16 key bytes, got ${key.length}`);
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % 8 !== 0) throw new CryptoInputError('3DES data is not a multiple of 8 bytes');
}

/** 3DES-EDE in CBC mode, no padding (callers pad per 9797-1 method 2). */
export function tdesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  const c = createCipheriv('des-ede-cbc', key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

export function tdesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  const d = createDecipheriv('des-ede-cbc', key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, output 8 bytes: single-DES CBC with Ka over all blocks,
 * then decrypt with Kb and encrypt with Ka on the last one. `padded` is whether the caller already
 * applied padding method 2 (9303-11 §9.8 pads before MAC'ing).
 */
export function retailMac(key: Uint8Array, data: Uint8Array, padded = false): Uint8Array {
  checkKey(key);
  const msg = padded ? data : pad(data, 8);
  checkBlocks(msg);
  if (msg.length === 0) throw new CryptoInputError('retail MAC of empty input');
  const ka = key.subarray(0, 8);
  // Single-DES CBC with Ka over all but the last block, via 3DES with Ka‖Ka.
  let chain: Uint8Array = ZERO_IV;
  const head = msg.subarray(0, msg.length - 8);
  if (head.length > 0) {
    const c = createCipheriv('des-ede-cbc', concat(ka, ka), ZERO_IV).setAutoPadding(false);
    const out = c.update(head);
    chain = new Uint8Array(out.subarray(out.length - 8));
  }
  // Last block: E_Ka(D_Kb(E_Ka(x))) is exactly 2-key 3DES-EDE (Ka‖Kb) on x.
  const last = new Uint8Array(8);
  for (let i = 0; i < 8; i++) last[i] = msg[msg.length - 8 + i]! ^ chain[i]!;
  const e = createCipheriv('des-ede', key, null).setAutoPadding(false);
  return new Uint8Array(e.update(last));
}

/** Sets each byte's least significant bit so that the byte has odd parity (FIPS 46-3). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    out[i] = ones % 2 === 0 ? b | 1 : b;
  }
  return out;
}
