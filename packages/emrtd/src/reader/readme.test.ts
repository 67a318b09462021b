// The README's "read and verify" example, through the package's public entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVirtualChip, personalizeCard, readCard, SAMPLE_PERSON, samplePhoto, samplePki, toPem } from '../index.ts';

test('README: personalise, put in the virtual chip, read and verify in a few lines', async () => {
  const { cscaCert, dsCert, dsKey } = samplePki('brainpoolP256r1');
  const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert, dsKey }, options: { pace: true } });
  const chip = createVirtualChip(card);
  const r = await readCard(chip, { mrz: card.mrz.join('\n'), trust: { cscas: [toPem(cscaCert, 'CERTIFICATE')] } });
  assert.equal(r.valid, true);
  assert.equal(r.parsed.dg13?.fullName, 'Nguyễn Văn An');
  assert.equal(r.parsed.mrz?.personalNumber, SAMPLE_PERSON.idNumber);
});
