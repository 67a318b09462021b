// The signed card QR: signed in the SoftHSM token, verified offline against a published key set;
// cross-checked with @auth0/cose as the other encoder; every way a scan can be wrong refused
// with its reason.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { test } from 'node:test';
import { Algorithms, Sign1 } from '@auth0/cose';
import { decode, encode, Tag } from 'cbor2';
import type { JSONWebKeySet, JWK } from 'jose';
import { publicJwk } from '../keys/jwk.ts';
import { KeyStore, type SignEvent } from '../keys/key-store.ts';
import { testHsmConfig } from '../testing/hsm.ts';
import { BASE45_ALPHABET, base45Decode, base45Encode } from './base45.ts';
import { cborEncode } from './cbor-encode.ts';
import { cwtClaims, type CardQrData } from './qr-claims.ts';
import { signCardQr, verifyCardQr } from './qr.ts';

const store = KeyStore.open(testHsmConfig());
test.after(() => store.close());
const qrKey = store.generateKey('qr-test', 'P-256');
const otherKey = store.generateKey('qr-other', 'P-256');
const published = async (info = qrKey, extra: Partial<JWK> = {}) => ({ ...(await publicJwk(info)), usageFrom: '2026-01-01T00:00:00.000Z', usageUntil: '2027-01-01T00:00:00.000Z', verifyUntil: null, ...extra });
const keySet = async (): Promise<JSONWebKeySet> => ({ keys: [await published(otherKey), await published()] });
const signer = { store, keyLabel: qrKey.label, issuer: 'VN-C06' };
const signedAt = new Date('2026-06-01T03:00:00Z');

const card: CardQrData = {
  idNumber: '001090001234',
  fullName: 'Nguyễn Thị Ánh Tuyết',
  birthDate: '1990-01-01',
  sex: 'female',
  address: 'Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội',
  nativePlace: 'Xã Đông Hội, Huyện Đông Anh, Hà Nội',
  oldIdNumber: '012345678',
  issueDate: '2026-06-01',
  expiryDate: '2030-01-01',
};

test('a QR signed in the token verifies offline; its claims come back exactly', async () => {
  const events: SignEvent[] = [];
  store.setSignHook((e) => { events.push(e); });
  const text = await signCardQr(card, signer, signedAt);
  store.setSignHook(undefined);
  assert.ok([...text].every((c) => BASE45_ALPHABET.includes(c)), 'QR alphanumeric mode only');
  const r = await verifyCardQr(text, await keySet(), new Date('2026-07-01T00:00:00Z'));
  assert.equal(r.valid, true, r.failure?.reason);
  assert.equal(r.alg, 'ES256');
  assert.equal(r.kid, (await publicJwk(qrKey)).kid);
  const { issuer, issuedAt, notBefore, expiresAt, ...data } = r.claims!;
  assert.deepEqual(data, { ...card, nationality: 'VNM' });
  assert.equal(issuer, 'VN-C06');
  assert.equal(issuedAt, signedAt.toISOString());
  assert.equal(notBefore, '2026-05-31T17:00:00.000Z', 'start of the issue day in Vietnam (UTC+7)');
  assert.equal(expiresAt, '2029-12-31T17:00:00.000Z'.replace('2029-12-31', '2030-01-01'), 'end of the expiry day in Vietnam');
  assert.deepEqual(events.map((e) => [e.keyLabel, e.purpose]), [[qrKey.label, 'card-qr']]);
});

test('the QR is Claim 169 as another decoder reads it: COSE_Sign1 (tag 18) over a CWT with claim 169', async () => {
  const text = await signCardQr(card, signer, signedAt);
  const cose = inflateSync(base45Decode(text));
  const sign1 = Sign1.decode(cose);
  assert.equal(sign1.alg, Algorithms.ES256);
  await sign1.verify(qrKey.publicKey);
  const cwt = decode(sign1.payload) as Map<number, unknown>;
  assert.equal(cwt.get(1), 'VN-C06');
  const id = cwt.get(169) as Map<number, unknown>;
  assert.equal(id.get(1), '001090001234');
  assert.equal(id.get(4), 'Nguyễn Thị Ánh Tuyết');
  assert.equal(id.get(8), '19900101');
  assert.equal(id.get(9), 2);
  assert.equal(id.get(13), 'VNM');
  assert.equal(id.get(76), '20300101');
});

