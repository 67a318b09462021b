// Reading DER with the package's own bounded BER-TLV decoder (tlv/). Used on the passive
// authentication hot path: asn1js takes about 0.7 ms to parse one EF.SOD on this machine, five
// times an ECDSA P-256 verification, while the TLV walk takes microseconds. Every accessor checks
// the tag it expects and reports through the caller's typed error.
import { children, readTlv, type Tlv } from '../tlv/index.ts';
import { TlvError } from '../tlv/errors.ts';
import type { Fail } from './asn1.ts';

export const T = { BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30, SET: 0x31 } as const;

/** One object filling `bytes` (or followed by trailing bytes when allowed). */
export function derRoot(bytes: Uint8Array, fail: Fail, allowTrailing = false): Tlv {
  const t = guard(fail, () => readTlv(bytes, 0));
  if (!allowTrailing && t.size !== bytes.length) throw fail(`${bytes.length - t.size} trailing bytes`);
  return t;
}

/** Children of a constructed object with tag `tag`. */
export function derItems(t: Tlv | undefined, tag: number, fail: Fail, what: string): Tlv[] {
  if (!t || t.tag !== tag || !t.constructed) throw fail(`${what}: expected tag ${tag.toString(16)}`);
  return guard(fail, () => children(t));
}

/** Decoded OIDs by their value bytes: a SOD repeats the same few identifiers. */
const oidCache = new Map<string, string>();

export function derOid(t: Tlv | undefined, fail: Fail, what: string): string {
  if (!t || t.tag !== T.OID || t.value.length === 0 || t.value.length > 64) throw fail(`${what} is not an OBJECT IDENTIFIER`);
  const v = t.value;
  let key = '';
  for (let i = 0; i < v.length; i++) key += String.fromCharCode(v[i]!);
  const hit = oidCache.get(key);
  if (hit !== undefined) return hit;
  const s = decodeOid(v, fail, what);
  if (oidCache.size < 1024) oidCache.set(key, s);
  return s;
}

function decodeOid(v: Uint8Array, fail: Fail, what: string): string {
  const arcs: number[] = [];
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    n = n * 128 + (v[i]! & 0x7f);
    if (n > Number.MAX_SAFE_INTEGER / 256) throw fail(`${what}: arc too large`);
    if ((v[i]! & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else arcs.push(n);
      n = 0;
    } else if (i === v.length - 1) throw fail(`${what}: truncated arc`);
  }
  return arcs.join('.');
}

/** A non-negative INTEGER that fits a JS number. */
export function derInt(t: Tlv | undefined, fail: Fail, what: string): number {
  if (!t || t.tag !== T.INTEGER || t.value.length === 0 || t.value.length > 6 || (t.value[0]! & 0x80)) throw fail(`${what} is not a small non-negative INTEGER`);
  let n = 0;
  for (const b of t.value) n = n * 256 + b;
  return n;
}

export function derIntBytes(t: Tlv | undefined, fail: Fail, what: string): Uint8Array {
  if (!t || t.tag !== T.INTEGER || t.value.length === 0) throw fail(`${what} is not an INTEGER`);
  return t.value.length > 1 && t.value[0] === 0 ? t.value.subarray(1) : t.value;
}

/** OCTET STRING, primitive, or BER constructed (segments concatenated). */
export function derOctets(t: Tlv | undefined, fail: Fail, what: string): Uint8Array {
  if (!t || (t.tag !== T.OCTET_STRING && t.tag !== 0x24)) throw fail(`${what} is not an OCTET STRING`);
  if (t.tag === T.OCTET_STRING) return t.value;
  return Buffer.concat(guard(fail, () => children(t)).map((c) => derOctets(c, fail, what)));
}

/** The whole encoding (tag, length, value) of an object within `buf`, the buffer it was read from. */
export function derBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.offset, t.offset + t.size);
}

export function guard<R>(fail: Fail, f: () => R): R {
  try {
    return f();
  } catch (err) {
    if (err instanceof TlvError) throw fail(err.message);
    throw err;
  }
}

/** UTCTime `YYMMDDHHMM[SS]Z` (RFC 5280 §4.1.2.5.1: 50..99 → 19xx) or GeneralizedTime `YYYYMMDDHHMM[SS][.f]Z`. */
export function derTime(t: Tlv | undefined): Date | undefined {
  if (!t) return undefined;
  const s = Buffer.from(t.value).toString('latin1');
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s) : null;
  if (!m) return undefined;
  let y = Number(m[1]);
  if (t.tag === 0x17) y += y >= 50 ? 1900 : 2000;
  const d = new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isNaN(d.getTime()) ? undefined : d;
}
