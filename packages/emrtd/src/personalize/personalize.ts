/**
 * Personalisation: everything written to a card's chip for one person (9303-10 LDS files, EF.SOD
 * signed by a Document Signer) plus the chip's private keys for Chip and Active Authentication,
 * built with the lds/ and cms/ encoders.
 */
import { generateKeyPairSync, randomInt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { aaAlgorithmOfHash, ID_AA } from '../aa/protocol.ts';
import { caOid, ID_PK_ECDH } from '../ca/protocol.ts';
import { curveByName, parameterIdOfCurve } from '../crypto/curves.ts';
import { generateEcKeyPair } from '../crypto/ec-keys.ts';
import type { CipherAlgorithm } from '../crypto/kdf.ts';
import { encodeCom } from '../lds/com.ts';
import { encodeDg1 } from '../lds/dg1.ts';
import { encodeDg2 } from '../lds/dg2.ts';
import { encodeDg3 } from '../lds/dg3.ts';
import type { FingerImageInput } from '../lds/finger-record.ts';
import { TerminalAuthenticationChip } from '../eac/chip.ts';
import { decodeCvc } from '../eac/cvc.ts';
import { concatBytes, encodeTlv } from '../tlv/index.ts';
import { dg13FieldsFromPerson, encodeDg13 } from '../lds/dg13.ts';
import { encodeDg15 } from '../lds/dg15.ts';
import { encodeCardAccess, encodeDg14 } from '../lds/security-infos.ts';
import type { SecurityInfo } from '../lds/security-infos.ts';
import { encodeSod, encodeSodWith } from '../lds/sod.ts';
import { encodeCardSecurity, encodeCardSecurityWith } from '../lds/card-security.ts';
import type { Signer } from '../cms/signer.ts';
import { vietnamTd1 } from '../mrz/vietnam.ts';
import { paceOid } from '../pace/oids.ts';
import { PersonalizationError } from './errors.ts';
import { validatePerson } from './person.ts';

export interface PersonalizeOptions {
  /** Offer PACE (PACEInfo in EF.CardAccess and DG14); false gives a BAC-only card like the Vietnamese one. Default true. */
  pace?: boolean;
  /** PACE / CA cipher. Default AES-128. */
  cipher?: CipherAlgorithm;
  /**
   * PACE mapping: generic (GM, the default) or chip authentication mapping (CAM, 9303-11 §4.4.3.5,
   * AES only, needs Chip Authentication); a CAM card offers GM as well and carries EF.CardSecurity.
   */
  paceMapping?: 'GM' | 'CAM';
  /** Curve of the PACE parameters and of the chip keys. Default brainpoolP256r1. */
  curve?: string;
  /** Active Authentication key: EC (ECDSA plain SHA-256), RSA (ISO/IEC 9796-2) or none. Default 'ec'. */
  activeAuthentication?: 'ec' | 'rsa' | 'none';
  /** Chip Authentication. Default true. */
  chipAuthentication?: boolean;
  /** SOD digest. Default sha256. */
  digest?: 'sha256' | 'sha384' | 'sha512';
  /**
   * Card access number for PACE (9303-11 §4.4.1), printed on the card face: 6 digits. Generated
   * when PACE is offered and none is given; a BAC-only card has none.
   */
  can?: string;
  /**
   * Extended Access Control (9303-11 §7): the CVCA certificates the chip trusts for Terminal
   * Authentication and the chip's starting date (default: now). DG3/DG4 are released only to a
   * terminal that authenticates with a chain to one of them carrying the right.
   */
  eac?: { trustPoints: readonly Uint8Array[]; date?: Date };
}

export interface PersonalizeInput {
  /** The person record (validated here; see `validatePerson`). */
  person: unknown;
  /** Face image, JPEG or JPEG 2000. */
  photo: Uint8Array;
  /** Finger images for DG3 (ISO/IEC 19794-4 in CBEFF, 9303-10 §4.7.3); they need `options.eac`. */
  fingerprints?: readonly FingerImageInput[];
  pki: { dsCert: Uint8Array | string; dsKey: KeyObject };
  options?: PersonalizeOptions;
}

/**
 * Personalisation as a server does it: the Document Signer key stays in its PKCS#11 token and signs
 * EF.SOD through `dsSigner` (an ExternalSigner, cms/signer.ts), or a KeyObject.
 */
export interface PersonalizeWithInput extends Omit<PersonalizeInput, 'pki'> {
  pki: { dsCert: Uint8Array | string; dsSigner: Signer };
}

export type CardFileName = 'EF.COM' | 'EF.SOD' | 'EF.CardAccess' | 'EF.CardSecurity' | 'EF.CVCA' | 'DG1' | 'DG2' | 'DG3' | 'DG13' | 'DG14' | 'DG15';

export interface PersonalizedCard {
  files: Partial<Record<CardFileName, Uint8Array>> & Record<'EF.COM' | 'EF.SOD' | 'EF.CardAccess' | 'DG1' | 'DG2' | 'DG13', Uint8Array>;
  chipKeys: { ca?: KeyObject; aa?: KeyObject };
  mrz: [string, string, string];
  /** The card access number the chip accepts for PACE, to print on the card face. */
  can?: string;
  /** Terminal Authentication state the chip keeps: trust points and current date. */
  eac?: { trustPoints: Uint8Array[]; date: Date };
}

/** EF.CVCA (TR-03110-3 A.6.2.4): the CHRs of the trust points as 42 objects, padded with 00 to 36 bytes. */
export function encodeEfCvca(trustPoints: readonly Uint8Array[]): Uint8Array {
  const refs = concatBytes(...trustPoints.map((t) => encodeTlv(0x42, Buffer.from(decodeCvc(t).chr, 'latin1'))));
  const out = new Uint8Array(Math.max(36, refs.length));
  out.set(refs);
  return out;
}

/** 6 decimal digits, as on the face of PACE documents (9303-11 §4.4.1). */
export const CAN_PATTERN = /^[0-9]{6}$/;

/** A fresh random CAN (uniform over 000000–999999). */
export function generateCan(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function certificateDer(cert: Uint8Array | string): Uint8Array {
  try {
    return new Uint8Array(new X509Certificate(typeof cert === 'string' ? cert : Buffer.from(cert)).raw);
  } catch (e) {
    throw new PersonalizationError('Document Signer certificate is not an X.509 certificate', { cause: e });
  }
}

/** Personalises with the Document Signer key in this process. */
export function personalizeCard(input: PersonalizeInput): PersonalizedCard {
  const c = cardContent(input);
  const sod = encodeSod({ dataGroups: c.dataGroups, dsCertificate: c.dsCertificate, dsKey: input.pki.dsKey, digest: c.digest });
  const cardSecurity = c.cardSecurityInfos ? encodeCardSecurity({ securityInfos: c.cardSecurityInfos, dsCertificate: c.dsCertificate, dsKey: input.pki.dsKey, digest: c.digest }) : undefined;
  return c.finish(sod, cardSecurity);
}

/** Personalises with any Document Signer: an external signer (HSM) or a KeyObject. */
export async function personalizeCardWith(input: PersonalizeWithInput): Promise<PersonalizedCard> {
  const c = cardContent(input);
  const sod = await encodeSodWith({ dataGroups: c.dataGroups, dsCertificate: c.dsCertificate, dsSigner: input.pki.dsSigner, digest: c.digest });
  const cardSecurity = c.cardSecurityInfos ? await encodeCardSecurityWith({ securityInfos: c.cardSecurityInfos, dsCertificate: c.dsCertificate, dsSigner: input.pki.dsSigner, digest: c.digest }) : undefined;
  return c.finish(sod, cardSecurity);
}

/** Everything but EF.SOD's signature: the data groups, the chip keys, and how to finish the card. */
function cardContent(input: Omit<PersonalizeInput, 'pki'> & { pki: { dsCert: Uint8Array | string } }) {
  const person = validatePerson(input.person);
  const o = input.options ?? {};
  const cipher = o.cipher ?? 'AES-128';
  const curveName = o.curve ?? 'brainpoolP256r1';
  const curve = curveByName(curveName);
  const offerPace = o.pace ?? true;
  const withCa = o.chipAuthentication ?? true;
  const aaKind = o.activeAuthentication ?? 'ec';
  if (o.can !== undefined && !CAN_PATTERN.test(o.can)) throw new PersonalizationError('the CAN must be 6 digits');
  if (o.can !== undefined && !offerPace) throw new PersonalizationError('a CAN is a PACE password: a BAC-only card has none');
  const can = offerPace ? (o.can ?? generateCan()) : undefined;

  const mrz = vietnamTd1(person);
  const dg1 = encodeDg1(mrz);
  let dg2: Uint8Array;
  try {
    dg2 = encodeDg2({ data: input.photo, gender: person.sex });
  } catch (e) {
    throw new PersonalizationError('the photo cannot be stored in DG2 (JPEG or JPEG 2000 needed)', { cause: e });
  }
  const dg13 = encodeDg13(dg13FieldsFromPerson(person));
  const eac = o.eac ? { trustPoints: [...o.eac.trustPoints], date: o.eac.date ?? new Date() } : undefined;
  if (eac) {
    if (eac.trustPoints.length === 0 || eac.trustPoints.length > 2) throw new PersonalizationError('EAC needs one or two CVCA certificates (EF.CVCA holds two references)');
    try {
      new TerminalAuthenticationChip(eac);
    } catch (e) {
      throw new PersonalizationError(`EAC trust point: ${(e as Error).message}`, { cause: e });
    }
  }
  const fingerprints = input.fingerprints ?? [];
  if (fingerprints.length > 0 && !eac) throw new PersonalizationError('fingerprints (DG3) must be protected by Extended Access Control: give options.eac with the CVCA certificate');
  let dg3: Uint8Array | undefined;
  try {
    if (fingerprints.length > 0) dg3 = encodeDg3(fingerprints);
  } catch (e) {
    throw new PersonalizationError(`fingerprints: ${(e as Error).message}`, { cause: e });
  }

  const cam = o.paceMapping === 'CAM';
  if (cam && (!offerPace || cipher === '3DES' || !withCa)) throw new PersonalizationError('PACE-CAM needs PACE, an AES cipher and Chip Authentication (9303-11 §4.4.3.5)');
  const paceInfos: SecurityInfo[] = offerPace ? [{ kind: 'PACEInfo', protocol: paceOid('ECDH', 'GM', cipher), version: 2, parameterId: parameterIdOfCurve(curve) }] : [];
  if (cam) paceInfos.unshift({ kind: 'PACEInfo', protocol: paceOid('ECDH', 'CAM', cipher), version: 2, parameterId: parameterIdOfCurve(curve) });
  const chipKeys: PersonalizedCard['chipKeys'] = {};
  const dg14Infos: SecurityInfo[] = [...paceInfos];
  // 9303-11 §9.2.4: TerminalAuthenticationInfo announces EAC.
  if (eac) dg14Infos.push({ kind: 'TerminalAuthenticationInfo', protocol: '0.4.0.127.0.7.2.2.2', version: 1, raw: new Uint8Array() });
  if (withCa) {
    const { privateKey, publicKey } = generateEcKeyPair(curve);
    chipKeys.ca = privateKey;
    dg14Infos.push({ kind: 'ChipAuthenticationInfo', protocol: caOid(cipher), version: 1 });
    dg14Infos.push({ kind: 'ChipAuthenticationPublicKeyInfo', protocol: ID_PK_ECDH, subjectPublicKeyInfo: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) });
  }
  let dg15: Uint8Array | undefined;
  if (aaKind !== 'none') {
    const pair = aaKind === 'ec' ? generateEcKeyPair(curve) : generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
    chipKeys.aa = pair.privateKey;
    dg15 = encodeDg15(pair.publicKey);
    // 9303-11 §9.2.3: ECDSA AA needs ActiveAuthenticationInfo in DG14 to name the hash.
    if (aaKind === 'ec') dg14Infos.push({ kind: 'ActiveAuthenticationInfo', protocol: ID_AA, version: 1, signatureAlgorithm: aaAlgorithmOfHash('sha256') });
  }
  const dg14 = dg14Infos.length > 0 ? encodeDg14(dg14Infos) : undefined;

  const dataGroups = new Map<number, Uint8Array>([[1, dg1], [2, dg2]]);
  if (dg3) dataGroups.set(3, dg3);
  dataGroups.set(13, dg13);
  if (dg14) dataGroups.set(14, dg14);
  if (dg15) dataGroups.set(15, dg15);
  const com = encodeCom({ dataGroups: [...dataGroups.keys()] });
  // EF.CardAccess holds the PACE SecurityInfos (9303-10 §3.11.3); a BAC-only card gets an empty set.
  const cardAccess = encodeCardAccess(paceInfos);
  // EF.CardSecurity for PACE-CAM: the PACEInfos and the chip's Chip Authentication key, signed.
  const cardSecurityInfos = cam ? dg14Infos.filter((i) => i.kind === 'PACEInfo' || i.kind === 'ChipAuthenticationInfo' || i.kind === 'ChipAuthenticationPublicKeyInfo') : undefined;
  return {
    dataGroups,
    dsCertificate: certificateDer(input.pki.dsCert),
    digest: o.digest ?? 'sha256',
    cardSecurityInfos,
    finish(sod: Uint8Array, cardSecurity: Uint8Array | undefined): PersonalizedCard {
      const files: PersonalizedCard['files'] = { 'EF.COM': com, 'EF.SOD': sod, 'EF.CardAccess': cardAccess, DG1: dg1, DG2: dg2, DG13: dg13 };
      if (dg14) files.DG14 = dg14;
      if (dg15) files.DG15 = dg15;
      if (dg3) files.DG3 = dg3;
      if (eac) files['EF.CVCA'] = encodeEfCvca(eac.trustPoints);
      if (cardSecurity) files['EF.CardSecurity'] = cardSecurity;
      return { files, chipKeys, mrz, ...(can ? { can } : {}), ...(eac ? { eac } : {}) };
    },
  };
}
