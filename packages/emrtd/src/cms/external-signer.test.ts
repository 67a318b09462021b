// Signing with a key that stays outside the process (a PKCS#11 token): EF.SOD, Document Signer
// certificates, CRLs and master lists through an ExternalSigner, checked by our verifier and by
// OpenSSL; a token holding another key is refused before anything is written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, constants, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createVirtualChip } from '../chip/from-card.ts';
import { decodeSod } from '../lds/sod.ts';
import { TrustStore, passiveAuthentication } from '../pa/index.ts';
import { personalizeCardWith } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { createCrlWith, createDocumentSignerCertificateWith, createMasterListWith, createMasterListSignerCertificate, parseCrl, parseMasterList, toPem, verifyCrlSignature } from '../pki/index.ts';
import { readCard } from '../reader/verify-card.ts';
import { CmsBuildError } from './errors.ts';
import type { ExternalSigner } from './signer.ts';

const PKI = samplePki();
/** What a PKCS#11 adapter returns for CKM_ECDSA over a digest computed in Node: r‖s. */
const tokenEcdsa = (key = PKI.dsKey): ExternalSigner => ({
  algorithm: { kind: 'ecdsa', hash: 'sha256' },
  sign: async (data) => sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }),
});

test('personalisation with the Document Signer key in a token: the card reads and verifies; OpenSSL verifies EF.SOD', async () => {
  const card = await personalizeCardWith({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsSigner: tokenEcdsa() } });
  const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust: { cscas: [PKI.cscaCert] } });
  assert.equal(r.valid, true, JSON.stringify(r.passive.errors));
  const dir = mkdtempSync(join(tmpdir(), 'ext-signer-'));
  try {
    writeFileSync(join(dir, 'sod.der'), decodeSod(card.files['EF.SOD']).contentInfo);
    writeFileSync(join(dir, 'csca.pem'), toPem(PKI.cscaCert, 'CERTIFICATE'));
    execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', join(dir, 'sod.der'), '-CAfile', join(dir, 'csca.pem'), '-purpose', 'any', '-out', join(dir, 'lso.der')], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('RSASSA-PSS in a token (DER signature bytes as RSA gives them)', async () => {
  const p = samplePki('rsa');
  const signer: ExternalSigner = {
    algorithm: { kind: 'rsa-pss', hash: 'sha384', mgf1Hash: 'sha384', saltLength: 48 },
    sign: async (data) => sign('sha384', data, { key: p.dsKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }),
  };
  const card = await personalizeCardWith({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: p.dsCert, dsSigner: signer } });
  const si = decodeSod(card.files['EF.SOD']).signedData.signerInfos[0]!;
  assert.deepEqual(si.signatureAlgorithm, signer.algorithm);
  const dgs = new Map(Object.entries(card.files).filter(([n]) => /^DG\d+$/.test(n)).map(([n, b]) => [Number(n.slice(2)), b]));
  assert.equal(passiveAuthentication(card.files['EF.SOD'], { trust: new TrustStore().addCertificates(p.cscaCert), dataGroups: dgs }).valid, true);
});

test('a token holding another key, or failing, is refused with a typed error before anything is written', async () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  await assert.rejects(personalizeCardWith({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsSigner: tokenEcdsa(other) } }), CmsBuildError);
  const broken: ExternalSigner = { algorithm: { kind: 'ecdsa', hash: 'sha256' }, sign: async () => { throw new Error('CKR_DEVICE_REMOVED'); } };
  await assert.rejects(personalizeCardWith({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsSigner: broken } }), /CKR_DEVICE_REMOVED/);
});

test('certificates, CRLs and master lists signed through a token verify', async () => {
  const csca = tokenEcdsa(PKI.cscaKey);
  const dsKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ds = await createDocumentSignerCertificateWith({ subject: { country: 'VN', commonName: 'DS from token' }, publicKey: dsKeys.publicKey, issuerCertificate: PKI.cscaCert, issuerSigner: csca });
  assert.equal(new X509Certificate(ds).verify(new X509Certificate(PKI.cscaCert).publicKey), true);
  const crl = await createCrlWith({ issuerCertificate: PKI.cscaCert, issuerSigner: csca, revoked: [{ serialNumber: '42' }] });
  assert.equal(verifyCrlSignature(parseCrl(crl), new X509Certificate(PKI.cscaCert).publicKey), true);
  const mlsKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const mls = createMasterListSignerCertificate({ subject: { country: 'VN', commonName: 'ML signer' }, publicKey: mlsKeys.publicKey, issuerCertificate: PKI.cscaCert, issuerKey: PKI.cscaKey });
  const ml = await createMasterListWith({ cscaCertificates: [PKI.cscaCert], signerCertificate: mls, signer: tokenEcdsa(mlsKeys.privateKey) });
  assert.equal(parseMasterList(ml).signatureValid, true);
});
