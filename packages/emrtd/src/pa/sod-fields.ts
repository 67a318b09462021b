// What passive authentication (9303-11 §5.1) needs from EF.SOD (9303-10 §4.6.2), read in one pass
// over the DER: no tree of objects, no copies (every field is a view into the input) except the
// signed attributes, which are re-tagged (RFC 5652 §5.4). Anything PA does not need for its
// verdict (signingTime, CRLs in the SOD, LDSVersionInfo's text) is checked for well-formedness
// only, never decoded.
//
// This is a fast path beside the general decoder (lds/sod.ts → cms/signed-data.ts and
// cms/lds-security-object.ts), not a second definition of EF.SOD: it accepts only what that
// decoder accepts and yields the same values, and returns undefined for anything else (malformed
// input, but also BER forms real SODs do not use: constructed OCTET STRINGs, multi-byte tags,
// several SignerInfos, unknown algorithms). The caller then runs the general decoder, which reads
// the rare form or words the error; sod-fields.test.ts holds the two to agreement on mutated SODs.
//   EF.SOD ::= [APPLICATION 23] ContentInfo
//   ContentInfo ::= SEQUENCE { contentType OID (signedData), content [0] EXPLICIT SignedData }
//   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
//     certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
//   EncapsulatedContentInfo ::= SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING }
//   SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
//     signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }
//   LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues, ldsVersionInfo OPTIONAL }
import { CmsDecodeError } from '../cms/errors.ts';
import {
  HASH_LENGTH,
  HASH_OIDS,
  OID_ATTR_CONTENT_TYPE,
  OID_ATTR_MESSAGE_DIGEST,
  OID_LDS_SECURITY_OBJECT,
  OID_SIGNED_DATA,
  type HashName,
} from '../cms/oids.ts';
import { readSignatureAlgorithmDer, type SignatureAlgorithm } from '../cms/signature.ts';
import type { Sod } from '../lds/sod.ts';

/** The fields of EF.SOD that passive authentication uses, however they were read. */
export interface SodFields {
  eContent: Uint8Array;
  /** DER of each certificate in SignedData.certificates. */
  certificates: Uint8Array[];
  /** SignerInfo.sid: issuerAndSerialNumber (issuer Name DER, serial bytes) or subjectKeyIdentifier. */
  issuer: Uint8Array | undefined;
  serialNumber: Uint8Array | undefined;
  subjectKeyIdentifier: Uint8Array | undefined;
  digestAlgorithm: HashName;
  /** The signed attributes with the SET OF tag 0x31: the bytes that were signed (RFC 5652 §5.4). */
  signedAttrs: Uint8Array | undefined;
  contentType: string | undefined;
  messageDigest: Uint8Array | undefined;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
  /** LDSSecurityObject.hashAlgorithm and its hashes: numbers ascending, hash at the same index. */
  hashAlgorithm: HashName;
  dataGroupNumbers: number[];
  dataGroupHashes: Uint8Array[];
}

/** The same fields from the general decoder's result (the slow path). */
export function sodFieldsOf(sod: Sod): SodFields {
  const si = sod.signedData.signerInfos[0]!;
  const lso = sod.ldsSecurityObject;
  const dataGroupNumbers = [...lso.dataGroupHashes.keys()].sort((a, b) => a - b);
  return {
    eContent: sod.signedData.eContent,
    certificates: sod.signedData.certificates,
    issuer: si.issuer,
    serialNumber: si.serialNumber,
    subjectKeyIdentifier: si.subjectKeyIdentifier,
    digestAlgorithm: si.digestAlgorithm,
    signedAttrs: si.signedAttrsDer,
    contentType: si.contentType,
    messageDigest: si.messageDigest,
    signatureAlgorithm: si.signatureAlgorithm,
    signature: si.signature,
    hashAlgorithm: lso.hashAlgorithm,
    dataGroupNumbers,
    dataGroupHashes: dataGroupNumbers.map((n) => lso.dataGroupHashes.get(n)!),
  };
}

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const OCTET_STRING_CONSTRUCTED = 0x24;
const OID = 0x06;
const CTX0 = 0xa0;
const CTX1 = 0xa1;

/** Content octets of an OBJECT IDENTIFIER (X.690 §8.19), to compare identifiers as bytes. */
function oidBytes(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const base128 = (n: number) => {
    const b = [n & 0x7f];
    for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) b.unshift(0x80 | (n & 0x7f));
    out.push(...b);
  };
  base128(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) base128(a);
  return Uint8Array.from(out);
}

