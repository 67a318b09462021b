// What the signed QR code on the card face says, as CBOR claims in the shape of MOSIP's
// "Claim 169" QR (identity-data, CWT claim 169, spec version 1.2.0): a CWT (RFC 8392) whose
// claim 169 is a map with numeric keys. Assigned keys we use (§3.1 of the spec):
//   1 ID (the 12-digit personal identification number, also the card number), 2 version,
//   3 language (ISO 639-3), 4 full name, 8 date of birth (YYYYMMDD), 9 gender (1 male,
//   2 female), 10 address, 13 nationality (ISO 3166-1 alpha-3), 16 photo, 17 photo format
//   (1 JPEG), 23 country of issuance.
// The spec lets a closed ecosystem use unassigned keys; ours are in 75–99, the range it leaves
// "for any other data":
//   75 card issue date (YYYYMMDD), 76 card expiry date (YYYYMMDD; absent: the card never
//   expires), 77 native place (quê quán), 78 old 9-digit ID number (CMND).
// CWT claims (RFC 8392 §3.1): 1 iss, 4 exp (end of the expiry day; absent when the card never
// expires), 5 nbf (start of the issue day), 6 iat (signing time). Days are Asia/Ho_Chi_Minh
// (UTC+7, no daylight saving).

export interface CardQrData {
  idNumber: string;
  /** NFC, with diacritics. */
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** ISO 3166-1 alpha-3; VNM by default. */
  nationality?: string;
  /** Place of residence (nơi cư trú). */
  address?: string;
  nativePlace?: string;
  oldIdNumber?: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD, or null when the card never expires. */
  expiryDate: string | null;
  /** A small JPEG of the face, if the QR is to carry one (it makes the code much denser). */
  photo?: Uint8Array;
}

export const CLAIM_169 = 169;
export const CLAIMS_VERSION = '1.0';
export const K = {
  id: 1, version: 2, language: 3, fullName: 4, dateOfBirth: 8, gender: 9, address: 10, nationality: 13,
  photo: 16, photoFormat: 17, countryOfIssuance: 23,
  issueDate: 75, expiryDate: 76, nativePlace: 77, oldIdNumber: 78,
} as const;
export const CWT = { iss: 1, exp: 4, nbf: 5, iat: 6 } as const;

const VIETNAM_OFFSET_S = 7 * 3600;
const compact = (iso: string) => iso.replace(/-/g, '');
const expand = (ymd: string) => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
/** Seconds since the epoch at 00:00 of `iso` in Vietnam. */
const startOfDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000 - VIETNAM_OFFSET_S;

export function cwtClaims(d: CardQrData, issuer: string, signedAt: Date): Map<number, unknown> {
  if (d.nationality !== undefined && !/^[A-Z]{3}$/.test(d.nationality)) throw new QrClaimsError(`nationality must be an ISO 3166-1 alpha-3 code (VNM), got ${JSON.stringify(d.nationality)}`);
  if (!/^\d{12}$/.test(d.idNumber)) throw new QrClaimsError('idNumber must be 12 digits');
  const id = new Map<number, unknown>([
    [K.id, d.idNumber],
    [K.version, CLAIMS_VERSION],
    [K.language, 'vie'],
    [K.fullName, d.fullName.normalize('NFC')],
    [K.dateOfBirth, compact(d.birthDate)],
    [K.gender, d.sex === 'male' ? 1 : 2],
  ]);
  if (d.address) id.set(K.address, d.address.normalize('NFC'));
  id.set(K.nationality, d.nationality ?? 'VNM');
  if (d.photo) {
    // A plain Uint8Array: cbor2 writes a Node Buffer through its toJSON(), as a map.
    id.set(K.photo, Uint8Array.from(d.photo));
    id.set(K.photoFormat, 1);
  }
  id.set(K.countryOfIssuance, 'VNM');
  id.set(K.issueDate, compact(d.issueDate));
  if (d.expiryDate) id.set(K.expiryDate, compact(d.expiryDate));
  if (d.nativePlace) id.set(K.nativePlace, d.nativePlace.normalize('NFC'));
  if (d.oldIdNumber) id.set(K.oldIdNumber, d.oldIdNumber);
  const cwt = new Map<number, unknown>([[CWT.iss, issuer]]);
  if (d.expiryDate) cwt.set(CWT.exp, startOfDay(d.expiryDate) + 86400);
  cwt.set(CWT.nbf, startOfDay(d.issueDate));
  cwt.set(CWT.iat, Math.floor(signedAt.getTime() / 1000));
  cwt.set(CLAIM_169, id);
  return cwt;
}

