// PACE with Chip Authentication Mapping (9303-11 §4.4.3.5), card and reader: the chip's proof
// CA_IC is checked with OpenSSL's arithmetic (node:crypto ECDH), independent of the @noble/curves
// code the protocol uses; EF.CardSecurity is verified; a chip without the key is caught.
import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { describe, it } from 'node:test';
import { createVirtualChip } from '../chip/from-card.ts';
import { RecordingTransceiver } from '../chip/testing.ts';
import { bigintToBytes } from '../crypto/bytes.ts';
import { curveByParameterId, encodePoint } from '../crypto/curves.ts';
import { curveFromSpki, generateEcKeyPair } from '../crypto/ec-keys.ts';
import { CardChannel } from '../iso7816/channel.ts';
import { decodeCardAccess, decodeCardSecurity } from '../lds/index.ts';
import { mrzKeyInfo } from '../mrz/key-info.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { readCard } from '../reader/verify-card.ts';
import { performPace } from './reader.ts';

const PKI = samplePki();
const trust = { cscas: [PKI.cscaCert] };
const camCard = (curve: string, cipher: 'AES-128' | 'AES-192' | 'AES-256') =>
  personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { curve, cipher, paceMapping: 'CAM' } });

describe('PACE-CAM', () => {
  for (const [curve, cipher] of [['brainpoolP256r1', 'AES-128'], ['prime256v1', 'AES-192'], ['brainpoolP384r1', 'AES-256'], ['secp521r1', 'AES-256']] as const) {
    it(`${curve} ${cipher}: the reader authenticates the chip inside PACE, EF.CardSecurity verifies, no separate Chip Authentication`, async () => {
      const card = camCard(curve, cipher);
      const offers = decodeCardAccess(card.files['EF.CardAccess']).map((i) => (i as { protocol: string }).protocol);
      assert.ok(offers.some((o) => o.startsWith('0.4.0.127.0.7.2.2.4.6.')) && offers.some((o) => o.startsWith('0.4.0.127.0.7.2.2.4.2.')), 'CAM and GM offered');
      const rec = new RecordingTransceiver(createVirtualChip(card));
      const r = await readCard(rec, { mrz: card.mrz.join('\n'), trust });
      assert.match(r.pace!.oid, /^0\.4\.0\.127\.0\.7\.2\.2\.4\.6\.[234]$/);
      assert.deepEqual(r.chipAuthentication, { status: 'success', oid: r.pace!.oid });
      assert.equal(r.cardSecurity?.valid, true, JSON.stringify(r.cardSecurity));
      assert.equal(r.valid, true);
      assert.ok(!rec.log.some((e) => /^0C2241A[46]/.test(e.command)), 'no MSE for Chip Authentication');
    });
  }

  it("the chip's CA_IC satisfies PK_Map,IC = CA_IC · PK_IC by OpenSSL's arithmetic", async () => {
    const card = camCard('brainpoolP256r1', 'AES-128');
    const pkIc = decodeCardSecurity(card.files['EF.CardSecurity']!).securityInfos.find((i) => i.kind === 'ChipAuthenticationPublicKeyInfo') as { subjectPublicKeyInfo: Uint8Array };
    const { curve, point } = curveFromSpki(pkIc.subjectPublicKeyInfo);
    const channel = new CardChannel(createVirtualChip(card));
    const r = await performPace(channel, { mrz: mrzKeyInfo(card.mrz) }, { oid: '0.4.0.127.0.7.2.2.4.6.2', parameterId: 13 });
    assert.ok(r.cam);
    const e = createECDH('brainpoolP256r1');
    e.setPrivateKey(bigintToBytes(r.cam.caIc, 32));
    const x = e.computeSecret(encodePoint(point));
    assert.deepEqual(new Uint8Array(x), r.cam.pkMapIc.subarray(1, 33), 'x(CA_IC · PK_IC) = x(PK_Map,IC)');
    assert.equal(curve.name, curveByParameterId(13).name);
  });

  it('a chip without the private key of its PK_IC fails CAM: the read is not valid', async () => {
    const card = camCard('brainpoolP256r1', 'AES-128');
    const impostor = createVirtualChip({ ...card, chipKeys: { ...card.chipKeys, ca: generateEcKeyPair(curveByParameterId(13)).privateKey } });
    const r = await readCard(impostor, { mrz: card.mrz.join('\n'), trust });
    assert.equal(r.chipAuthentication.status, 'failed');
    assert.equal(r.valid, false);
  });

  it('a changed EF.CardSecurity fails its passive authentication', async () => {
    const card = camCard('brainpoolP256r1', 'AES-128');
    const cs = Uint8Array.from(card.files['EF.CardSecurity']!);
    cs[cs.length - 5]! ^= 1; // inside the signature
    const r = await readCard(createVirtualChip({ ...card, files: { ...card.files, 'EF.CardSecurity': cs } }), { mrz: card.mrz.join('\n'), trust });
    assert.equal(r.cardSecurity?.valid, false);
    assert.equal(r.valid, false);
  });
});