test('a QR made by @auth0/cose with its own signing verifies with our verifier', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'foreign-key', alg: 'ES256' };
  const payload = encode(cwtClaims(card, 'VN-C06', signedAt));
  const sign1 = await Sign1.sign(new Map<number, unknown>([[1, Algorithms.ES256], [4, new TextEncoder().encode('foreign-key')]]) as never, new Map(), payload, privateKey);
  const text = base45Encode(deflateSync(sign1.encode()));
  const r = await verifyCardQr(text, { keys: [jwk] }, new Date('2026-07-01T00:00:00Z'));
  assert.equal(r.valid, true, r.failure?.reason);
  assert.equal(r.claims?.fullName, card.fullName);
});

/** The four parts of the COSE_Sign1 in a QR, byte strings as plain Uint8Arrays (cbor2 decodes them as Buffers, which it would re-encode through toJSON). */
function sign1Parts(text: string): [Uint8Array, Map<number, unknown>, Uint8Array, Uint8Array] {
  const tag = decode(inflateSync(base45Decode(text))) as Tag;
  return (tag.contents as unknown[]).map((x) => (x instanceof Uint8Array ? Uint8Array.from(x) : x)) as never;
}

/** Re-encodes a QR with the payload changed by `edit`, keeping the original signature. */
function tamper(text: string, edit: (id: Map<number, unknown>) => void): string {
  const [prot, unprot, payload, sig] = sign1Parts(text);
  const cwt = decode(payload) as Map<number, unknown>;
  edit(cwt.get(169) as Map<number, unknown>);
  return base45Encode(deflateSync(encode(new Tag(18, [prot, unprot, encode(cwt), sig]))));
}

test('a tampered QR is invalid because the signature fails, and shows what it claims', async () => {
  const text = await signCardQr(card, signer, signedAt);
  const forged = tamper(text, (id) => id.set(4, 'Trần Văn Giả'));
  const r = await verifyCardQr(forged, await keySet(), new Date('2026-07-01T00:00:00Z'));
  assert.equal(r.valid, false);
  assert.equal(r.failure?.code, 'ERR_QR_SIGNATURE');
  assert.match(r.failure!.reason, /altered or not signed by us/);
  assert.equal(r.claims?.fullName, 'Trần Văn Giả', 'claims are shown, for the verifier to see what was forged');
  // A flipped signature byte, payload untouched.
  const parts = sign1Parts(text);
  parts[3][10]! ^= 1;
  const flipped = base45Encode(deflateSync(encode(new Tag(18, parts))));
  assert.equal((await verifyCardQr(flipped, await keySet(), new Date('2026-07-01T00:00:00Z'))).failure?.code, 'ERR_QR_SIGNATURE');
});

test('the wrong key: another key under our kid fails the signature; an unpublished kid is unknown', async () => {
  const text = await signCardQr(card, signer, signedAt);
  const impostor = { ...(await published(otherKey)), kid: (await publicJwk(qrKey)).kid };
  const wrong = await verifyCardQr(text, { keys: [impostor] }, new Date('2026-07-01T00:00:00Z'));
  assert.equal(wrong.failure?.code, 'ERR_QR_SIGNATURE');
  const unknown = await verifyCardQr(text, { keys: [await published(otherKey)] }, new Date('2026-07-01T00:00:00Z'));
  assert.equal(unknown.failure?.code, 'ERR_QR_UNKNOWN_KEY');
  assert.match(unknown.failure!.reason, /not in the key set/);
});

test('a truncated scan and text that is not Base45 are refused with the reason', async () => {
  const text = await signCardQr(card, signer, signedAt);
  const ks = await keySet();
  // Cut after whole character triplets: valid Base45 of a zlib stream that ends too early.
  const whole = text.length - (text.length % 3);
  assert.equal((await verifyCardQr(text.slice(0, whole - 30), ks)).failure?.code, 'ERR_QR_COMPRESSION');
  // Cut one character into a triplet: no Base45 text has 3n+1 characters.
  const partial = await verifyCardQr(text.slice(0, whole - 2), ks);
  assert.equal(partial.failure?.code, 'ERR_QR_BASE45');
  assert.match(partial.failure!.reason, /truncated/);
  const old = await verifyCardQr('001090001234|012345678|Nguyễn Văn A|01011990|Nam|Hà Nội|01062021', ks);
  assert.equal(old.failure?.code, 'ERR_QR_BASE45');
  assert.match(old.failure!.reason, /position 13 is not in the Base45 alphabet/);
  assert.equal((await verifyCardQr('hello world', ks)).failure?.code, 'ERR_QR_BASE45');
  // Base45 of something that is not a COSE message.
  assert.equal((await verifyCardQr(base45Encode(deflateSync(encode({ a: 1 }))), ks)).failure?.code, 'ERR_QR_COSE');
});

