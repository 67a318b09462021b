// 9303-11 §9.5.1: a card personalised on every standard curve the stack offers (ids 8–18) runs
// PACE, Chip Authentication and Active Authentication 20 times out of 20 with our reader, each
// time with fresh ephemeral scalars and, per run, fresh chip keys (FIPS 186-5 §A.4.2 sampling).
// Then the card access number: PACE with the CAN, and a wrong CAN refused as a wrong MRZ is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performActiveAuthentication } from '../aa/reader.ts';
import { performChipAuthentication } from '../ca/reader.ts';
import { createVirtualChip } from '../chip/from-card.ts';
import { LDS1_AID } from '../chip/files.ts';
import { curveByParameterId, EC_STANDARD_PARAMETER_IDS, randomScalar } from '../crypto/curves.ts';
import { command } from '../iso7816/apdu.ts';
import { CardChannel } from '../iso7816/channel.ts';
import { SW } from '../iso7816/status.ts';
import { decodeDg14, decodeDg15 } from '../lds/index.ts';
import { mrzKeyInfo } from '../mrz/key-info.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { ReadCardError } from '../reader/errors.ts';
import { readCard } from '../reader/verify-card.ts';
import { performPace } from './reader.ts';

const PKI = samplePki();
const RUNS = 20;

describe('every standard curve of 9303-11 §9.5.1: PACE, CA and AA 20/20', () => {
  for (const id of EC_STANDARD_PARAMETER_IDS) {
    const curve = curveByParameterId(id);
    it(`parameter id ${id} (${curve.name})`, async () => {
      let pace = 0;
      let ca = 0;
      let aa = 0;
      for (let run = 0; run < RUNS; run++) {
        // Ciphers in turn, so every curve also meets AES-192/256 and 3DES.
        const cipher = (['AES-128', 'AES-192', 'AES-256', '3DES'] as const)[run % 4];
        const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { curve: curve.name, cipher } });
        const chip = createVirtualChip(card);
        const channel = new CardChannel(chip);
        const offer = { oid: `0.4.0.127.0.7.2.2.4.2.${['3DES', 'AES-128', 'AES-192', 'AES-256'].indexOf(cipher) + 1}`, parameterId: id };
        await performPace(channel, { mrz: mrzKeyInfo(card.mrz) }, offer);
        pace++;
        assert.equal((await channel.send(command(0x00, 0xa4, 0x04, 0x0c, LDS1_AID))).sw, SW.SUCCESS);
        const infos = decodeDg14(card.files.DG14!);
        const key = infos.find((i) => i.kind === 'ChipAuthenticationPublicKeyInfo')!;
        const caInfo = infos.find((i) => i.kind === 'ChipAuthenticationInfo')!;
        await performChipAuthentication(channel, { oid: caInfo.protocol, subjectPublicKeyInfo: (key as { subjectPublicKeyInfo: Uint8Array }).subjectPublicKeyInfo }, { fileId: 0x011e, expected: card.files['EF.COM'].subarray(0, 8) });
        ca++;
        const r = await performActiveAuthentication(channel, decodeDg15(card.files.DG15!).publicKey, { signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3' });
        assert.equal(r.valid, true, `AA on ${curve.name}: ${r.reason}`);
        aa++;
        assert.equal(chip.lastInternalError, undefined);
      }
      assert.deepEqual({ pace, ca, aa }, { pace: RUNS, ca: RUNS, aa: RUNS });
    });
  }
});

describe('scalar generation (FIPS 186-5 §A.4.2)', () => {
  it('masks to the bit length of n and rejects, on P-521 too', () => {
    const p521 = curveByParameterId(18);
    // A source that first yields all ones (≥ n after the mask) and then a small value: the second is taken.
    const draws = [new Uint8Array(66).fill(0xff), Uint8Array.from({ length: 66 }, (_, i) => (i === 0 ? 0xfe : i === 65 ? 7 : 0))];
    assert.equal(randomScalar(p521, () => draws.shift()!), 7n, 'the top 7 bits of the first byte are masked off');
    for (let i = 0; i < 2000; i++) {
      const k = randomScalar(p521, (n) => crypto.getRandomValues(new Uint8Array(n)));
      assert.ok(k > 0n && k < p521.n);
    }
    assert.throws(() => randomScalar(p521, (n) => new Uint8Array(n)), /random source failed/);
  });
});

describe('card access number', () => {
  const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { can: '123456' } });
  const trust = { cscas: [PKI.cscaCert] };

  it('is generated when not given (6 digits), absent on a BAC-only card', () => {
    const other = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey } });
    assert.match(other.can!, /^[0-9]{6}$/);
    assert.equal(personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { pace: false } }).can, undefined);
  });

  it('opens the chip with PACE, no MRZ needed', async () => {
    assert.equal(card.can, '123456');
    const r = await readCard(createVirtualChip(card), { can: '123456', trust });
    assert.equal(r.accessProtocol, 'PACE');
    assert.equal(r.valid, true, JSON.stringify(r.passive.errors));
  });

  it('a wrong CAN is refused at mutual authentication with 6300, as a wrong MRZ is', async () => {
    await assert.rejects(readCard(createVirtualChip(card), { can: '654321', trust }), (e: unknown) => {
      assert.ok(e instanceof ReadCardError, String(e));
      assert.equal(e.sw, 0x6300);
      assert.match(e.message, /CAN/);
      return true;
    });
    const wrongMrz = { ...mrzKeyInfo(card.mrz), birthDate: '010101' };
    await assert.rejects(readCard(createVirtualChip(card), { mrz: wrongMrz, accessProtocol: 'PACE', trust }), (e: unknown) => {
      assert.ok(e instanceof ReadCardError, String(e));
      assert.equal(e.sw, 0x6300);
      return true;
    });
  });
});
