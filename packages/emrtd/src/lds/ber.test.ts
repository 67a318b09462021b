// BER in chip files (X.690 §8.1.3.6 indefinite lengths, §8.7.3 constructed strings): every LDS
// file re-encoded by the hand-written BER encoder (tlv/ber-reencode.ts) decodes to what its DER
// form decodes to, and a card whose EF.SOD is BER is read whole by the reader (the file's length
// is not in its header) and passes passive authentication.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVirtualChip } from '../chip/from-card.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { readCard } from '../reader/verify-card.ts';
import { toIndefiniteBer } from '../tlv/ber-reencode.ts';
import { decodeCom, decodeDg1, decodeDg13, decodeDg14, decodeDg15, decodeDg2, decodeSod } from './index.ts';

const PKI = samplePki();
const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey } });

test('each LDS file in BER decodes as its DER form does', () => {
  const cases: [string, (b: Uint8Array) => unknown][] = [
    ['EF.COM', decodeCom],
    ['DG1', decodeDg1],
    ['DG2', decodeDg2],
    ['DG13', (b) => decodeDg13(b).fields], // `raw` keeps each field's bytes as they came
    ['DG14', (b) => decodeDg14(b).map((i) => ({ ...i, raw: undefined }))], // unknown infos keep their bytes as they came
    ['DG15', (b) => decodeDg15(b).subjectPublicKeyInfo.length],
  ];
  for (const [name, decode] of cases) {
    const der = card.files[name as keyof typeof card.files]!;
    const ber = toIndefiniteBer(der, { splitOctetStrings: 16 });
    assert.notEqual(ber.length, der.length, `${name} re-encoded`);
    assert.deepEqual(JSON.stringify(decode(ber), (_, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v instanceof Map ? [...v] : v)), JSON.stringify(decode(der), (_, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v instanceof Map ? [...v] : v)), name);
  }
});

test('a card whose EF.SOD is BER (77 80 … 00 00) is read whole and verifies', async () => {
  const ci = decodeSod(card.files['EF.SOD']).contentInfo;
  // Certificates and signed attributes keep their encodings (their signatures cover them).
  const berCi = toIndefiniteBer(ci, { splitOctetStrings: 32, keep: (p, tag) => /^0\.1\.0\.3\.\d+$/.test(p) || (tag === 0xa0 && /^0\.1\.0\.\d+\.\d+\.3$/.test(p)) });
  const sod = Uint8Array.from([0x77, 0x80, ...berCi, 0, 0]);
  const r = await readCard(createVirtualChip({ ...card, files: { ...card.files, 'EF.SOD': sod } }), { mrz: card.mrz.join('\n'), trust: { cscas: [PKI.cscaCert] } });
  assert.deepEqual(r.files['EF.SOD'], sod);
  assert.equal(r.valid, true, JSON.stringify(r.passive.errors));
  assert.deepEqual(r.passive.dataGroups, { 1: 'match', 2: 'match', 13: 'match', 14: 'match', 15: 'match' });
});
