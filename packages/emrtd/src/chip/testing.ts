/**
 * Test helpers that are part of the public API because integrators need them too: a scripted
 * random source (to replay worked examples) and a transceiver that records every exchange.
 */
import { fromHex, toHex } from '../crypto/bytes.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';

/** Returns the given values in order, each exactly once; throws if asked for an unexpected length. */
export function scriptedRandom(values: readonly string[]): (n: number) => Uint8Array {
  const queue = values.map(fromHex);
  return (n) => {
    const next = queue.shift();
    if (!next) throw new RangeError(`scripted random exhausted (asked ${n} bytes)`);
    if (next.length !== n) throw new RangeError(`scripted random: asked ${n} bytes, next value has ${next.length}`);
    return next;
  };
}

/** Wraps a transceiver and keeps the hex of every command and response. */
export class RecordingTransceiver implements Transceiver {
  readonly inner: Transceiver;
  readonly log: Array<{ command: string; response: string }> = [];
  constructor(inner: Transceiver) {
    this.inner = inner;
  }
  async transceive(apdu: Uint8Array): Promise<Uint8Array> {
    const r = await this.inner.transceive(apdu);
    this.log.push({ command: toHex(apdu), response: toHex(r) });
    return r;
  }
}
