// Standalone verifier of cancuoc audit-log proofs. One file, Node's built-in modules only, so that
// a citizen, a court or an auditor can read all of it and run it without our server or packages:
//   cancuoc-verify-proof --key '<verifier key>' bundle.json       (npm bin of @cancuoc/tlog)
//   node --experimental-strip-types verify-proof.ts --key '…' bundle.json    (Node ≥ 22.6, this file alone)
// The bundle formats are defined in packages/tlog/README.md. The rest of @cancuoc/tlog imports its
// verification from here, so there is one implementation of each check.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A failed check, with a stable `code` (listed in the README) and a message that says why. */
export class TlogError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}
function fail(code: string, message: string): never {
  throw new TlogError(`ERR_TLOG_${code}`, message);
}

// RFC 9162 §2.1.1: leaves and interior nodes are hashed with distinct prefixes (0x00, 0x01).
const sha256 = (...parts: Uint8Array[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
export const leafHash = (data: Uint8Array): Buffer => sha256(Buffer.of(0), data);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.of(1), left, right);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const half = (x: number): number => Math.floor(x / 2); // not `>>`: sizes may pass 2^31
const odd = (x: number): boolean => x % 2 === 1;

function checkSizes(...sizes: number[]): void {
  for (const s of sizes) if (!Number.isSafeInteger(s) || s < 0) fail('PROOF_SIZE', `${String(s)} is not a tree size or index`);
}
function checkHashes(hashes: readonly Uint8Array[]): void {
  for (const h of hashes) if (h.length !== 32) fail('PROOF_HASH_SIZE', `a hash of ${h.length} bytes where SHA-256 gives 32`);
}

/** RFC 9162 §2.1.3.2: does `path` prove the leaf `leaf` (its hash) at `index` in the tree of `size` with `root`? */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): void {
  checkSizes(index, size);
  checkHashes([leaf, root, ...path]);
  if (index >= size) fail('PROOF_INDEX', `leaf index ${index} is not inside a tree of ${size} entries`); // step 1
  let fn = index; // steps 2, 3
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) fail('PROOF_TOO_LONG', `the audit path has more hashes than a tree of ${size} entries needs`); // 4a
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r); // 4b.i, then 4b.ii:
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else r = nodeHash(r, p);
    [fn, sn] = [half(fn), half(sn)]; // 4c
  }
  if (sn !== 0) fail('PROOF_TOO_SHORT', `the audit path has ${path.length} hashes, too few for a tree of ${size} entries`); // step 5
  if (!Buffer.from(r).equals(root)) {
    fail('PROOF_ROOT_MISMATCH', `entry ${index} and its audit path lead to root ${hex(r)}, not to the signed root ${hex(root)}: the entry, its index or the path is not what the log holds`);
  }
}

