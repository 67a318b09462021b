/**
 * A PC/SC reader as a Transceiver, through the optional native `pcsclite` module (Debian:
 * `libpcsclite-dev` to build it, `pcscd` running). Loaded on demand, so the package works without
 * it; a clear TransportError says what is missing.
 */
import { TransportError } from '../iso7816/errors.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';

/** The subset of node-pcsclite's API we use (it ships no types). */
interface PcscReader {
  name: string;
  state: number;
  SCARD_STATE_PRESENT: number;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  on(event: 'status', cb: (status: { state: number; atr?: Buffer }) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'end', cb: () => void): void;
  connect(options: { share_mode: number; protocol?: number }, cb: (err: Error | null, protocol: number) => void): void;
  transmit(data: Buffer, maxLength: number, protocol: number, cb: (err: Error | null, data: Buffer) => void): void;
  disconnect(disposition: number, cb: (err: Error | null) => void): void;
  close(): void;
}
interface PcscLite {
  on(event: 'reader', cb: (reader: PcscReader) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}

async function loadPcsclite(): Promise<() => PcscLite> {
  try {
    const mod = (await import('pcsclite' as string)) as { default?: () => PcscLite };
    const factory = mod.default ?? (mod as unknown as () => PcscLite);
    if (typeof factory !== 'function') throw new TypeError('unexpected pcsclite module shape');
    return factory;
  } catch (e) {
    throw new TransportError(
      'PC/SC needs the optional npm module "pcsclite" (npm install pcsclite; on Debian first apt-get install libpcsclite-dev pcscd)',
      { cause: e },
    );
  }
}

export class PcscTransceiver implements Transceiver {
  readonly readerName: string;
  readonly atr: Uint8Array;
  readonly #reader: PcscReader;
  readonly #pcsc: PcscLite;
  readonly #protocol: number;

  constructor(pcsc: PcscLite, reader: PcscReader, protocol: number, atr: Uint8Array) {
    this.#pcsc = pcsc;
    this.#reader = reader;
    this.#protocol = protocol;
    this.readerName = reader.name;
    this.atr = atr;
  }

  transceive(apdu: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.#reader.transmit(Buffer.from(apdu), 65538, this.#protocol, (err, data) => {
        if (err) reject(new TransportError(`PC/SC transmit failed: ${err.message}`, { cause: err }));
        else resolve(new Uint8Array(data));
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#reader.disconnect(this.#reader.SCARD_LEAVE_CARD, () => resolve()));
    this.#reader.close();
    this.#pcsc.close();
  }
}

export interface PcscOptions {
  /** Use the first reader whose name contains this text (default: the first reader with a card). */
  reader?: string;
  /** Give up when no card shows up in time. Default 10 s. */
  timeoutMs?: number;
}

/** Waits for a card in a PC/SC reader and connects to it. */
export async function connectPcsc(options: PcscOptions = {}): Promise<PcscTransceiver> {
  const factory = await loadPcsclite();
  const pcsc = factory();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise<PcscTransceiver>((resolve, reject) => {
    let done = false;
    const finish = (e: Error | undefined, t?: PcscTransceiver) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        pcsc.close();
        reject(e);
      } else resolve(t!);
    };
    const timer = setTimeout(() => finish(new TransportError(`no card in a PC/SC reader${options.reader ? ` matching "${options.reader}"` : ''} after ${timeoutMs} ms`)), timeoutMs);
    pcsc.on('error', (err) => finish(new TransportError(`PC/SC: ${err.message}`, { cause: err })));
    // After a successful connection, later errors (e.g. pcscd stopping) must not crash the process.
    pcsc.on('error', () => undefined);
    pcsc.on('reader', (reader) => {
      // Every reader gets an error listener: an unhandled 'error' event would crash the process.
      if (options.reader && !reader.name.includes(options.reader)) {
        reader.on('error', () => undefined);
        return;
      }
      reader.on('error', (err) => finish(new TransportError(`PC/SC reader ${reader.name}: ${err.message}`, { cause: err })));
      reader.on('status', (status) => {
        if (done || !(status.state & reader.SCARD_STATE_PRESENT)) return;
        const atr = new Uint8Array(status.atr ?? []);
        reader.connect({ share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (err, protocol) => {
          if (err) finish(new TransportError(`PC/SC connect to ${reader.name} failed: ${err.message}`, { cause: err }));
          else finish(undefined, new PcscTransceiver(pcsc, reader, protocol, atr));
        });
      });
    });
  });
}
