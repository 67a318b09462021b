// The key store against a real SoftHSM2 token: keys generated inside it and never readable,
// signatures checked by node:crypto and by openssl (an implementation we did not write), every
// signature reported to the sign hook before the caller gets it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as graphene from 'graphene-pk11';
import { testHsmConfig } from '../testing/hsm.ts';
import { hsmConfig } from './hsm-config.ts';
import { KeyStore, type SignEvent } from './key-store.ts';

const config = testHsmConfig();
const store = KeyStore.open(config);
test.after(() => store.close());

test('first start creates the SoftHSM configuration, the token and PINs readable only by the owner', () => {
  const files = config.softhsm!;
  assert.match(readFileSync(files.confFile, 'utf8'), new RegExp(`directories.tokendir = ${files.tokenDir}`));
  for (const f of [files.userPinFile, files.soPinFile]) {
    assert.equal(statSync(f).mode & 0o777, 0o600, `${f} mode`);
    assert.match(readFileSync(f, 'utf8'), /^[A-Za-z0-9_-]{32}\n$/);
  }
  assert.equal(path.dirname(files.userPinFile), path.join(path.dirname(files.dir), 'keys'));
});

for (const curve of ['P-256', 'P-384', 'brainpoolP256r1', 'brainpoolP384r1'] as const) {
  test(`a ${curve} key signs inside the token; node:crypto and openssl verify`, async () => {
    const info = store.generateKey(`test-${curve}`, curve);
    assert.equal(info.curve.name, curve);
    const data = Buffer.from(`document signed with ${curve}`);
    const raw = await store.sign(info.label, data, { purpose: 'test' });
    assert.equal(raw.length, 2 * info.curve.size);
    assert.ok(verify(info.curve.hash, data, { key: info.publicKey, dsaEncoding: 'ieee-p1363' }, raw));
    assert.ok(!verify(info.curve.hash, Buffer.from('other'), { key: info.publicKey, dsaEncoding: 'ieee-p1363' }, raw));

    // The DER form from the emrtd signer, checked by openssl against our SPKI.
    const der = await store.signer(info.label, 'test').sign(data);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-sig-'));
    writeFileSync(path.join(dir, 'pub.der'), info.spki);
    writeFileSync(path.join(dir, 'sig.der'), der);
    writeFileSync(path.join(dir, 'data'), data);
    execFileSync('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', path.join(dir, 'pub.der'), '-out', path.join(dir, 'pub.pem')]);
    const text = execFileSync('openssl', ['pkey', '-pubin', '-in', path.join(dir, 'pub.pem'), '-noout', '-text'], { encoding: 'utf8' });
    assert.match(text, curve.startsWith('P-') ? /NIST CURVE: P-\d+/ : new RegExp(`ASN1 OID: ${curve}`));
    const out = execFileSync('openssl', ['dgst', `-${info.curve.hash}`, '-verify', path.join(dir, 'pub.pem'), '-signature', path.join(dir, 'sig.der'), path.join(dir, 'data')], { encoding: 'utf8' });
    assert.match(out, /Verified OK/);
  });
}

test('private keys are sensitive and not extractable: the token refuses to reveal their value', () => {
  store.generateKey('test-secret', 'P-256');
  // A second, independent view of the same token through graphene (the module is already initialised).
  const mod = graphene.Module.load(config.module);
  mod.initialize();
  const slots = mod.getSlots(true);
  let slot: graphene.Slot | undefined;
  for (let i = 0; i < slots.length; i++) if (slots.items(i).getToken().label === config.tokenLabel) slot = slots.items(i);
  const session = slot!.open(graphene.SessionFlag.SERIAL_SESSION);
  const key = session.find({ class: graphene.ObjectClass.PRIVATE_KEY, label: 'test-secret' }).items(0);
  assert.deepEqual(key.getAttribute({ sensitive: null, extractable: null, token: null }), { sensitive: true, extractable: false, token: true });
  assert.throws(() => key.getAttribute({ value: null }), /CKR_ATTRIBUTE_SENSITIVE/);
  session.close();
});

test('every signature reaches the sign hook, with the digest, before the caller has it', async () => {
  store.generateKey('test-audited', 'P-256');
  const events: SignEvent[] = [];
  let release!: () => void;
  let called!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const hookCalled = new Promise<void>((r) => { called = r; });
  store.setSignHook(async (e) => { events.push(e); called(); await gate; });
  try {
    const data = Buffer.from('audited document');
    let done = false;
    const signing = store.sign('test-audited', data, { purpose: 'card-qr' }).then((s) => { done = true; return s; });
    await hookCalled;
    await new Promise((r) => setImmediate(r));
    assert.equal(events.length, 1);
    assert.equal(done, false, 'the signature is withheld until the hook settles');
    release();
    await signing;
    assert.deepEqual({ ...events[0], at: undefined }, { keyLabel: 'test-audited', purpose: 'card-qr', hash: 'sha256', digest: createHash('sha256').update(data).digest('hex'), at: undefined });

    // The emrtd signer (certificates, CMS) reports too; withSigner returns after the hook.
    events.length = 0;
    const der = await store.withSigner('test-audited', 'certificate', (s) => s.sign(data));
    assert.equal(der[0], 0x30);
    assert.deepEqual(events.map((e) => e.purpose), ['certificate']);
  } finally {
    store.setSignHook(undefined);
  }
});