const SIGNED_DATA = oidBytes(OID_SIGNED_DATA);
const LDS_SECURITY_OBJECT = oidBytes(OID_LDS_SECURITY_OBJECT);
const ATTR_CONTENT_TYPE = oidBytes(OID_ATTR_CONTENT_TYPE);
const ATTR_MESSAGE_DIGEST = oidBytes(OID_ATTR_MESSAGE_DIGEST);
// Most common first (9303 SODs are overwhelmingly SHA-256). Imported values are copied into this
// module's constants: tsx reaches another module's exports through getters.
const HASHES = (['sha256', 'sha1', 'sha384', 'sha512', 'sha224'] as const satisfies readonly HashName[]).map((name) => ({ name, oid: oidBytes(HASH_OIDS[name]), length: HASH_LENGTH[name] }));
const CONTENT_TYPE_LDS: string = OID_LDS_SECURITY_OBJECT;

/** Signature AlgorithmIdentifiers already read, by their DER: a SOD repeats its issuer's one. */
const sigAlgCache: { der: Uint8Array; fallbackHash: HashName; alg: SignatureAlgorithm }[] = [];
const failAlg = (m: string): Error => new CmsDecodeError(m);

/**
 * A DER reader over one buffer. `head` reads the tag and length at a position and leaves them in
 * `tag`, `start` (first value byte) and `end` (one past the last): no object per element. The
 * rules are those of the package's BER-TLV decoder (tlv/decode.ts, ISO/IEC 7816-4 §5.2.2):
 * lengths in short or 1..4-byte long form (non-minimal accepted), never past the enclosing end;
 * multi-byte tags are left to the general decoder.
 */
class DerReader {
  readonly buf: Uint8Array;
  tag = 0;
  start = 0;
  end = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  head(pos: number, limit: number): boolean {
    const b = this.buf;
    if (pos + 2 > limit) return false;
    const tag = b[pos]!;
    if ((tag & 0x1f) === 0x1f) return false;
    let len = b[pos + 1]!;
    let start = pos + 2;
    if (len >= 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || start + n > limit) return false;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
      start += n;
    }
    if (len > limit - start) return false;
    this.tag = tag;
    this.start = start;
    this.end = start + len;
    return true;
  }

  /** The current object has `tag` (a method: TypeScript would keep a narrowed `tag` across `head`). */
  is(tag: number): boolean {
    return this.tag === tag;
  }

  /** `head` plus the expected tag. */
  expect(pos: number, limit: number, tag: number): boolean {
    return this.head(pos, limit) && this.tag === tag;
  }

  /**
   * The value [start, end) is a concatenation of well-formed objects (what `children()` checks
   * before a field is read); returns how many. -1 if not. Leaves the reader's fields unchanged.
   */
  count(start: number, end: number): number {
    const { tag, start: s, end: e } = this;
    let n = 0;
    let pos = start;
    while (pos < end) {
      if (!this.head(pos, end)) {
        n = -1;
        break;
      }
      pos = this.end;
      n++;
    }
    this.tag = tag;
    this.start = s;
    this.end = e;
    return n;
  }

  /** The current object is constructed with `tag` and its children are well-formed; their number, or -1. */
  children(tag: number): number {
    return this.tag === tag ? this.count(this.start, this.end) : -1;
  }

  equals(start: number, end: number, bytes: Uint8Array): boolean {
    if (end - start !== bytes.length) return false;
    for (let i = 0; i < bytes.length; i++) if (this.buf[start + i] !== bytes[i]) return false;
    return true;
  }

  /** The checks `derOid` makes (length 1..64, no truncated or oversized arc). */
  oidWellFormed(start: number, end: number): boolean {
    if (end - start === 0 || end - start > 64) return false;
    let n = 0;
    for (let i = start; i < end; i++) {
      const b = this.buf[i]!;
      n = n * 128 + (b & 0x7f);
      if (n > Number.MAX_SAFE_INTEGER / 256) return false;
      if ((b & 0x80) === 0) n = 0;
      else if (i === end - 1) return false;
    }
    return true;
  }

  /** A small non-negative INTEGER (derInt): its value, or -1. */
  smallInt(): number {
    const len = this.end - this.start;
    if (this.tag !== INTEGER || len === 0 || len > 6 || this.buf[this.start]! & 0x80) return -1;
    let v = 0;
    for (let i = this.start; i < this.end; i++) v = v * 256 + this.buf[i]!;
    return v;
  }

  /** The current object is an AlgorithmIdentifier naming a digest of HASH_OIDS: its entry in HASHES. */
  hashAlgorithm(): (typeof HASHES)[number] | undefined {
    if (this.children(SEQUENCE) < 1 || !this.expect(this.start, this.end, OID)) return undefined;
    for (let i = 0; i < HASHES.length; i++) if (this.equals(this.start, this.end, HASHES[i]!.oid)) return HASHES[i];
    return undefined;
  }
}

