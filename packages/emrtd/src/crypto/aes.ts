/** AES-CBC/ECB without padding and AES-CMAC (RFC 4493) for 9303-11 §9.8 and PACE/CA tokens. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { cmac } from '@noble/ciphers/aes.js';
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

/** AES-CMAC, RFC 4493 §2.4 (any AES key size, NIST SP 800-38B); full 16-byte tag. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  algorithm(key, 'ecb');
  return new Uint8Array(cmac(data, key));
}
