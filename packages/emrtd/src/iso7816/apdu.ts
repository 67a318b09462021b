/** Command and response APDUs, ISO/IEC 7816-4 §5.1 (cases 1–4, short and extended lengths). */
import { ApduFormatError } from './errors.ts';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Nc = data.length); empty for cases 1 and 2. */
  data: Uint8Array;
  /** Ne, the maximum number of response bytes expected: 0 when absent (cases 1, 3), up to 65536. */
  ne: number;
  /** Force extended length fields even when short ones would do. */
  extended?: boolean;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

const EMPTY = new Uint8Array(0);

export function command(cla: number, ins: number, p1: number, p2: number, data: Uint8Array = EMPTY, ne = 0): CommandApdu {
  return { cla, ins, p1, p2, data, ne };
}

/** Whether the APDU needs extended length fields (Nc > 255 or Ne > 256). */
export function needsExtended(apdu: CommandApdu): boolean {
  return apdu.extended === true || apdu.data.length > 255 || apdu.ne > 256;
}

export function encodeCommand(apdu: CommandApdu): Uint8Array {
  const { data, ne } = apdu;
  if (data.length > 65535) throw new ApduFormatError(`Nc ${data.length} exceeds 65535`);
  if (ne < 0 || ne > 65536) throw new ApduFormatError(`Ne ${ne} outside 0..65536`);
  const ext = needsExtended(apdu);
  const parts: number[] = [apdu.cla & 0xff, apdu.ins & 0xff, apdu.p1 & 0xff, apdu.p2 & 0xff];
  if (data.length > 0) {
    if (ext) parts.push(0x00, data.length >> 8, data.length & 0xff);
    else parts.push(data.length);
  }
  const head = new Uint8Array(parts);
  let le: number[] = [];
  if (ne > 0) {
    if (ext) {
      const v = ne === 65536 ? 0 : ne;
      le = data.length > 0 ? [v >> 8, v & 0xff] : [0x00, v >> 8, v & 0xff];
    } else {
      le = [ne === 256 ? 0 : ne];
    }
  }
  const out = new Uint8Array(head.length + data.length + le.length);
  out.set(head);
  out.set(data, head.length);
  out.set(le, head.length + data.length);
  return out;
}

/** Parses a command APDU; throws ApduFormatError when the length fields do not add up (a card answers 6700). */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduFormatError(`command APDU of ${bytes.length} bytes`);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const n = bytes.length;
  if (n === 4) return { cla, ins, p1, p2, data: EMPTY, ne: 0 };
  const b4 = bytes[4]!;
  if (n === 5) return { cla, ins, p1, p2, data: EMPTY, ne: b4 === 0 ? 256 : b4 };
  if (b4 !== 0) {
    // Short Lc.
    if (n === 5 + b4) return { cla, ins, p1, p2, data: bytes.slice(5), ne: 0 };
    if (n === 6 + b4) {
      const le = bytes[n - 1]!;
      return { cla, ins, p1, p2, data: bytes.slice(5, 5 + b4), ne: le === 0 ? 256 : le };
    }
    throw new ApduFormatError(`Lc ${b4} does not match an APDU of ${n} bytes`);
  }
  // Extended: 00 then two bytes.
  if (n < 7) throw new ApduFormatError(`truncated extended length field (${n} bytes)`);
  const v = (bytes[5]! << 8) | bytes[6]!;
  if (n === 7) return { cla, ins, p1, p2, data: EMPTY, ne: v === 0 ? 65536 : v, extended: true };
  if (v === 0) throw new ApduFormatError('extended Lc of zero');
  if (n === 7 + v) return { cla, ins, p1, p2, data: bytes.slice(7), ne: 0, extended: true };
  if (n === 9 + v) {
    const le = (bytes[n - 2]! << 8) | bytes[n - 1]!;
    return { cla, ins, p1, p2, data: bytes.slice(7, 7 + v), ne: le === 0 ? 65536 : le, extended: true };
  }
  throw new ApduFormatError(`extended Lc ${v} does not match an APDU of ${n} bytes`);
}

export function encodeResponse(r: ResponseApdu): Uint8Array {
  const out = new Uint8Array(r.data.length + 2);
  out.set(r.data);
  out[r.data.length] = r.sw >> 8;
  out[r.data.length + 1] = r.sw & 0xff;
  return out;
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ApduFormatError(`response APDU of ${bytes.length} bytes has no status word`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}