/**
 * Reads EF.SOD's fields for passive authentication; undefined when the general decoder must
 * decide (see the file comment).
 */
export function readSodFields(bytes: Uint8Array): SodFields | undefined {
  const r = new DerReader(bytes);
  // 9303-10 §4.6.2: tag 77; bytes after the object are tolerated (chips pad), as in decodeSod.
  if (!r.expect(0, bytes.length, 0x77)) return undefined;
  // ContentInfo (trailing bytes inside 77 tolerated too, as parseSignedData does).
  if (!r.expect(r.start, r.end, SEQUENCE) || r.children(SEQUENCE) < 2) return undefined;
  let end = r.end;
  if (!r.expect(r.start, end, OID) || !r.equals(r.start, r.end, SIGNED_DATA)) return undefined;
  if (!r.expect(r.end, end, CTX0) || r.children(CTX0) < 1) return undefined;
  if (!r.expect(r.start, r.end, SEQUENCE)) return undefined;
  // SignedData, RFC 5652 §5.1.
  const sdCount = r.children(SEQUENCE);
  if (sdCount < 4) return undefined;
  const sdEnd = r.end;
  if (!r.head(r.start, sdEnd) || r.smallInt() < 0) return undefined; // version
  if (!r.head(r.end, sdEnd) || r.children(SET) < 0) return undefined; // digestAlgorithms
  const afterDigestAlgs = r.end;
  // EncapsulatedContentInfo: eContentType id-icao-ldsSecurityObject, eContent present.
  if (!r.head(afterDigestAlgs, sdEnd) || r.children(SEQUENCE) < 2) return undefined;
  const afterEncap = r.end;
  end = r.end;
  if (!r.expect(r.start, end, OID) || !r.equals(r.start, r.end, LDS_SECURITY_OBJECT)) return undefined;
  if (!r.expect(r.end, end, CTX0) || r.children(CTX0) < 1) return undefined;
  if (!r.head(r.start, r.end)) return undefined;
  // eContent OCTET STRING: primitive (DER), or BER constructed with one primitive segment, as
  // PKI.js writes it (RFC 5652 §5.2 allows BER outside the signed attributes).
  if (r.is(OCTET_STRING_CONSTRUCTED) && (r.count(r.start, r.end) !== 1 || !r.head(r.start, r.end))) return undefined;
  if (!r.is(OCTET_STRING)) return undefined;
  const eContent = bytes.subarray(r.start, r.end);
  // certificates [0] and crls [1], both optional; only certificates (SEQUENCE choice) are kept.
  let pos = afterEncap;
  if (!r.head(pos, sdEnd)) return undefined;
  const certificates: Uint8Array[] = [];
  if (r.is(CTX0)) {
    if (r.children(CTX0) < 0) return undefined;
    for (let p = r.start, certsEnd = r.end; p < certsEnd; p = r.end) {
      r.head(p, certsEnd);
      if (r.is(SEQUENCE)) certificates.push(bytes.subarray(p, r.end));
    }
    pos = r.end;
    if (!r.head(pos, sdEnd)) return undefined;
  }
  if (r.is(CTX1)) {
    if (r.children(CTX1) < 0) return undefined;
    pos = r.end;
    if (!r.head(pos, sdEnd)) return undefined;
  }
  // signerInfos: exactly one here (several are read by the general decoder).
  if (r.children(SET) !== 1) return undefined;
  if (!r.head(r.start, r.end)) return undefined;
  const fields = readSignerInfo(r, bytes, eContent, certificates);
  if (!fields) return undefined;
  return readLdsSecurityObject(eContent, fields) ? fields : undefined;
}