/** RFC 9162 §2.1.4.2: is the tree (`second`, `secondRoot`) an append-only extension of (`first`, `firstRoot`)? */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, path: readonly Uint8Array[]): void {
  checkSizes(first, second);
  checkHashes([firstRoot, secondRoot, ...path]);
  if (first > second) fail('PROOF_SIZES', `the first tree (${first} entries) is larger than the second (${second})`);
  if (first === 0 || first === second) {
    // Outside the RFC's algorithm (it assumes 0 < first < second): nothing to prove, the proof is empty
    // (§2.1.4.1), and the first root must be the empty tree's (§2.1.1) or equal the second.
    if (path.length > 0) fail('PROOF_NOT_EMPTY', `a proof between sizes ${first} and ${second} is empty, this one has ${path.length} hashes`);
    const expected = first === 0 ? sha256() : secondRoot;
    if (!Buffer.from(firstRoot).equals(expected)) fail('PROOF_FIRST_ROOT_MISMATCH', `the root of size ${first} is ${hex(firstRoot)}, and must be ${hex(expected)}`);
    if (first === second && !Buffer.from(secondRoot).equals(firstRoot)) fail('PROOF_SECOND_ROOT_MISMATCH', `two trees of ${first} entries with different roots`);
    return;
  }
  if (path.length === 0) fail('PROOF_EMPTY', `a proof between sizes ${first} and ${second} cannot be empty`); // step 1
  let powerOfTwo = first;
  while (powerOfTwo % 2 === 0) powerOfTwo /= 2;
  const p = powerOfTwo === 1 ? [firstRoot, ...path] : path; // step 2
  let fn = first - 1; // step 3
  let sn = second - 1;
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)]; // step 4
  let fr = p[0]!; // step 5
  let sr = p[0]!;
  for (const c of p.slice(1)) {
    if (sn === 0) fail('PROOF_TOO_LONG', `the consistency path has more hashes than sizes ${first} and ${second} need`); // 6a
    if (odd(fn) || fn === sn) {
      [fr, sr] = [nodeHash(c, fr), nodeHash(c, sr)]; // 6b.i, then 6b.ii:
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [half(fn), half(sn)]; // 6c
  }
  if (sn !== 0) fail('PROOF_TOO_SHORT', `the consistency path has ${path.length} hashes, too few for sizes ${first} and ${second}`); // step 7
  if (!Buffer.from(fr).equals(firstRoot)) fail('PROOF_FIRST_ROOT_MISMATCH', `the path rebuilds ${hex(fr)} as the root of size ${first}, not the signed ${hex(firstRoot)}`);
  if (!Buffer.from(sr).equals(secondRoot)) fail('PROOF_SECOND_ROOT_MISMATCH', `the path rebuilds ${hex(sr)} as the root of size ${second}, not the signed ${hex(secondRoot)}: the log was rewritten or the proof is wrong`);
}

// ---- Signed notes (c2sp.org/signed-note) with Ed25519 keys, and checkpoints (c2sp.org/tlog-checkpoint).

/** Standard base64 (RFC 4648 §4) in its one canonical spelling, or undefined; Buffer.from alone skips junk. */
export function base64Strict(s: string): Buffer | undefined {
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}
/** signed-note §Format: key names are non-empty, without Unicode spaces or '+'. */
export const isKeyName = (name: string): boolean => /^[^\p{White_Space}+]+$/u.test(name);
/** signed-note: key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian; `typedKey` starts with the type byte. */
export const keyIdOf = (name: string, typedKey: Uint8Array): number => sha256(Buffer.from(`${name}\n`), typedKey).readUInt32BE(0);
/** Notes are UTF-8 with no control character but newline (signed-note §Format). */
export function checkNoteText(what: string, text: string): void {
  if (Buffer.from(text, 'utf8').toString('utf8') !== text) fail(`${what}_FORMAT`, 'the text is not valid Unicode (UTF-8)');
  const control = /[\x00-\x09\x0b-\x1f]/.exec(text);
  if (control) fail(`${what}_FORMAT`, `control character 0x${control[0].charCodeAt(0).toString(16).padStart(2, '0')} at offset ${control.index}`);
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: KeyObject;
}

/** A verifier key `<name>+<8 hex key ID>+<base64(0x01 ‖ Ed25519 public key)>` (the Go sumdb/note text form). */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const [, name = '', id = '', data = ''] = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(vkey) ?? [];
  if (!isKeyName(name)) fail('KEY_FORMAT', 'a verifier key is <name>+<key ID>+<key>, with a name free of spaces and "+"');
  if (!/^[0-9a-fA-F]{8}$/.test(id)) fail('KEY_FORMAT', `the key ID ${JSON.stringify(id)} is not 8 hexadecimal digits`);
  const key = base64Strict(data);
  if (key?.length !== 33 || key[0] !== 0x01) fail('KEY_FORMAT', 'the key is not base64 of 0x01 (Ed25519) and a 32-byte public key');
  if (keyIdOf(name, key) !== parseInt(id, 16)) fail('KEY_FORMAT', `the key ID ${id} does not belong to this name and key`);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.subarray(1).toString('base64url') }, format: 'jwk' });
  return { name, keyId: parseInt(id, 16), publicKey };
}

