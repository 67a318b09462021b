// Signed notes (c2sp.org/signed-note) with Ed25519: keys and signing. Opening and verifying a note
// live in verify-proof.ts, the standalone verifier, and are re-exported from the package.
//
// Key strings are those of Go's golang.org/x/mod/sumdb/note, which the C2SP ecosystem shares:
//   verifier key  <name>+<key ID, 8 hex>+<base64(0x01 ‖ 32-byte public key)>
//   signer key    PRIVATE+KEY+<name>+<key ID, 8 hex>+<base64(0x01 ‖ 32-byte private seed)>
// A signer need not hold its key in memory: any object with name, keyId and sign() works, so the
// server can sign through PKCS#11 (an HSM) instead of parseSignerKey.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { TlogArgumentError } from './errors.ts';
import { base64Strict, checkNoteText, isKeyName, keyIdOf, TlogError } from './verify-proof.ts';

export { openNote, parseVerifierKey, type NoteVerifier } from './verify-proof.ts';

export interface NoteSigner {
  /** Key name; for a log, its checkpoint origin. */
  readonly name: string;
  /** signed-note key ID (uint32). */
  readonly keyId: number;
  /** Ed25519 signature (64 bytes) of the message. */
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

const ED25519 = 0x01; // signed-note §Signature types
// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410 §7): the DER prefix before the 32 bytes.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url');
}

function checkName(name: string): void {
  if (!isKeyName(name)) throw new TlogArgumentError(`key name ${JSON.stringify(name)} is empty or has spaces or "+" (signed-note §Format)`);
}

/** The verifier key string of an Ed25519 public key (or of the private key's public half). */
export function verifierKeyOf(name: string, key: KeyObject): string {
  checkName(name);
  if (key.asymmetricKeyType !== 'ed25519') throw new TlogArgumentError(`a note key is Ed25519, not ${String(key.asymmetricKeyType)}`);
  const typed = Buffer.concat([Buffer.of(ED25519), rawPublicKey(key)]);
  return `${name}+${hex8(keyIdOf(name, typed))}+${typed.toString('base64')}`;
}

/** A signer over an Ed25519 private key held by node:crypto. */
export function ed25519NoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  checkName(name);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new TlogArgumentError('an Ed25519 private key is needed');
  const keyId = keyIdOf(name, Buffer.concat([Buffer.of(ED25519), rawPublicKey(privateKey)]));
  return { name, keyId, sign: (message) => sign(null, message, privateKey) };
}

/** A fresh Ed25519 key pair as signer and verifier key strings. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const verifierKey = verifierKeyOf(name, privateKey);
  return { signerKey: `PRIVATE+KEY+${name}+${verifierKey.split('+')[1]}+${Buffer.concat([Buffer.of(ED25519), seed]).toString('base64')}`, verifierKey };
}

/** The Ed25519 private key of a signer key string (validated as strictly as a verifier key). */
export function parseSignerKey(skey: string): NoteSigner {
  const [, name = '', id = '', data = ''] = /^PRIVATE\+KEY\+([^+]*)\+([^+]*)\+(.*)$/s.exec(skey) ?? [];
  const bad = (why: string): never => {
    throw new TlogError('ERR_TLOG_KEY_FORMAT', `not a signer key (PRIVATE+KEY+<name>+<key ID>+<key>): ${why}`);
  };
  if (!isKeyName(name)) bad('the name is empty or has spaces or "+"');
  if (!/^[0-9a-fA-F]{8}$/.test(id)) bad('the key ID is not 8 hexadecimal digits');
  const key = base64Strict(data);
  if (key?.length !== 33 || key[0] !== ED25519) bad('the key is not base64 of 0x01 (Ed25519) and a 32-byte seed');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, key!.subarray(1)]), format: 'der', type: 'pkcs8' });
  const signer = ed25519NoteSigner(name, privateKey);
  if (signer.keyId !== parseInt(id, 16)) bad(`the key ID ${id} does not belong to this name and key`);
  return signer;
}

/** Signs note text (ending in a newline) with each signer: text, a blank line, one signature line each. */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (signers.length === 0) throw new TlogArgumentError('a note needs at least one signer');
  if (!text.endsWith('\n')) throw new TlogArgumentError('note text ends with a newline');
  checkNoteText('NOTE', text);
  const lines: string[] = [];
  for (const s of signers) {
    checkName(s.name);
    const signature = await s.sign(Buffer.from(text, 'utf8'));
    if (signature.length !== 64) throw new TlogArgumentError(`signer ${s.name} returned ${signature.length} bytes, not an Ed25519 signature`);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyId);
    lines.push(`\u2014 ${s.name} ${Buffer.concat([id, signature]).toString('base64')}\n`);
  }
  return `${text}\n${lines.join('')}`;
}
