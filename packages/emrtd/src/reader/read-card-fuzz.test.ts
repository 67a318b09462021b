// Random, truncated and bit-flipped responses fed to the reader at every step of a read: the read
// ends in a typed error (or, when the damage is harmless, succeeds), never a crash or a hang.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EmrtdError } from '../errors.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';
import { createVirtualChip } from '../chip/from-card.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { readCard } from './verify-card.ts';

class Corrupting implements Transceiver {
  readonly inner: Transceiver;
  readonly at: number;
  readonly mode: number;
  count = 0;
  constructor(inner: Transceiver, at: number, mode: number) {
    this.inner = inner;
    this.at = at;
    this.mode = mode;
  }
  async transceive(apdu: Uint8Array): Promise<Uint8Array> {
    const r = await this.inner.transceive(apdu);
    if (this.count++ !== this.at) return r;
    switch (this.mode) {
      case 0:
        return new Uint8Array(randomBytes(this.at % 40));
      case 1:
        return r.subarray(0, (this.at * 7) % (r.length + 1));
      default: {
        const x = r.slice();
        x[(this.at * 13) % x.length]! ^= 1 << (this.at % 8);
        return x;
      }
    }
  }
}

describe('reader against damaged responses', () => {
  const pki = samplePki();
  for (const pace of [false, true]) {
    it(`every response of a ${pace ? 'PACE' : 'BAC'} read, damaged three ways`, async () => {
      const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: pki.dsCert, dsKey: pki.dsKey }, options: { pace } });
      const probe = new Corrupting(createVirtualChip(card), -1, 0);
      await readCard(probe, { mrz: card.mrz.join('\n'), trust: { cscas: [pki.cscaCert] } });
      const steps = probe.count;
      let typed = 0;
      for (let at = 0; at < steps; at += pace ? 5 : 3) {
        for (const mode of [0, 1, 2]) {
          const t = new Corrupting(createVirtualChip(card), at, mode);
          try {
            const r = await readCard(t, { mrz: card.mrz.join('\n'), trust: { cscas: [pki.cscaCert] } });
            assert.equal(typeof r.valid, 'boolean');
          } catch (e) {
            assert.ok(e instanceof EmrtdError, `step ${at} mode ${mode}: ${(e as Error)?.stack}`);
            typed++;
          }
        }
      }
      assert.ok(typed > 0);
    });
  }
});