test('validity follows the card: not before the issue day, not after the expiry day; a card that never expires keeps verifying', async () => {
  const ks = await keySet();
  const text = await signCardQr(card, signer, signedAt);
  assert.equal((await verifyCardQr(text, ks, new Date('2026-05-31T16:59:59Z'))).failure?.code, 'ERR_QR_NOT_YET_VALID');
  assert.equal((await verifyCardQr(text, ks, new Date('2030-01-01T16:59:59Z'))).valid, true, 'the last second of the expiry day in Vietnam');
  const expired = await verifyCardQr(text, ks, new Date('2030-01-01T17:00:00Z'));
  assert.equal(expired.failure?.code, 'ERR_QR_EXPIRED');
  assert.match(expired.failure!.reason, /expired at the end of 2030-01-01/);
  const forever = await signCardQr({ ...card, birthDate: '1950-01-01', expiryDate: null }, signer, signedAt);
  assert.equal((await verifyCardQr(forever, ks, new Date('2099-01-01T00:00:00Z'))).valid, true);
});

test('a signature made outside the key\'s published usage period is refused', async () => {
  const text = await signCardQr(card, signer, new Date('2027-03-01T00:00:00Z'));
  const r = await verifyCardQr(text, await keySet(), new Date('2027-03-02T00:00:00Z'));
  assert.equal(r.failure?.code, 'ERR_QR_KEY_PERIOD');
});

test('a QR signed in the first second of a key\'s use verifies; one signed the second before is refused', async () => {
  // iat is whole seconds (RFC 8392 §2); the key's usage may start at any millisecond.
  const keys = async () => ({ keys: [{ ...(await published()), usageFrom: '2026-06-01T03:00:00.019Z' }] });
  const inFirstSecond = await signCardQr(card, signer, new Date('2026-06-01T03:00:00.700Z'));
  const r = await verifyCardQr(inFirstSecond, await keys(), new Date('2026-06-02T00:00:00Z'));
  assert.equal(r.valid, true, r.failure?.reason);
  const before = await signCardQr(card, signer, new Date('2026-06-01T02:59:59.999Z'));
  assert.equal((await verifyCardQr(before, await keys(), new Date('2026-06-02T00:00:00Z'))).failure?.code, 'ERR_QR_KEY_PERIOD');
});

test('a QR may carry a small photo, at the cost of density', async () => {
  const photo = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
  const text = await signCardQr({ ...card, photo }, signer, signedAt);
  const r = await verifyCardQr(text, await keySet(), new Date('2026-07-01T00:00:00Z'));
  assert.equal(r.valid, true);
  assert.deepEqual(Buffer.from(r.claims!.photo!), photo);
});

test('our CBOR encoder writes the bytes cbor2 writes for everything a QR holds', () => {
  const photo = Uint8Array.from(Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'));
  const long = 'Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội '.repeat(6);
  const values: unknown[] = [
    cwtClaims(card, 'VN-C06', signedAt),
    cwtClaims({ ...card, photo, address: long, expiryDate: null }, 'VN-C06', signedAt),
    ['Signature1', new Uint8Array(0), new Uint8Array(300).fill(7), new Uint8Array(70000)],
    new Tag(18, [new Uint8Array(3), new Map(), new Uint8Array(0), new Uint8Array(64)]),
    [0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -24, -25, -256, -257, -(2 ** 32), -(2 ** 40)],
    new Map<number, unknown>([[1, -7], [4, ''], [-1, 'x'.repeat(24)], [1000, 'y'.repeat(256)]]),
  ];
  for (const v of values) assert.deepEqual(Buffer.from(cborEncode(v)).toString('hex'), Buffer.from(encode(v)).toString('hex'));
  assert.throws(() => cborEncode(1.5), TypeError);
  assert.throws(() => cborEncode({ a: 1 }), TypeError);
});

test('signed through a token signer, the QR is the same and its signature waits in audited()', async () => {
  const events: SignEvent[] = [];
  let commit!: () => void;
  const committed = new Promise<void>((resolve) => { commit = resolve; });
  store.setSignHook(async (e) => { await committed; events.push(e); });
  try {
    const tokenSigner = store.signer(qrKey.label, 'card-qr');
    const text = await signCardQr(card, { ...signer, signer: tokenSigner }, signedAt);
    const r = await verifyCardQr(text, await keySet(), new Date('2026-07-01T00:00:00Z'));
    assert.equal(r.valid, true, r.failure?.reason);
    let audited = false;
    const done = tokenSigner.audited().then(() => { audited = true; });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(audited, false, 'audited() waits for the audit commit');
    commit();
    await done;
    assert.deepEqual(events.map((e) => [e.keyLabel, e.purpose]), [[qrKey.label, 'card-qr']]);
  } finally {
    store.setSignHook(undefined);
  }
});
