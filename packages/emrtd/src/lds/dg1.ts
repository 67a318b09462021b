// DG1, 9303-10 §4.7.1: `61 { 5F1F <MRZ, 90, 72 or 88 characters without line breaks> }`.
import { MrzError } from '../mrz/errors.ts';
import { parseMrz, splitMrzLines } from '../mrz/parse.ts';
import type { Mrz } from '../mrz/types.ts';
import { encodeTlv } from '../tlv/index.ts';
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { kids, latin1, outer } from './decode-outer.ts';

export interface Dg1 {
  /** MRZ lines as stored. */
  lines: string[];
  /** The parsed MRZ when every check digit is right. */
  mrz: Mrz | undefined;
  /** Why the MRZ did not parse (a chip may hold a flawed MRZ; the bytes are still returned). */
  mrzError: MrzError | undefined;
}

export function decodeDg1(bytes: Uint8Array): Dg1 {
  const dg1 = outer('DG1', bytes, 0x61);
  const t = kids('DG1', dg1).find((x) => x.tag === 0x5f1f);
  if (!t) throw new LdsDecodeError('DG1', 'tag 5F1F missing');
  const text = latin1(t.value);
  if (![90, 72, 88].includes(text.length)) throw new LdsDecodeError('DG1', `MRZ of ${text.length} characters`);
  const lines = splitMrzLines(text);
  try {
    return { lines, mrz: parseMrz(lines), mrzError: undefined };
  } catch (err) {
    if (err instanceof MrzError) return { lines, mrz: undefined, mrzError: err };
    throw err;
  }
}

/** DG1 from MRZ lines (or text with line breaks). The MRZ must parse with valid check digits. */
export function encodeDg1(mrz: string | readonly string[]): Uint8Array {
  let m: Mrz;
  try {
    m = parseMrz(mrz);
  } catch (err) {
    throw new LdsEncodeError('DG1', err instanceof Error ? err.message : String(err), { cause: err });
  }
  return encodeTlv(0x61, [encodeTlv(0x5f1f, Buffer.from(m.lines.join(''), 'latin1'))]);
}
