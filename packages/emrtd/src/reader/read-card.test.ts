// Round trips: personalise a card, put it in the virtual chip, read and verify it with our reader.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { createCscaCertificate, createDocumentSignerCertificate } from '../pki/certificate.ts';
import { createCrl } from '../pki/crl.ts';
import { toPem } from '../pki/pem.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import type { PersonalizedCard, PersonalizeOptions } from '../personalize/personalize.ts';
import { createVirtualChip } from '../chip/from-card.ts';
import { RecordingTransceiver } from '../chip/testing.ts';
import { encodeSod } from '../lds/sod.ts';
import { ReadCardError } from './errors.ts';
import { readCard } from './verify-card.ts';
import type { VirtualChip } from '../chip/virtual-chip.ts';

const PHOTO = new Uint8Array(readFileSync(new URL('../personalize/fixtures/face.jpg', import.meta.url)));
export const PERSON = {
  idNumber: '001089012345', fullName: 'Nguyễn Văn An', birthDate: '1989-07-15', sex: 'male', nationality: 'Việt Nam',
  ethnicity: 'Kinh', religion: 'Không', nativePlace: 'Xã Đông Anh, Hà Nội', residence: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi cách 2 cm trên mép trái', issueDate: '2021-03-01', expiryDate: '2029-07-15',
  fatherName: 'Nguyễn Văn Bình', motherName: 'Trần Thị Cúc', spouseName: null, oldIdNumber: '012345678',
};

function pki(curve: string = 'prime256v1') {
  const csca = generateKeyPairSync('ec', { namedCurve: curve });
  const cscaCert = createCscaCertificate({ subject: { country: 'VN', commonName: 'Test CSCA' }, publicKey: csca.publicKey, privateKey: csca.privateKey });
  const ds = generateKeyPairSync('ec', { namedCurve: curve });
  const dsCert = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'Test DS' }, publicKey: ds.publicKey, issuerCertificate: cscaCert, issuerKey: csca.privateKey, serialNumber: Uint8Array.of(0x42) });
  return { csca, cscaCert, ds, dsCert };
}

const P = pki();
const OTHER = pki();
let bacCard: PersonalizedCard;
let paceCard: PersonalizedCard;

function card(options: PersonalizeOptions): PersonalizedCard {
  return personalizeCard({ person: PERSON, photo: PHOTO, pki: { dsCert: P.dsCert, dsKey: P.ds.privateKey }, options });
}

const mrzOf = (c: PersonalizedCard) => c.mrz.join('\n');