/** SignerInfo, RFC 5652 §5.3; the reader is on it. */
function readSignerInfo(r: DerReader, bytes: Uint8Array, eContent: Uint8Array, certificates: Uint8Array[]): SodFields | undefined {
  if (r.children(SEQUENCE) < 5) return undefined;
  const siEnd = r.end;
  if (!r.head(r.start, siEnd) || r.smallInt() < 0) return undefined; // version
  // sid: issuerAndSerialNumber or [0] subjectKeyIdentifier.
  if (!r.head(r.end, siEnd)) return undefined;
  const afterSid = r.end;
  let issuer: Uint8Array | undefined;
  let serialNumber: Uint8Array | undefined;
  let subjectKeyIdentifier: Uint8Array | undefined;
  if (r.is(SEQUENCE)) {
    if (r.children(SEQUENCE) < 2) return undefined;
    const isnEnd = r.end;
    const issuerPos = r.start;
    if (!r.expect(issuerPos, isnEnd, SEQUENCE) || r.children(SEQUENCE) < 0) return undefined;
    issuer = bytes.subarray(issuerPos, r.end);
    if (!r.expect(r.end, isnEnd, INTEGER) || r.end === r.start) return undefined;
    // derIntBytes: one leading zero (sign octet) dropped.
    serialNumber = bytes.subarray(r.end - r.start > 1 && bytes[r.start] === 0 ? r.start + 1 : r.start, r.end);
  } else if (r.is(0x80)) {
    subjectKeyIdentifier = bytes.subarray(r.start, r.end);
  } else return undefined;
  if (!r.head(afterSid, siEnd)) return undefined;
  let pos = r.end;
  const digestAlgorithm = r.hashAlgorithm()?.name;
  if (!digestAlgorithm) return undefined;
  if (!r.head(pos, siEnd)) return undefined;
  let signedAttrs: Uint8Array | undefined;
  let contentType: string | undefined;
  let messageDigest: Uint8Array | undefined;
  if (r.is(CTX0)) {
    if (r.children(CTX0) < 0) return undefined;
    // RFC 5652 §5.4: the signature covers the attributes' DER with the SET OF tag.
    // A copy (never Buffer#slice, which is a view: the caller's SOD must stay as it was), from
    // node's buffer pool: a typed array of this size would get its own backing store.
    signedAttrs = Buffer.allocUnsafe(r.end - pos);
    signedAttrs.set(bytes.subarray(pos, r.end));
    signedAttrs[0] = SET;
    let ctStart = -1;
    let ctEnd = -1;
    const attrsEnd = r.end;
    for (let p = r.start; p < attrsEnd; ) {
      // Attribute ::= SEQUENCE { attrType OID, attrValues SET OF }; the last of a type counts.
      if (!r.head(p, attrsEnd) || r.children(SEQUENCE) < 2) return undefined;
      p = r.end;
      const attrEnd = r.end;
      if (!r.expect(r.start, attrEnd, OID) || !r.oidWellFormed(r.start, r.end)) return undefined;
      const typeStart = r.start;
      const typeEnd = r.end;
      if (!r.head(typeEnd, attrEnd) || r.children(SET) < 0) return undefined;
      if (r.equals(typeStart, typeEnd, ATTR_CONTENT_TYPE)) {
        if (!r.expect(r.start, r.end, OID) || !r.oidWellFormed(r.start, r.end)) return undefined;
        ctStart = r.start;
        ctEnd = r.end;
      } else if (r.equals(typeStart, typeEnd, ATTR_MESSAGE_DIGEST)) {
        if (!r.expect(r.start, r.end, OCTET_STRING)) return undefined;
        messageDigest = bytes.subarray(r.start, r.end);
      }
      // signingTime and other attributes: not needed for the verdict, not decoded.
    }
    if (ctStart >= 0) {
      // Another content type is an error PA reports with its dotted form: the general decoder's job.
      if (!r.equals(ctStart, ctEnd, LDS_SECURITY_OBJECT)) return undefined;
      contentType = CONTENT_TYPE_LDS;
    }
    pos = attrsEnd;
    if (!r.head(pos, siEnd)) return undefined;
  }
  // signatureAlgorithm, then signature.
  const algDer = bytes.subarray(pos, r.end);
  const signatureAlgorithm = signatureAlgorithmOf(algDer, digestAlgorithm);
  if (!signatureAlgorithm) return undefined;
  if (!r.expect(r.end, siEnd, OCTET_STRING)) return undefined;
  const signature = bytes.subarray(r.start, r.end);
  return {
    eContent,
    certificates,
    issuer,
    serialNumber,
    subjectKeyIdentifier,
    digestAlgorithm,
    signedAttrs,
    contentType,
    messageDigest,
    signatureAlgorithm,
    signature,
    hashAlgorithm: 'sha256', // these three are filled by readLdsSecurityObject
    dataGroupNumbers: [],
    dataGroupHashes: [],
  };
}