/** Splits a signed note, verifies the signatures of known keys (all must hold, one is needed), returns its text. */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): { text: string; verifiedBy: NoteVerifier[] } {
  checkNoteText('NOTE', note);
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) fail('NOTE_FORMAT', 'a signed note is text, a blank line, signature lines, each ending in a newline');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > 100) fail('NOTE_FORMAT', `${lines.length} signature lines, more than the 100 accepted`);
  const verifiedBy: NoteVerifier[] = [];
  for (const line of lines) {
    const [, name = '', data = ''] = /^\u2014 ([^ ]+) ([^ ]+)$/.exec(line) ?? [];
    const sig = base64Strict(data);
    if (!isKeyName(name) || sig === undefined || sig.length < 5) fail('NOTE_FORMAT', `not a signature line: ${JSON.stringify(line)}`);
    const v = verifiers.find((k) => k.name === name && k.keyId === sig.readUInt32BE(0));
    if (v === undefined) continue; // signed-note: signatures of unknown keys are ignored
    if (sig.length !== 68 || !verify(null, Buffer.from(text, 'utf8'), v.publicKey, sig.subarray(4))) {
      fail('NOTE_SIGNATURE', `the signature of ${name} (key ID ${v.keyId.toString(16).padStart(8, '0')}) does not verify: the note was altered or not signed by that key`);
    }
    verifiedBy.push(v);
  }
  if (verifiedBy.length === 0) fail('NOTE_UNSIGNED', `no signature by ${verifiers.map((v) => `${v.name}+${v.keyId.toString(16).padStart(8, '0')}`).join(' or ')}`);
  return { text, verifiedBy };
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  readonly extensions: readonly string[];
}

