// Fingerprints (DG3) under Extended Access Control: a card personalised with finger images trusts
// a CVCA made by OpenPACE's cvc-create (fixtures/make.sh); readers without Terminal Authentication
// get 6982 on DG3; the inspection system with the fingerprint right reads it (hash as in the SOD);
// an expired terminal certificate, another state's chain and a certificate without the right are
// refused with the status words a card gives (TR-03110-3: 6984, 6A88, 6982 on the file).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createVirtualChip } from '../chip/from-card.ts';
import { decodeDg3 } from '../lds/dg3.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { tinyJpeg } from '../personalize/tiny-jpeg.ts';
import { readCard } from '../reader/verify-card.ts';
import { IS_RIGHTS, createCvc, createCvcWith, decodeCvc, verifyCvcSignature } from './cvc.ts';

const fx = (p: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', p)));
const key = (p: string) => createPrivateKey({ key: Buffer.from(fx(p)), format: 'der', type: 'pkcs8' });
const PKI = samplePki();
const fingers = [
  { position: 'right-index' as const, image: tinyJpeg(64, 80, (x, y) => ((x + y) % 3) * 60) },
  { position: 'left-index' as const, image: tinyJpeg(64, 80, (x, y) => ((x * y) % 5) * 40) },
];
const CHIP_DATE = new Date('2026-12-01');
const card = personalizeCard({
  person: SAMPLE_PERSON,
  photo: samplePhoto(),
  fingerprints: fingers,
  pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey },
  options: { eac: { trustPoints: [fx('utopia/cvca.cvcert')], date: CHIP_DATE } },
});
const trust = { cscas: [PKI.cscaCert] };
const terminal = (is = 'is', dir = 'utopia') => ({ certificates: [fx(`${dir}/dv.cvcert`), fx(`${dir}/${is}.cvcert`)], privateKey: key(`${dir}/${is}.pkcs8`) });

describe('DG3 under Extended Access Control', () => {
  it('is written in the CBEFF structure of 9303-10 with ISO/IEC 19794-4 records, listed in EF.COM and the SOD, with EF.CVCA', () => {
    const dg3 = decodeDg3(card.files.DG3!);
    assert.deepEqual(dg3.fingers.map((f) => [f.position, f.compression, f.width, f.height, f.ppi]), [[2, 'jpeg', 64, 80, 500], [7, 'jpeg', 64, 80, 500]]);
    assert.deepEqual(dg3.fingers[0]!.image, fingers[0]!.image);
    assert.deepEqual([...dg3.fingers[0]!.header.get(0x81)!], [0x08]);
    assert.deepEqual([...dg3.fingers[0]!.header.get(0x82)!], [0x09], 'CBEFF subtype right (01) pointer finger (08)');
    assert.equal(Buffer.from(card.files['EF.CVCA']!).subarray(0, 13).toString('latin1'), '\x42\x0bUTCVCA00001');
  });

  for (const access of ['BAC', 'PACE'] as const) {
    it(`without Terminal Authentication the chip answers 6982 to DG3 (${access}); the rest verifies`, async () => {
      const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), accessProtocol: access, trust });
      assert.deepEqual(r.denied, ['DG3']);
      assert.equal(r.files.DG3, undefined);
      assert.equal(r.terminalAuthentication.status, 'not-offered');
      assert.equal(r.valid, true, JSON.stringify(r.passive.errors));
      assert.equal(r.passive.dataGroups[3], 'missing');
    });

    it(`CA then TA with the OpenPACE-made chain (fingerprint right) reads DG3, its hash matches the SOD (${access})`, async () => {
      const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), accessProtocol: access, trust, terminal: terminal() });
      assert.equal(r.chipAuthentication.status, 'success');
      assert.deepEqual(r.terminalAuthentication, { status: 'success', rights: IS_RIGHTS.dg3 });
      assert.deepEqual(r.denied, []);
      assert.deepEqual(r.files.DG3, card.files.DG3);
      assert.deepEqual(r.files['EF.CVCA'], card.files['EF.CVCA'], 'the terminal read EF.CVCA to choose its chain (TR-03110-3 B.11.1)');
      assert.equal(r.passive.dataGroups[3], 'match');
      assert.equal(r.valid, true);
    });
  }

  it('an inspection system certificate expired against the chip date is refused at PSO:Verify Certificate with 6984', async () => {
    const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust, terminal: terminal('is-expired') });
    assert.equal(r.terminalAuthentication.status, 'failed');
    assert.equal(r.terminalAuthentication.error?.sw, 0x6984);
    assert.match(r.terminalAuthentication.error!.message, /PSO:Verify Certificate UTIS00000003/);
    assert.deepEqual(r.denied, ['DG3']);
  });

  it("another state's chain is refused at MSE:Set DST with 6A88 (its CVCA is not a trust point)", async () => {
    const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust, terminal: terminal('is', 'other') });
    assert.equal(r.terminalAuthentication.error?.sw, 0x6a88);
    assert.match(r.terminalAuthentication.error!.message, /MSE:Set DST XXCVCA00001/);
    assert.deepEqual(r.denied, ['DG3']);
  });

  it('a terminal without the fingerprint right authenticates, and DG3 still answers 6982', async () => {
    const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust, terminal: terminal('is-nofinger') });
    assert.deepEqual(r.terminalAuthentication, { status: 'success', rights: IS_RIGHTS.dg4 });
    assert.deepEqual(r.denied, ['DG3']);
  });

  it('the right chain with the wrong private key fails EXTERNAL AUTHENTICATE with 6300', async () => {
    const wrong = { ...terminal(), privateKey: generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' }).privateKey };
    const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust, terminal: wrong });
    assert.equal(r.terminalAuthentication.error?.sw, 0x6300);
    assert.deepEqual(r.denied, ['DG3']);
  });
});