/**
 * The signature algorithm for an AlgorithmIdentifier's DER (and the digest used for identifiers
 * that name only the key type), cached by both.
 */
function signatureAlgorithmOf(der: Uint8Array, fallbackHash: HashName): SignatureAlgorithm | undefined {
  for (const c of sigAlgCache) if (c.fallbackHash === fallbackHash && shortBytesEqual(c.der, der)) return c.alg;
  let alg: SignatureAlgorithm;
  try {
    alg = readSignatureAlgorithmDer(der, failAlg, fallbackHash);
  } catch {
    return undefined; // unsupported or malformed: the general decoder reports it
  }
  if (sigAlgCache.length >= 32) sigAlgCache.shift();
  sigAlgCache.push({ der: Uint8Array.from(der), fallbackHash, alg });
  return alg;
}

/** Byte equality for a few dozen bytes: a loop beats a call into native Buffer.compare there. */
export function shortBytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** LDSSecurityObject, 9303-10 §4.6.2.2, from eContent into `f`; false if the general decoder must decide. */
function readLdsSecurityObject(eContent: Uint8Array, f: SodFields): boolean {
  const r = new DerReader(eContent);
  // Exactly one object, no trailing bytes (as decodeLdsSecurityObject's derRoot).
  if (!r.expect(0, eContent.length, SEQUENCE) || r.end !== eContent.length) return false;
  const fieldCount = r.children(SEQUENCE);
  if (fieldCount < 3) return false;
  const end = r.end;
  if (!r.head(r.start, end)) return false;
  const version = r.smallInt();
  if (version < 0 || version > 1) return false; // v0, or v1 with LDSVersionInfo (LDS 1.8)
  if (!r.head(r.end, end)) return false;
  const afterAlgorithm = r.end;
  const hash = r.hashAlgorithm();
  if (!hash) return false;
  // dataGroupHashValues: SEQUENCE OF DataGroupHash { dataGroupNumber 1..16, dataGroupHashValue }.
  if (!r.head(afterAlgorithm, end) || r.children(SEQUENCE) < 0) return false;
  const afterHashes = r.end;
  const numbers = f.dataGroupNumbers;
  const hashes = f.dataGroupHashes;
  const hashLength = hash.length;
  let seen = 0; // bit n: DG n listed
  for (let p = r.start; p < afterHashes; ) {
    r.head(p, afterHashes);
    p = r.end;
    if (r.children(SEQUENCE) < 2) return false;
    const dghEnd = r.end;
    r.head(r.start, dghEnd);
    const dg = r.smallInt();
    if (dg < 1 || dg > 16 || seen & (1 << dg)) return false;
    seen |= 1 << dg;
    if (!r.expect(r.end, dghEnd, OCTET_STRING) || r.end - r.start !== hashLength) return false;
    // Kept in ascending order: appended when already sorted (as issuers write them), else inserted.
    const hash = eContent.subarray(r.start, r.end);
    let i = numbers.length;
    while (i > 0 && numbers[i - 1]! > dg) i--;
    if (i === numbers.length) {
      numbers.push(dg);
      hashes.push(hash);
    } else {
      numbers.splice(i, 0, dg);
      hashes.splice(i, 0, hash);
    }
  }
  if (fieldCount >= 4) {
    // LDSVersionInfo ::= SEQUENCE { ldsVersion, unicodeVersion } (PrintableString; UTF8String tolerated).
    if (!r.head(afterHashes, end) || r.children(SEQUENCE) < 2) return false;
    const infoEnd = r.end;
    r.head(r.start, infoEnd);
    if (!r.is(0x13) && !r.is(0x0c)) return false;
    r.head(r.end, infoEnd);
    if (!r.is(0x13) && !r.is(0x0c)) return false;
  }
  f.hashAlgorithm = hash.name;
  return true;
}
