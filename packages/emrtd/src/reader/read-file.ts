/**
 * Reading a transparent EF whole (9303-10 §3.5): SELECT by file id, read the TLV header to learn
 * the length, then READ BINARY in chunks; offsets beyond 32767 use the odd-INS READ BINARY with
 * DO'54' (ISO/IEC 7816-4 §7.2.2). Chunks of 223 bytes fit short APDUs under secure messaging
 * (JMRTD's choice); with `extendedLength` we ask for much more per command.
 */
import { command } from '../iso7816/apdu.ts';
import type { CardChannel } from '../iso7816/channel.ts';
import { CardStatusError } from '../iso7816/errors.ts';
import { SW } from '../iso7816/status.ts';
import { concatBytes as concat, decodeTlv, encodeTlv, readLength, readTag, readTlv } from '../tlv/index.ts';
import { CardProtocolError } from './errors.ts';

export const SHORT_CHUNK = 0xdf;
export const EXTENDED_CHUNK = 0x7f00;
const MAX_FILE = 0xffffff;

export interface ReadFileOptions {
  extendedLength?: boolean;
  /**
   * The file is not one data object but a run of them padded to its size (EF.CVCA, TR-03110-3
   * A.6.2.4: two 42 objects then 00s): read until the card says the file ended.
   */
  toEndOfFile?: boolean;
}

export type FileReadOutcome = { status: 'ok'; bytes: Uint8Array } | { status: 'denied' | 'missing'; sw: number };

async function readAt(channel: CardChannel, offset: number, length: number): Promise<{ data: Uint8Array; sw: number }> {
  if (offset <= 0x7fff) {
    const r = await channel.send(command(0x00, 0xb0, offset >> 8, offset & 0xff, undefined, length));
    return r;
  }
  const off = offset > 0xffff ? [offset >> 16, (offset >> 8) & 0xff, offset & 0xff] : [offset >> 8, offset & 0xff];
  // Ne covers the DO'53' header the card wraps the bytes in.
  const r = await channel.send(command(0x00, 0xb1, 0x00, 0x00, encodeTlv(0x54, new Uint8Array(off)), Math.min(length + 4, 65536)));
  if (r.data.length === 0) return r;
  try {
    return { data: decodeTlv(r.data, 0x53).value, sw: r.sw };
  } catch (e) {
    throw new CardProtocolError('odd-INS READ BINARY answer is not DO 53', { cause: e });
  }
}

/**
 * A file whose outer object has the indefinite length form (BER, X.690 §8.1.3.6): its size is not
 * in the header, so read on until the object is complete (its end-of-contents octets arrived);
 * the end of the file (6282, 6B00, an empty answer) before that is an error.
 */
async function readToEnd(channel: CardChannel, fid: number, first: Uint8Array, chunk: number): Promise<FileReadOutcome> {
  let all = first;
  const complete = (): number | undefined => {
    try {
      return readTlv(all, 0).size;
    } catch {
      return undefined;
    }
  };
  for (let size = complete(); size === undefined; size = complete()) {
    const r = await readAt(channel, all.length, chunk);
    const eof = r.sw === SW.WRONG_P1P2 || r.sw === SW.END_OF_FILE || r.data.length === 0;
    if (!eof && r.sw !== SW.SUCCESS) throw new CardStatusError(r.sw, `READ BINARY ${fid.toString(16).padStart(4, '0')} at ${all.length}`);
    all = concat(all, r.data);
    if (all.length > MAX_FILE) throw new CardProtocolError(`file ${fid.toString(16)} is longer than ${MAX_FILE} bytes`);
    if (eof && complete() === undefined) {
      throw new CardProtocolError(`file ${fid.toString(16).padStart(4, '0')} of indefinite length ends before its end-of-contents octets`);
    }
  }
  return { status: 'ok', bytes: all.subarray(0, complete()) };
}

/** Selects and reads one EF; 6982 and 6A82 are outcomes (files a card may withhold or lack), other errors throw. */
export async function readFile(channel: CardChannel, fid: number, options: ReadFileOptions = {}): Promise<FileReadOutcome> {
  const sel = await channel.send(command(0x00, 0xa4, 0x02, 0x0c, new Uint8Array([fid >> 8, fid & 0xff])));
  if (sel.sw === SW.SECURITY_STATUS_NOT_SATISFIED) return { status: 'denied', sw: sel.sw };
  if (sel.sw === SW.FILE_NOT_FOUND) return { status: 'missing', sw: sel.sw };
  if (sel.sw !== SW.SUCCESS) throw new CardStatusError(sel.sw, `SELECT ${fid.toString(16).padStart(4, '0')}`);
  const chunk = options.extendedLength ? EXTENDED_CHUNK : SHORT_CHUNK;

  const head = await readAt(channel, 0, 8);
  if (head.sw === SW.SECURITY_STATUS_NOT_SATISFIED) return { status: 'denied', sw: head.sw };
  if (head.sw !== SW.SUCCESS && head.sw !== SW.END_OF_FILE) throw new CardStatusError(head.sw, `READ BINARY ${fid.toString(16).padStart(4, '0')}`);
  if (options.toEndOfFile) {
    let all = head.data;
    for (let r = head; r.sw === SW.SUCCESS && r.data.length > 0;) {
      r = await readAt(channel, all.length, chunk);
      const eof = r.sw === SW.WRONG_P1P2 || r.sw === SW.END_OF_FILE || r.data.length === 0;
      if (!eof && r.sw !== SW.SUCCESS) throw new CardStatusError(r.sw, `READ BINARY ${fid.toString(16).padStart(4, '0')} at ${all.length}`);
      all = concat(all, r.data);
      if (all.length > MAX_FILE) throw new CardProtocolError(`file ${fid.toString(16)} is longer than ${MAX_FILE} bytes`);
      if (eof) break;
    }
    return { status: 'ok', bytes: all };
  }
  let total: number;
  let indefinite = false;
  try {
    const t = readTag(head.data, 0);
    const l = readLength(head.data, t.size);
    indefinite = l.indefinite;
    total = t.size + l.size + l.length;
  } catch (e) {
    throw new CardProtocolError(`file ${fid.toString(16).padStart(4, '0')} does not start with a TLV header`, { cause: e });
  }
  if (indefinite) return readToEnd(channel, fid, head.data, chunk);
  if (total > MAX_FILE) throw new CardProtocolError(`file ${fid.toString(16)} announces ${total} bytes`);
  const out = new Uint8Array(total);
  out.set(head.data.subarray(0, Math.min(total, head.data.length)));
  let offset = Math.min(total, head.data.length);
  while (offset < total) {
    const want = Math.min(chunk, total - offset);
    const r = await readAt(channel, offset, want);
    if (r.sw !== SW.SUCCESS && r.sw !== SW.END_OF_FILE) throw new CardStatusError(r.sw, `READ BINARY ${fid.toString(16).padStart(4, '0')} at ${offset}`);
    if (r.data.length === 0) throw new CardProtocolError(`file ${fid.toString(16)} ends at ${offset}, its header says ${total}`);
    const n = Math.min(r.data.length, total - offset);
    out.set(r.data.subarray(0, n), offset);
    offset += n;
  }
  return { status: 'ok', bytes: out };
}
