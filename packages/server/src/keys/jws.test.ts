// JWS signed in the token and verified by jose (not our code) against a published key set.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { base64url, calculateJwkThumbprint, decodeProtectedHeader, errors, type JWK } from 'jose';
import { testHsmConfig } from '../testing/hsm.ts';
import { publicJwk } from './jwk.ts';
import { signJws, verifyJws } from './jws.ts';
import { KeyStore, type SignEvent } from './key-store.ts';

const store = KeyStore.open(testHsmConfig());
test.after(() => store.close());
const key = store.generateKey('jws-document', 'P-256');
const other = store.generateKey('jws-other', 'P-256');

test('a JWS signed in the token verifies with jose against the published key set', async () => {
  const events: SignEvent[] = [];
  store.setSignHook((e) => { events.push(e); });
  const payload = { oldIdNumber: '012345678', idNumber: '001090001234', confirmedAt: '2026-12-04' };
  const jws = await signJws(store, payload, key.label, { typ: 'old-id-confirmation+jwt', purpose: 'old-id-confirmation' });
  store.setSignHook(undefined);
  const jwk = await publicJwk(key);
  const { payload: body, header } = await verifyJws(jws, { keys: [await publicJwk(other), jwk] });
  assert.deepEqual(JSON.parse(new TextDecoder().decode(body)), payload);
  assert.equal(header.alg, 'ES256');
  assert.equal(header.typ, 'old-id-confirmation+jwt');
  // kid is the RFC 7638 thumbprint of the published JWK, as jose computes it.
  assert.equal(header.kid, await calculateJwkThumbprint(jwk as JWK));
  assert.deepEqual(events.map((e) => [e.keyLabel, e.purpose]), [[key.label, 'old-id-confirmation']]);
});

test('a changed payload, a missing key or a wrong key fails verification with jose\'s errors', async () => {
  const jws = await signJws(store, 'the old number 012345678 is the same person as 001090001234', key.label);
  const [h, , s] = jws.split('.');
  const tampered = `${h}.${base64url.encode('the old number 999999999 is the same person as 001090001234')}.${s}`;
  const keys = { keys: [await publicJwk(key)] };
  await assert.rejects(verifyJws(tampered, keys), errors.JWSSignatureVerificationFailed);
  await assert.rejects(verifyJws(jws, { keys: [await publicJwk(other)] }), errors.JWKSNoMatchingKey);
  // A different key published under the signing key's kid.
  const impostor = { ...(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }) as JWK), kid: decodeProtectedHeader(jws).kid, alg: 'ES256' };
  await assert.rejects(verifyJws(jws, { keys: [impostor] }), errors.JWSSignatureVerificationFailed);
  await assert.rejects(verifyJws(jws.slice(0, -10), keys), errors.JWSSignatureVerificationFailed);
  await assert.rejects(verifyJws(jws.split('.').slice(0, 2).join('.'), keys), errors.JWSInvalid);
});

test('brainpool keys cannot sign a JWS (JOSE has no name for their curve)', async () => {
  store.generateKey('jws-brainpool', 'brainpoolP256r1');
  await assert.rejects(signJws(store, 'x', 'jws-brainpool'), { code: 'ERR_HSM_UNSUPPORTED_CURVE' });
});