test('a failing sign hook withholds the signature', async () => {
  store.generateKey('test-hook-fails', 'P-256');
  store.setSignHook(() => Promise.reject(new Error('audit log unavailable')));
  try {
    await assert.rejects(store.sign('test-hook-fails', Buffer.from('x'), { purpose: 'test' }), /audit log unavailable/);
    await assert.rejects(store.withSigner('test-hook-fails', 'certificate', (s) => s.sign(Buffer.from('x'))), /audit log unavailable/);
  } finally {
    store.setSignHook(undefined);
  }
});

test('on the thread pool, more concurrent signatures than sessions queue for a session and all verify', async () => {
  const info = store.generateKey('test-concurrent', 'P-256');
  const pooled = KeyStore.open({ ...config, async: true });
  try {
    const n = config.sessions * 5;
    const sigs = await Promise.all(Array.from({ length: n }, (_, i) => pooled.sign(info.label, Buffer.from(`doc ${i}`), { purpose: 'test' })));
    sigs.forEach((s, i) => assert.ok(verify('sha256', Buffer.from(`doc ${i}`), { key: info.publicKey, dsaEncoding: 'ieee-p1363' }, s)));
  } finally {
    pooled.close();
  }
});

test('labels are unique; unknown labels and wrong uses are refused with stable codes', async () => {
  store.generateKey('test-unique', 'P-256');
  assert.throws(() => store.generateKey('test-unique', 'P-256'), { code: 'ERR_HSM_KEY_EXISTS' });
  assert.throws(() => store.generateKey('has space', 'P-256'), { code: 'ERR_HSM_CONFIG' });
  assert.throws(() => store.generateKey('test-curve', 'P-999' as never), { code: 'ERR_HSM_UNSUPPORTED_CURVE' });
  await assert.rejects(store.sign('no-such-key', Buffer.from('x'), { purpose: 'test' }), { code: 'ERR_HSM_KEY_NOT_FOUND' });
  assert.throws(() => store.signer('no-such-key', 'x'), { code: 'ERR_HSM_KEY_NOT_FOUND' });
});

test('keys survive a restart; a destroyed key is gone', () => {
  store.generateKey('test-persist', 'brainpoolP256r1');
  store.generateKey('test-destroy', 'P-256');
  const other = KeyStore.open(config);
  try {
    assert.ok(other.labels().includes('test-persist'));
    assert.equal(other.key('test-persist').spki.toString('hex'), store.key('test-persist').spki.toString('hex'));
    other.destroyKey('test-destroy');
    assert.ok(!other.hasKey('test-destroy'));
  } finally {
    other.close();
  }
});

test('a wrong PIN is refused with the token\'s CKR code', () => {
  assert.throws(() => KeyStore.open({ ...config, pin: 'wrong-pin-1234' }), (err: { code?: string; ckr?: string }) => err.code === 'ERR_HSM_LOGIN' && err.ckr === 'CKR_PIN_INCORRECT');
});

test('an external module needs its PIN from the environment; bad settings are named', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-cfg-'));
  assert.throws(() => hsmConfig(dir, { CANCUOC_PKCS11_MODULE: config.module }), /CANCUOC_PKCS11_PIN must be set/);
  assert.throws(() => hsmConfig(dir, { CANCUOC_PKCS11_MODULE: '/nonexistent/libvendor.so', CANCUOC_PKCS11_PIN: '1234' }), /does not exist/);
  assert.throws(() => hsmConfig(dir, { CANCUOC_PKCS11_SESSIONS: '0' }), /CANCUOC_PKCS11_SESSIONS/);
  assert.throws(() => hsmConfig(dir, { CANCUOC_PKCS11_SLOT: 'first' }), /CANCUOC_PKCS11_SLOT/);
  const ext = hsmConfig(dir, { CANCUOC_PKCS11_MODULE: config.module, CANCUOC_PKCS11_PIN: '1234', CANCUOC_PKCS11_TOKEN: 'vendor', CANCUOC_PKCS11_SLOT: '7' });
  assert.deepEqual(ext, { module: config.module, tokenLabel: 'vendor', slotId: 7n, pin: '1234', sessions: 4 });
  assert.equal(hsmConfig(dir, { CANCUOC_PKCS11_ASYNC: '1' }).async, true);
  assert.equal(hsmConfig(dir, {}).softhsm?.dir, path.join(dir, 'hsm'));
});

test('a token that does not exist in an external module is named with what the module has', () => {
  assert.throws(() => KeyStore.open({ module: config.module, tokenLabel: 'no-such-token', pin: '1234', sessions: 1 }), (err: { code?: string; message: string }) =>
    err.code === 'ERR_HSM_TOKEN_NOT_FOUND' && err.message.includes(`"${config.tokenLabel}"`));
});