/** The claims read back from a QR, with the CWT's times. */
export interface CardQrClaims extends Omit<CardQrData, 'photo'> {
  photo?: Uint8Array;
  issuer: string;
  /** ISO instants from the CWT. */
  issuedAt: string;
  notBefore: string;
  expiresAt: string | null;
}

export class QrClaimsError extends Error {
  readonly code = 'ERR_QR_CLAIMS';
}

/** Reads the CWT claims map; throws QrClaimsError naming the first claim that is missing or of the wrong type. */
export function readCwtClaims(cwt: unknown): CardQrClaims {
  const fail = (m: string) => new QrClaimsError(m);
  if (!(cwt instanceof Map)) throw fail('the payload is not a CBOR map of CWT claims');
  const id = cwt.get(CLAIM_169);
  if (!(id instanceof Map)) throw fail('claim 169 (identity-data) is missing or not a map');
  const str = (m: Map<unknown, unknown>, k: number, name: string, required: boolean, pattern?: RegExp): string | undefined => {
    const v = m.get(k);
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || (pattern && !pattern.test(v))) throw fail(`${name} (key ${k}) is ${v === undefined ? 'missing' : 'malformed'}`);
    return v;
  };
  const num = (k: number, name: string): number | undefined => {
    const v = cwt.get(k);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw fail(`${name} (CWT claim ${k}) is not a NumericDate`);
    return v;
  };
  const ymd = /^\d{8}$/;
  const gender = id.get(K.gender);
  if (gender !== 1 && gender !== 2) throw fail(`gender (key ${K.gender}) must be 1 or 2`);
  const photo = id.get(K.photo);
  if (photo !== undefined && !(photo instanceof Uint8Array)) throw fail(`photo (key ${K.photo}) is not a byte string`);
  const iat = num(CWT.iat, 'iat');
  const nbf = num(CWT.nbf, 'nbf');
  const exp = num(CWT.exp, 'exp');
  if (iat === undefined || nbf === undefined) throw fail('iat and nbf are required');
  const expiry = str(id, K.expiryDate, 'expiry date', false, ymd);
  const out: CardQrClaims = {
    idNumber: str(id, K.id, 'ID', true, /^\d{12}$/)!,
    fullName: str(id, K.fullName, 'full name', true)!,
    birthDate: expand(str(id, K.dateOfBirth, 'date of birth', true, ymd)!),
    sex: gender === 1 ? 'male' : 'female',
    nationality: str(id, K.nationality, 'nationality', true, /^[A-Z]{3}$/)!,
    issueDate: expand(str(id, K.issueDate, 'issue date', true, ymd)!),
    expiryDate: expiry ? expand(expiry) : null,
    issuer: str(cwt, CWT.iss, 'iss', true)!,
    issuedAt: new Date(iat * 1000).toISOString(),
    notBefore: new Date(nbf * 1000).toISOString(),
    expiresAt: exp === undefined ? null : new Date(exp * 1000).toISOString(),
  };
  const address = str(id, K.address, 'address', false);
  const nativePlace = str(id, K.nativePlace, 'native place', false);
  const oldIdNumber = str(id, K.oldIdNumber, 'old ID number', false, /^\d{9}(\d{3})?$/);
  if (address) out.address = address;
  if (nativePlace) out.nativePlace = nativePlace;
  if (oldIdNumber) out.oldIdNumber = oldIdNumber;
  if (photo instanceof Uint8Array) out.photo = photo;
  return out;
}
