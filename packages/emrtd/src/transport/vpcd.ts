/**
 * Serves a card (the virtual chip) to Debian's `vsmartcard-vpcd` virtual reader, so that any
 * PC/SC application can read it. vpcd listens (TCP 35963 by default) and the card connects; each
 * message either way is a 2-byte big-endian length and that many bytes. A 1-byte message from
 * the reader is a control: 00 power off, 01 power on, 02 reset (no answer), 04 "send your ATR";
 * anything longer is a command APDU, answered with the response APDU.
 */
import { Socket } from 'node:net';
import { TransportError } from '../iso7816/errors.ts';
import { PASSPORT_ATR } from './atr.ts';

/** What vpcd needs from a card: synchronous APDU processing and a reset (power cycle). */
export interface VpcdCard {
  process(apdu: Uint8Array): Uint8Array;
  reset(): void;
}

export interface VpcdOptions {
  host?: string;
  port?: number;
  atr?: Uint8Array;
  /** Retry connecting (pcscd may start after us / restart) every this many ms; 0 = fail at once. */
  retryMs?: number;
  /** Called for each exchange (for logging). */
  onExchange?: (command: Uint8Array, response: Uint8Array) => void;
}

export const VPCD_DEFAULT_PORT = 35963;

export interface VpcdConnection {
  /** Resolves once connected to vpcd. */
  readonly connected: Promise<void>;
  /** Removes the card from the reader and stops reconnecting. */
  close(): Promise<void>;
}

export function serveOverVpcd(card: VpcdCard, options: VpcdOptions = {}): VpcdConnection {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const atr = options.atr ?? PASSPORT_ATR;
  const retryMs = options.retryMs ?? 500;
  let socket: Socket | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveConnected!: () => void;
  let rejectConnected!: (e: Error) => void;
  const connected = new Promise<void>((res, rej) => {
    resolveConnected = res;
    rejectConnected = rej;
  });
  connected.catch(() => undefined);

  const send = (s: Socket, payload: Uint8Array) => {
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length);
    s.write(Buffer.concat([head, payload]));
  };

  const connect = () => {
    if (stopped) return;
    const s = new Socket();
    socket = s;
    let buffer = Buffer.alloc(0);
    s.setNoDelay(true);
    s.on('connect', () => resolveConnected());
    s.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const n = buffer.readUInt16BE(0);
        if (buffer.length < 2 + n) break;
        const msg = new Uint8Array(buffer.subarray(2, 2 + n));
        buffer = buffer.subarray(2 + n);
        if (msg.length === 1) {
          const ctrl = msg[0];
          if (ctrl === 0x00 || ctrl === 0x01 || ctrl === 0x02) card.reset();
          else if (ctrl === 0x04) send(s, atr);
          continue;
        }
        if (msg.length === 0) continue;
        const response = card.process(msg);
        options.onExchange?.(msg, response);
        send(s, response);
      }
    });
    s.on('error', (e) => {
      if (retryMs === 0) rejectConnected(new TransportError(`cannot reach vpcd at ${host}:${port}: ${e.message}`, { cause: e }));
    });
    s.on('close', () => {
      card.reset();
      if (!stopped && retryMs > 0) timer = setTimeout(connect, retryMs);
    });
    s.connect(port, host);
  };
  connect();

  return {
    connected,
    close: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      const s = socket;
      if (s && !s.destroyed) await new Promise<void>((res) => s.end(() => res()));
      s?.destroy();
    },
  };
}
