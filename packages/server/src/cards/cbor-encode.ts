// The CBOR the card QR writes (RFC 8949), encoded here rather than with cbor2: cbor2's `encode`
// spends ≈ 0.1–1 ms a call on this machine whatever the input (it copies a ~25-member options
// object twice and allocates a 4 KiB chunk per call), and a card QR encodes four items. The QR
// needs only unsigned and negative integers, text and byte strings, arrays, maps and tags, in
// preferred serialization (§4.2.1: the shortest argument). Map entries keep their insertion
// order, as cbor2 writes them (no key sorting is asked for). qr.test.ts checks the bytes against
// cbor2's for the QR's own structures; decoding stays with cbor2.
import { Tag } from 'cbor2';

const MT = { uint: 0, nint: 1, bytes: 2, text: 3, array: 4, map: 5, tag: 6 } as const;
const utf8 = new TextEncoder();

class Out {
  private buf = new Uint8Array(512);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Initial byte and argument (§3): the argument in 0, 1, 2, 4 or 8 bytes, the shortest that holds it. */
  head(major: number, n: number): void {
    const m = major << 5;
    if (n < 24) return this.byte(m | n);
    if (n <= 0xff) return this.bytes(Uint8Array.of(m | 24, n));
    if (n <= 0xffff) return this.bytes(Uint8Array.of(m | 25, n >> 8, n & 0xff));
    if (n <= 0xffffffff) return this.bytes(Uint8Array.of(m | 26, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));
    const hi = Math.floor(n / 2 ** 32);
    const lo = n >>> 0;
    this.bytes(Uint8Array.of(m | 27, hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff));
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function write(out: Out, v: unknown): void {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError(`the card QR's CBOR has integers only, got ${v}`);
    return v >= 0 ? out.head(MT.uint, v) : out.head(MT.nint, -1 - v);
  }
  if (typeof v === 'string') {
    const b = utf8.encode(v);
    out.head(MT.text, b.length);
    return out.bytes(b);
  }
  if (v instanceof Uint8Array) {
    out.head(MT.bytes, v.length);
    return out.bytes(v);
  }
  if (Array.isArray(v)) {
    out.head(MT.array, v.length);
    for (const x of v) write(out, x);
    return;
  }
  if (v instanceof Map) {
    out.head(MT.map, v.size);
    for (const [k, x] of v) {
      write(out, k);
      write(out, x);
    }
    return;
  }
  if (v instanceof Tag) {
    out.head(MT.tag, Number(v.tag));
    return write(out, v.contents);
  }
  throw new TypeError(`the card QR's CBOR encoder does not write ${Object.prototype.toString.call(v)}`);
}

/** CBOR of `value`: integers, strings, Uint8Array, arrays, Maps and cbor2 Tags. */
export function cborEncode(value: unknown): Uint8Array {
  const out = new Out();
  write(out, value);
  return out.result();
}