describe('personalise → read → verify', () => {
  before(() => {
    bacCard = card({ pace: false });
    paceCard = card({ pace: true });
  });

  it('over BAC: access, CA, all files, PA valid, parsed data', async () => {
    const chip = createVirtualChip(bacCard);
    const r = await readCard(chip, { mrz: mrzOf(bacCard), trust: { cscas: [toPem(P.cscaCert, 'CERTIFICATE')] } });
    assert.equal(r.accessProtocol, 'BAC');
    assert.equal(r.chipAuthentication.status, 'success');
    assert.equal(r.activeAuthentication.status, 'not-offered');
    assert.equal(r.passive.valid, true, JSON.stringify(r.passive.errors));
    assert.equal(r.valid, true);
    assert.deepEqual(Object.keys(r.files).sort(), ['DG1', 'DG13', 'DG14', 'DG15', 'DG2', 'EF.COM', 'EF.CardAccess', 'EF.SOD']);
    for (const [name, bytes] of Object.entries(bacCard.files)) assert.deepEqual(r.files[name], bytes, name);
    assert.equal(r.parsed.mrz?.personalNumber, '001089012345');
    assert.equal(r.parsed.dg13?.fullName, 'Nguyễn Văn An');
    assert.equal(r.parsed.dg13?.residence, PERSON.residence);
    assert.deepEqual(r.parsed.faceImages[0]?.data, PHOTO);
    assert.equal(r.parsed.faceImages[0]?.mime, 'image/jpeg');
  });

  it('over PACE (AES-128, brainpoolP256r1), with CA', async () => {
    const rec = new RecordingTransceiver(createVirtualChip(paceCard));
    const r = await readCard(rec, { mrz: mrzOf(paceCard), trust: { cscas: [P.cscaCert] } });
    assert.equal(r.accessProtocol, 'PACE');
    assert.deepEqual(r.pace, { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 });
    assert.equal(r.chipAuthentication.status, 'success');
    assert.equal(r.valid, true, JSON.stringify(r.passive.errors));
    assert.ok(rec.log.some((e) => e.command.startsWith('0022C1A4')), 'MSE:Set AT sent');
    assert.ok(!rec.log.some((e) => e.command.startsWith('0082')), 'no BAC');
  });

  it('PACE and Chip Authentication with 3DES (MSE:Set KAT), and with AES-256 on P-384', async () => {
    for (const options of [{ cipher: '3DES', curve: 'brainpoolP256r1' }, { cipher: 'AES-256', curve: 'secp384r1' }, { cipher: 'AES-192', curve: 'brainpoolP512r1' }] as const) {
      const c = card({ pace: true, ...options });
      const rec = new RecordingTransceiver(createVirtualChip(c));
      const r = await readCard(rec, { mrz: mrzOf(c), trust: { cscas: [P.cscaCert] } });
      assert.equal(r.accessProtocol, 'PACE', options.cipher);
      assert.equal(r.chipAuthentication.status, 'success', options.cipher);
      assert.equal(r.valid, true);
      if (options.cipher === '3DES') assert.ok(rec.log.some((e) => e.command.startsWith('0C2241A6')), 'MSE:Set KAT');
    }
  });

  it('PACE card read with BAC only when asked', async () => {
    const r = await readCard(createVirtualChip(paceCard), { mrz: mrzOf(paceCard), accessProtocol: 'BAC', trust: { cscas: [P.cscaCert] } });
    assert.equal(r.accessProtocol, 'BAC');
    assert.equal(r.valid, true);
  });

  it('PACE offered but refused by the chip falls back to BAC', async () => {
    const chip = createVirtualChip(paceCard, { profile: { pace: false } });
    const r = await readCard(chip, { mrz: mrzOf(paceCard), trust: { cscas: [P.cscaCert] } });
    assert.equal(r.accessProtocol, 'BAC');
    assert.equal(r.paceFallback?.code, 'ERR_PACE_FAILED');
    assert.equal(r.paceFallback?.sw, 0x6985);
    assert.equal(r.valid, true);
  });

  it('Active Authentication when there is no Chip Authentication (EC and RSA keys)', async () => {
    for (const kind of ['ec', 'rsa'] as const) {
      const c = card({ pace: false, chipAuthentication: false, activeAuthentication: kind });
      const r = await readCard(createVirtualChip(c), { mrz: mrzOf(c), trust: { cscas: [P.cscaCert] } });
      assert.equal(r.chipAuthentication.status, 'not-offered');
      assert.equal(r.activeAuthentication.status, 'success', kind);
      assert.equal(r.activeAuthentication.algorithm, kind === 'ec' ? 'ecdsa-plain-sha256' : 'iso9796-2-sha1');
      assert.equal(r.valid, true);
    }
  });

  it('a chip with a swapped CA key fails Chip Authentication (and the reader still finishes)', async () => {
    const other = card({ pace: false });
    const chip = createVirtualChip({ files: bacCard.files, chipKeys: { ca: other.chipKeys.ca!, aa: bacCard.chipKeys.aa! } });
    const r = await readCard(chip, { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert] } });
    assert.equal(r.chipAuthentication.status, 'failed');
    assert.equal(r.chipAuthentication.error?.code, 'ERR_CHIP_AUTHENTICATION');
    assert.equal(r.passive.valid, true);
    assert.equal(r.valid, false);
    assert.ok(r.files.DG13, 'data groups still read after re-opening access');
  });

  it('a chip with a swapped AA key fails Active Authentication', async () => {
    const c = card({ pace: false, chipAuthentication: false });
    const other = card({ pace: false, chipAuthentication: false });
    const r = await readCard(createVirtualChip({ files: c.files, chipKeys: { aa: other.chipKeys.aa! } }), { mrz: mrzOf(c), trust: { cscas: [P.cscaCert] } });
    assert.equal(r.activeAuthentication.status, 'failed');
    assert.equal(r.valid, false);
  });

  it('one changed byte in any data group makes PA report that group', async () => {
    for (const dg of ['DG1', 'DG2', 'DG13', 'DG14', 'DG15'] as const) {
      const files = { ...bacCard.files, [dg]: bacCard.files[dg]!.slice() };
      const b = files[dg]!;
      b[b.length >> 1] ^= 0x01;
      // The chip keeps its personalised access key whatever DG1 now says (as a real chip's key store).
      const chip = createVirtualChip({ files, chipKeys: bacCard.chipKeys }, { accessKey: { documentNumber: '089012345', birthDate: '890715', expiryDate: '290715' } });
      const r = await readCard(chip, { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert] } });
      assert.equal(r.passive.valid, false, dg);
      assert.equal(r.passive.dataGroups[dg.slice(2)], 'mismatch', dg);
      assert.equal(r.valid, false);
    }
  });

  it('a changed signature byte, another CSCA, a revoked DS', async () => {
    const sod = bacCard.files['EF.SOD'].slice();
    sod[sod.length - 5] ^= 0x01; // inside the signature value at the end of SignerInfo
    let r = await readCard(createVirtualChip({ files: { ...bacCard.files, 'EF.SOD': sod }, chipKeys: bacCard.chipKeys }), { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert] } });
    assert.equal(r.passive.signatureValid, false);
    assert.equal(r.valid, false);

    r = await readCard(createVirtualChip(bacCard), { mrz: mrzOf(bacCard), trust: { cscas: [OTHER.cscaCert] } });
    assert.equal(r.passive.chainValid, false);
    assert.equal(r.passive.signatureValid, true);
    assert.equal(r.valid, false);

    const crl = createCrl({ issuerCertificate: P.cscaCert, issuerKey: P.csca.privateKey, revoked: [{ serialNumber: Uint8Array.of(0x42) }] });
    r = await readCard(createVirtualChip(bacCard), { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert], crls: [crl] } });
    assert.equal(r.passive.chainValid, false);
    assert.ok(r.passive.errors.some((e) => /revok/i.test(e.code + e.message)), JSON.stringify(r.passive.errors));
  });

  it('a wrong MRZ: BAC fails with the card status word 6300', async () => {
    await assert.rejects(readCard(createVirtualChip(bacCard), { mrz: { documentNumber: '089012345', birthDate: '890716', expiryDate: '290715' }, trust: { cscas: [P.cscaCert] } }),
      (e: unknown) => (e as { code?: string }).code === 'ERR_BAC_FAILED' && (e as { sw?: number }).sw === 0x6300);
  });

  it('DG3 behind terminal authentication: 6982 noted, the rest verifies', async () => {
    const dg3 = Uint8Array.of(0x63, 0x03, 0x02, 0x01, 0x00);
    const groups = new Map<number, Uint8Array>([[1, bacCard.files.DG1], [2, bacCard.files.DG2], [3, dg3], [13, bacCard.files.DG13], [14, bacCard.files.DG14!], [15, bacCard.files.DG15!]]);
    const sod = encodeSod({ dataGroups: groups, dsCertificate: P.dsCert, dsKey: P.ds.privateKey });
    const chip: VirtualChip = createVirtualChip({ files: { ...bacCard.files, DG3: dg3, 'EF.SOD': sod }, chipKeys: bacCard.chipKeys });
    const r = await readCard(chip, { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert] } });
    assert.deepEqual(r.denied, ['DG3']);
    assert.equal(r.files.DG3, undefined);
    assert.equal(r.passive.dataGroups['3'], 'missing');
    assert.equal(r.passive.valid, true, JSON.stringify(r.passive));
  });

  it('extended-length reads give the same files in fewer APDUs', async () => {
    const a = new RecordingTransceiver(createVirtualChip(bacCard));
    const b = new RecordingTransceiver(createVirtualChip(bacCard));
    const ra = await readCard(a, { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert] } });
    const rb = await readCard(b, { mrz: mrzOf(bacCard), trust: { cscas: [P.cscaCert] }, extendedLength: true });
    assert.deepEqual(rb.files, ra.files);
    assert.ok(b.log.length <= a.log.length);
  });

  it('no MRZ and no CAN is a typed error', async () => {
    await assert.rejects(readCard(createVirtualChip(bacCard), { trust: { cscas: [P.cscaCert] } }), ReadCardError);
  });
});