/** tlog-checkpoint §Note text: origin, decimal size without leading zeros, base64 root, optional extension lines. */
export function parseCheckpoint(text: string): Checkpoint {
  checkNoteText('CHECKPOINT', text);
  const [origin = '', size = '', root, ...extensions] = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  if (root === undefined) fail('CHECKPOINT_FORMAT', 'a checkpoint has at least 3 lines (origin, size, root hash), each ending in a newline');
  if (origin === '') fail('CHECKPOINT_FORMAT', 'the origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) fail('CHECKPOINT_FORMAT', `the size ${JSON.stringify(size)} is not a decimal number without leading zeros below 2^53`);
  const rootHash = base64Strict(root);
  if (rootHash?.length !== 32) fail('CHECKPOINT_FORMAT', `the root hash ${JSON.stringify(root)} is not base64 of 32 bytes`);
  if (extensions.includes('')) fail('CHECKPOINT_FORMAT', 'an extension line is empty');
  return { origin, size: Number(size), rootHash, extensions };
}

/** A checkpoint signed by `verifier`, whose origin must be the key's name (tlog-checkpoint §Signatures). */
export function openCheckpoint(note: string, verifier: NoteVerifier): Checkpoint {
  const checkpoint = parseCheckpoint(openNote(note, [verifier]).text);
  if (checkpoint.origin !== verifier.name) fail('CHECKPOINT_ORIGIN', `the checkpoint is of log ${JSON.stringify(checkpoint.origin)}, the key of ${JSON.stringify(verifier.name)}`);
  return checkpoint;
}

// ---- Proof bundles (JSON, README "Proof bundles"), as GET /api/v1/audit/entries/{id}/proof and
// GET /api/v1/audit/consistency return them.

export interface InclusionBundle {
  leafIndex: number;
  entry?: string; // base64 of the entry's exact bytes
  leafHash?: string; // hex
  auditPath: string[]; // hex
  checkpoint: string; // signed note
}
export interface ConsistencyBundle {
  firstCheckpoint: string;
  secondCheckpoint: string;
  consistencyPath: string[]; // hex
}

function bundleField<T>(bundle: Record<string, unknown>, name: string, valid: (v: unknown) => boolean, what: string): T {
  if (!valid(bundle[name])) fail('BUNDLE', `"${name}" must be ${what}`);
  return bundle[name] as T;
}
const isHash = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const hashList = (b: Record<string, unknown>, name: string) =>
  bundleField<string[]>(b, name, (v) => Array.isArray(v) && v.every(isHash), 'an array of hashes (64 lowercase hex digits)').map((h) => Buffer.from(h, 'hex'));

/** Verifies a proof bundle against the log's verifier key; returns what it proves, or throws TlogError. */
export function verifyProofBundle(bundle: unknown, key: string | NoteVerifier): string {
  const verifier = typeof key === 'string' ? parseVerifierKey(key) : key;
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return fail('BUNDLE', 'a proof bundle is a JSON object');
  const b = bundle as Record<string, unknown>;
  const kind = 'auditPath' in b ? ['leafIndex', 'entry', 'leafHash', 'auditPath', 'checkpoint'] : ['firstCheckpoint', 'secondCheckpoint', 'consistencyPath'];
  const unknown = Object.keys(b).find((k) => !kind.includes(k));
  if (unknown !== undefined) fail('BUNDLE', `unknown field "${unknown}"`);
  const note = (name: string) => openCheckpoint(bundleField<string>(b, name, (v) => typeof v === 'string', 'a signed checkpoint (text)'), verifier);
  if (!('auditPath' in b)) {
    const path = hashList(b, 'consistencyPath');
    const [first, second] = [note('firstCheckpoint'), note('secondCheckpoint')];
    verifyConsistency(first.size, second.size, first.rootHash, second.rootHash, path);
    return `the log ${first.origin} at ${second.size} entries (root ${hex(second.rootHash)}) extends its state at ${first.size} entries (root ${hex(first.rootHash)}): nothing was changed or removed`;
  }
  const index = bundleField<number>(b, 'leafIndex', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'an integer ≥ 0');
  const entry = b.entry === undefined ? undefined : base64Strict(bundleField<string>(b, 'entry', (v) => typeof v === 'string', 'base64'));
  if (b.entry !== undefined && entry === undefined) fail('BUNDLE', '"entry" must be the entry\'s bytes in standard base64');
  const given = b.leafHash === undefined ? undefined : Buffer.from(bundleField<string>(b, 'leafHash', isHash, 'a hash (64 lowercase hex digits)'), 'hex');
  const leaf = entry === undefined ? given : leafHash(entry);
  if (leaf === undefined) return fail('BUNDLE', 'a bundle has "entry" or "leafHash"');
  if (given !== undefined && !given.equals(leaf)) fail('PROOF_LEAF_HASH_MISMATCH', `the entry hashes to ${hex(leaf)}, the bundle says ${hex(given)}`);
  const path = hashList(b, 'auditPath');
  const checkpoint = note('checkpoint');
  verifyInclusion(leaf, index, checkpoint.size, path, checkpoint.rootHash);
  return `entry ${index} (leaf hash ${hex(leaf)}) is in the log ${checkpoint.origin} of ${checkpoint.size} entries, root ${hex(checkpoint.rootHash)}${checkpoint.extensions.map((e) => `, ${e}`).join('')}`;
}

/** The command: `--key <verifier key>` or `--key-file <file>`, then a bundle file (or `-` for stdin). Exit 0 valid, 1 not, 2 usage. */
export function main(args: readonly string[]): number {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const keyFile = option('--key-file');
  const file = args.filter((a, i) => !a.startsWith('--') && !['--key', '--key-file'].includes(args[i - 1] ?? '')).at(0);
  if ((keyFile ?? option('--key')) === undefined || file === undefined) {
    process.stderr.write('usage: cancuoc-verify-proof (--key <verifier key> | --key-file <file>) <bundle.json | ->\n');
    return 2;
  }
  try {
    const key = keyFile === undefined ? option('--key')! : readFileSync(keyFile, 'utf8').trim();
    const proven = verifyProofBundle(JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')), key);
    process.stdout.write(`valid: ${proven}\n`);
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string };
    process.stdout.write(`invalid: ${err instanceof SyntaxError ? 'the bundle is not JSON' : err.message}${err.code ? ` (${err.code})` : ''}\n`);
    return 1;
  }
}

if (process.argv[1] === import.meta.filename) process.exitCode = main(process.argv.slice(2));