describe('card-verifiable certificates', () => {
  it('our own CVCA → DV → IS chain is read by OpenPACE (cvc-print verifies every signature) and opens DG3', async () => {
    const gen = () => generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
    const [c, d, i] = [gen(), gen(), gen()];
    const from = new Date('2026-01-01');
    const to = new Date('2028-12-31');
    const cvca = createCvc({ car: 'VNCVCA00001', chr: 'VNCVCA00001', publicKey: c.publicKey, role: 'cvca', rights: 3, effective: from, expiration: to, signerKey: c.privateKey });
    const dv = createCvc({ car: 'VNCVCA00001', chr: 'VNDV000001', publicKey: d.publicKey, role: 'dv-domestic', rights: 3, effective: from, expiration: to, signerKey: c.privateKey });
    const is = createCvc({ car: 'VNDV000001', chr: 'VNIS00000001', publicKey: i.publicKey, role: 'is', rights: IS_RIGHTS.dg3, effective: from, expiration: to, signerKey: d.privateKey });
    const dir = mkdtempSync(join(tmpdir(), 'cvc-'));
    try {
      writeFileSync(join(dir, 'VNCVCA00001'), cvca);
      writeFileSync(join(dir, 'VNDV000001'), dv);
      writeFileSync(join(dir, 'is.cvcert'), is);
      const out = execFileSync('cvc-print', ['--cvc', join(dir, 'is.cvcert'), '--cvc-dir', dir], { encoding: 'utf8' });
      assert.match(out, /CHR: VNIS00000001/);
      assert.match(out, /Read fingerprint/);
      assert.match(out, /certificate verified/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(decodeCvc(is).role, 'is');
    const ours = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), fingerprints: fingers, pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { eac: { trustPoints: [cvca], date: new Date('2026-06-01') } } });
    const r = await readCard(createVirtualChip(ours), { mrz: ours.mrz.join('\n'), trust, terminal: { certificates: [dv, is], privateKey: i.privateKey } });
    assert.equal(r.terminalAuthentication.status, 'success');
    assert.equal(r.passive.dataGroups[3], 'match');
  });

  it('a CVCA and DV signed by external signers (DER like a PKCS#11 token, or r‖s) equal the in-memory ones and open DG3', async () => {
    const gen = () => generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
    const [c, d, i] = [gen(), gen(), gen()];
    const from = new Date('2026-01-01');
    const to = new Date('2028-12-31');
    // A token signs the bytes it is given with the curve's hash and returns DER (our KeyStore does).
    const der = (k: typeof c) => ({ algorithm: { kind: 'ecdsa' as const, hash: 'sha256' as const }, sign: async (b: Uint8Array) => new Uint8Array(sign('sha256', b, k.privateKey)) });
    const plain = (k: typeof c) => ({ algorithm: { kind: 'ecdsa' as const, hash: 'sha256' as const }, sign: async (b: Uint8Array) => new Uint8Array(sign('sha256', b, { key: k.privateKey, dsaEncoding: 'ieee-p1363' })) });
    const cvca = await createCvcWith({ car: 'VNCVCA00002', chr: 'VNCVCA00002', publicKey: c.publicKey, role: 'cvca', rights: 3, effective: from, expiration: to, signer: der(c), issuerPublicKey: c.publicKey });
    const dv = await createCvcWith({ car: 'VNCVCA00002', chr: 'VNDV000002', publicKey: d.publicKey, role: 'dv-domestic', rights: 3, effective: from, expiration: to, signer: plain(c), issuerPublicKey: c.publicKey });
    const is = createCvc({ car: 'VNDV000002', chr: 'VNIS00000002', publicKey: i.publicKey, role: 'is', rights: IS_RIGHTS.dg3, effective: from, expiration: to, signerKey: d.privateKey });
    const inMemory = createCvc({ car: 'VNCVCA00002', chr: 'VNCVCA00002', publicKey: c.publicKey, role: 'cvca', rights: 3, effective: from, expiration: to, signerKey: c.privateKey });
    assert.deepEqual(decodeCvc(cvca).body, decodeCvc(inMemory).body, 'the same body, whoever signs it');
    const cv = decodeCvc(cvca);
    assert.equal(cv.signature.length, 64, 'plain r‖s of the curve size in 5F37, not the DER the token gave');
    assert.equal(verifyCvcSignature(cv, { curve: cv.curve!, point: cv.point, hash: 'sha256' }), true);
    const ours = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), fingerprints: fingers, pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { eac: { trustPoints: [cvca], date: new Date('2026-06-01') } } });
    const r = await readCard(createVirtualChip(ours), { mrz: ours.mrz.join('\n'), trust, terminal: { certificates: [dv, is], privateKey: i.privateKey } });
    assert.deepEqual(r.terminalAuthentication, { status: 'success', rights: IS_RIGHTS.dg3 });
    assert.equal(r.passive.dataGroups[3], 'match');
    // A signer holding another key than the one named as issuer is caught before anything is issued.
    await assert.rejects(createCvcWith({ car: 'VNCVCA00002', chr: 'VNDV000003', publicKey: d.publicKey, role: 'dv-domestic', rights: 3, effective: from, expiration: to, signer: der(i), issuerPublicKey: c.publicKey }), /does not verify with the issuer's public key/);
    await assert.rejects(createCvcWith({ car: 'VNCVCA00002', chr: 'VNDV000003', publicKey: d.publicKey, role: 'dv-domestic', rights: 3, effective: from, expiration: to, signer: { ...der(c), sign: async () => Uint8Array.of(1, 2, 3) }, issuerPublicKey: c.publicKey }), /neither DER nor r‖s/);
  });

  it('fingerprints without EAC are refused at personalisation', () => {
    assert.throws(() => personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), fingerprints: fingers, pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey } }), /Extended Access Control/);
  });
});
