// BER-TLV data objects, ISO/IEC 7816-4 §5.2.2 and 9303-10 §4. Every read is bounded by the
// enclosing object's end, so a malformed length can never make the decoder look past its input.
import { TlvLengthError, TlvStructureError, TlvTruncatedError } from './errors.ts';
import { readLength } from './length.ts';
import { readTag, tagHex } from './tag.ts';

/** One decoded data object. `value` is a view into the input (no copy). */
export interface Tlv {
  tag: number;
  constructed: boolean;
  value: Uint8Array;
  /** Offset of the tag's first byte in the buffer given to the decoder. */
  offset: number;
  /** Tag plus length bytes. */
  headerSize: number;
  /** Tag, length and value: the bytes of the whole object are `buf.subarray(offset, offset + size)`. */
  size: number;
}

/** A decoded object together with its decoded children when it is constructed. */
export interface TlvNode extends Tlv {
  children: TlvNode[];
}

export interface DecodeOptions {
  /**
   * Skip `00` and `FF` bytes between objects (ISO/IEC 7816-4 §5.2.2.1 allows them as padding
   * before, between or after BER-TLV objects). Off by default: strict files have none.
   */
  skipPadding?: boolean;
}

/** Nesting limit for tree decoding: LDS files nest a few levels; this bounds hostile input. */
export const MAX_DEPTH = 32;

/**
 * Reads one data object at `offset`, never past `end`. A constructed object with the indefinite
 * length form (X.690 §8.1.3.6) ends at its end-of-contents octets `00 00`: its `value` is the
 * children without them, its `size` includes them, so `buf.subarray(offset, offset + size)` is
 * still the object exactly as encoded (what a signature covers).
 */
export function readTlv(buf: Uint8Array, offset = 0, end: number = buf.length): Tlv {
  return readTlvAt(buf, offset, end, 0);
}

function readTlvAt(buf: Uint8Array, offset: number, end: number, depth: number): Tlv {
  const t = readTag(buf, offset, end);
  const l = readLength(buf, offset + t.size, end);
  const headerSize = t.size + l.size;
  const start = offset + headerSize;
  if (l.indefinite) {
    // X.690 §8.1.3.2: the indefinite form is for constructed encodings only.
    if (!t.constructed) throw new TlvLengthError(`primitive object ${tagHex(t.tag)} with indefinite length`, offset);
    if (depth >= MAX_DEPTH) throw new TlvStructureError(`indefinite-length nesting deeper than ${MAX_DEPTH}`, offset);
    let pos = start;
    for (;;) {
      if (pos + 2 > end) throw new TlvTruncatedError(`object ${tagHex(t.tag)} of indefinite length has no end-of-contents`, offset);
      if (buf[pos] === 0x00 && buf[pos + 1] === 0x00) break;
      pos += readTlvAt(buf, pos, end, depth + 1).size;
    }
    return { tag: t.tag, constructed: true, value: buf.subarray(start, pos), offset, headerSize, size: pos + 2 - offset };
  }
  if (l.length > end - start) {
    throw new TlvTruncatedError(
      `object ${tagHex(t.tag)} announces ${l.length} bytes, only ${Math.max(0, end - start)} remain`,
      offset,
    );
  }
  return {
    tag: t.tag,
    constructed: t.constructed,
    value: buf.subarray(start, start + l.length),
    offset,
    headerSize,
    size: headerSize + l.length,
  };
}

/** Decodes the whole buffer as a concatenation of data objects. */
export function decodeTlvs(buf: Uint8Array, options: DecodeOptions = {}): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < buf.length) {
    if (options.skipPadding && (buf[off] === 0x00 || buf[off] === 0xff)) {
      off++;
      continue;
    }
    const t = readTlv(buf, off);
    out.push(t);
    off += t.size;
  }
  return out;
}

/**
 * Decodes exactly one data object filling the buffer. With `expectedTag`, a different outer tag
 * is an error: this is how each EF checks its own tag (9303-10 §4.6, §4.7).
 */
export function decodeTlv(buf: Uint8Array, expectedTag?: number, options: { allowTrailing?: boolean } = {}): Tlv {
  const t = readTlv(buf, 0);
  if (expectedTag !== undefined && t.tag !== expectedTag) {
    throw new TlvStructureError(`expected tag ${tagHex(expectedTag)}, found ${tagHex(t.tag)}`, 0);
  }
  if (!options.allowTrailing && t.size !== buf.length) {
    throw new TlvStructureError(`${buf.length - t.size} trailing bytes after object ${tagHex(t.tag)}`, t.size);
  }
  return t;
}

/** The children of a constructed object (its value decoded as a list). */
export function children(t: Tlv, options: DecodeOptions = {}): Tlv[] {
  return shift(decodeTlvs(t.value, options), t.offset + t.headerSize);
}

function shift(list: Tlv[], by: number): Tlv[] {
  for (const x of list) x.offset += by;
  return list;
}

/** Decodes the buffer recursively: every constructed object gets its children decoded. */
export function decodeTlvTree(buf: Uint8Array, options: DecodeOptions & { maxDepth?: number } = {}): TlvNode[] {
  return tree(buf, 0, 0, options.maxDepth ?? MAX_DEPTH, options);
}

function tree(buf: Uint8Array, base: number, depth: number, maxDepth: number, options: DecodeOptions): TlvNode[] {
  if (depth > maxDepth) throw new TlvStructureError(`nesting deeper than ${maxDepth}`, base);
  return decodeTlvs(buf, options).map((t) => {
    const node: TlvNode = { ...t, offset: base + t.offset, children: [] };
    if (t.constructed) node.children = tree(t.value, node.offset + t.headerSize, depth + 1, maxDepth, options);
    return node;
  });
}

/** First object with `tag` in a list, or undefined. */
export function findTlv<T extends Tlv>(list: readonly T[], tag: number): T | undefined {
  return list.find((t) => t.tag === tag);
}

/** First object with `tag` in a list; a typed error naming the tag if absent. */
export function requireTlv<T extends Tlv>(list: readonly T[], tag: number, where = 'data object'): T {
  const t = findTlv(list, tag);
  if (!t) throw new TlvStructureError(`${where}: tag ${tagHex(tag)} missing`, 0);
  return t;
}

/** Depth-first search of a tree for the first node with `tag`. */
export function findInTree(nodes: readonly TlvNode[], tag: number): TlvNode | undefined {
  for (const n of nodes) {
    if (n.tag === tag) return n;
    const hit = findInTree(n.children, tag);
    if (hit) return hit;
  }
  return undefined;
}
