// Small typed accessors over asn1js nodes. Every accessor checks the node's kind, so hostile input
// ends in the caller's typed error instead of a TypeError deep inside.
import * as asn1js from 'asn1js';

export type Fail = (message: string) => Error;

/**
 * Guards for untrusted input that scale with it, so a well-formed national document of any size
 * is read and a hostile one costs at most in proportion to its bytes. Every BER node, even an
 * end-of-contents marker, takes at least two bytes (X.690 §8.1.1), so half the input length
 * bounds the node count of any well-formed input: the bound never refuses one. Depth is bounded
 * on its own (recursion), and so is the whole input.
 */
export const ASN1_MAX_DEPTH = 48;
export const ASN1_MAX_INPUT = 16 * 1024 * 1024;

export function asn1Limits(length: number): { maxDepth: number; maxNodes: number; maxContentLength: number; parseEmbedded: boolean } {
  // parseEmbedded off: OCTET STRING / BIT STRING contents stay bytes (a master list's eContent
  // would otherwise be parsed twice); callers parse what they need explicitly.
  return { maxDepth: ASN1_MAX_DEPTH, maxNodes: Math.ceil(length / 2) + 1, maxContentLength: length, parseEmbedded: false };
}

/** Parses one DER/BER object filling `bytes` (trailing bytes are an error unless allowed). */
export function parseDer(bytes: Uint8Array, fail: Fail, allowTrailing = false): asn1js.AsnType {
  if (bytes.length > ASN1_MAX_INPUT) throw fail(`ASN.1: input of ${bytes.length} bytes exceeds ${ASN1_MAX_INPUT}`);
  let r: ReturnType<typeof asn1js.fromBER>;
  try {
    r = asn1js.fromBER(bytes, asn1Limits(bytes.length));
  } catch (err) {
    throw fail(`ASN.1: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (r.offset === -1 || r.result.error) throw fail(`ASN.1: ${r.result.error || 'malformed'}`);
  if (!allowTrailing && r.offset !== bytes.length) throw fail(`ASN.1: ${bytes.length - r.offset} trailing bytes`);
  return r.result;
}

/** The elements of a SEQUENCE (or SET, with `set`). */
export function items(node: unknown, fail: Fail, what: string, set = false): asn1js.AsnType[] {
  const ok = set ? node instanceof asn1js.Set : node instanceof asn1js.Sequence;
  if (!ok) throw fail(`${what} is not a ${set ? 'SET' : 'SEQUENCE'}`);
  return (node as asn1js.Sequence).valueBlock.value as asn1js.AsnType[];
}

/** Elements of a context-specific constructed [n] node (explicit tagging). */
export function tagged(node: unknown, n: number): asn1js.AsnType[] | undefined {
  if (!(node instanceof asn1js.Constructed)) return undefined;
  if (node.idBlock.tagClass !== 3 || node.idBlock.tagNumber !== n) return undefined;
  return node.valueBlock.value as asn1js.AsnType[];
}

export function isContext(node: unknown, n: number): boolean {
  return node instanceof asn1js.BaseBlock && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === n;
}

export function oid(node: unknown, fail: Fail, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw fail(`${what} is not an OBJECT IDENTIFIER`);
  return node.valueBlock.toString();
}

/** A non-negative INTEGER that fits a JS number. */
export function int(node: unknown, fail: Fail, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw fail(`${what} is not an INTEGER`);
  const b = node.valueBlock.valueHexView;
  if (b.length === 0 || b.length > 6 || (b[0]! & 0x80) !== 0) throw fail(`${what} is out of range`);
  let n = 0;
  for (const x of b) n = n * 256 + x;
  return n;
}

/** An INTEGER's magnitude bytes (serial numbers), leading zero removed. */
export function intBytes(node: unknown, fail: Fail, what: string): Uint8Array {
  if (!(node instanceof asn1js.Integer)) throw fail(`${what} is not an INTEGER`);
  const b = node.valueBlock.valueHexView;
  return b.length > 1 && b[0] === 0 ? b.subarray(1) : b;
}

export function octets(node: unknown, fail: Fail, what: string): Uint8Array {
  if (!(node instanceof asn1js.OctetString)) throw fail(`${what} is not an OCTET STRING`);
  if (node.valueBlock.isConstructed) {
    // BER constructed OCTET STRING (allowed in CMS): concatenate the segments.
    const parts = (node.valueBlock.value as asn1js.AsnType[]).map((p) => octets(p, fail, what));
    return Buffer.concat(parts);
  }
  return node.valueBlock.valueHexView;
}

export function str(node: unknown, fail: Fail, what: string): string {
  if (!(node instanceof asn1js.BaseStringBlock)) throw fail(`${what} is not a string`);
  return node.valueBlock.value;
}

/** The exact encoded bytes of a parsed node. */
export function der(node: asn1js.AsnType): Uint8Array {
  return node.valueBeforeDecodeView;
}

/** DER of a node built in memory. */
export function toDer(node: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

/** DER SET OF: elements sorted by their encodings (X.690 §11.6). */
export function derSetOf(encoded: Uint8Array[]): Uint8Array[] {
  return [...encoded].sort((a, b) => Buffer.compare(a, b));
}
