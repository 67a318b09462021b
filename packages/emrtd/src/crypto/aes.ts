/** AES-CBC/ECB without padding and AES-CMAC (RFC 4493) for 9303-11 §9.8 and PACE/CA tokens. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoInputError } from './errors.ts';

function algorithm(key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new CryptoInputError(`AES needs a 16, 24 or 32 byte key, got ${key.length}`);
  }
  return `aes-${key.length * 8}-${mode}`;
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % 16 !== 0) throw new CryptoInputError('AES data is not a multiple of 16 bytes');
}

const ZERO_IV = new Uint8Array(16);

export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkBlocks(data);
  const c = createCipheriv(algorithm(key, 'cbc'), key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkBlocks(data);
  const d = createDecipheriv(algorithm(key, 'cbc'), key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
}

export function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkBlocks(data);
  const c = createCipheriv(algorithm(key, 'ecb'), key, null).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** The CMAC subkey doubling of RFC 4493 §2.3: a left shift in GF(2^128), reduced by 0x87. */
function double(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 15; i++) out[i] = ((b[i]! << 1) | (b[i + 1]! >> 7)) & 0xff;
  out[15] = ((b[15]! << 1) & 0xff) ^ (b[0]! & 0x80 ? 0x87 : 0);
  return out;
}

/**
 * AES-CMAC, RFC 4493 §2.4 (any AES key size, NIST SP 800-38B); full 16-byte tag. Computed with
 * OpenSSL's AES (one ECB block for the subkeys, CBC over the message): secure messaging MACs
 * every APDU, and a JavaScript AES with its key schedule per call cost ≈ 1 ms of a card's re-read.
 */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k1 = double(aesEcbEncrypt(key, new Uint8Array(16)));
  const complete = data.length > 0 && data.length % 16 === 0;
  const n = Math.max(1, Math.ceil(data.length / 16));
  const m = new Uint8Array(n * 16);
  m.set(data);
  const sub = complete ? k1 : double(k1);
  if (!complete) m[data.length] = 0x80;
  for (let i = 0; i < 16; i++) m[(n - 1) * 16 + i]! ^= sub[i]!;
  return aesCbcEncrypt(key, m).subarray((n - 1) * 16);
}
