// One card's content, from the person document and the application: the chip (9303-10 LDS files
// with EF.SOD signed by the Document Signer in the PKCS#11 token), the signed QR and the card
// face. No database here: production-service.ts runs it inside the card's transaction, the bench
// runs it alone.
//
// Decisions where the issue is silent (docs/cards.md "Production"):
//   - The chip offers PACE (generic mapping) and BAC, with a CAN printed on the back: 9303-11 §4.2
//     recommends PACE for new documents; the deployed card is reported BAC-only
//     (../shared/emrtd/VIETNAM-CARD.md), and every reader that only does BAC still reads ours.
//   - DG3 holds the captured fingers (ISO/IEC 19794-4 records, 9303-10 §4.7.3) under Extended
//     Access Control (9303-11 §7): the chip trusts the current CVCA, whose key is in the token,
//     and releases DG3 only after Terminal Authentication with the fingerprint right. A missing
//     finger is simply absent from DG3 (its reason stays with the application); a child without
//     fingerprints gets a chip that still announces EAC but has no DG3.
//   - Fields the chip's DG13 requires and the register may not hold are written as the card face
//     writes them when unknown: religion "Không", identifying marks "Không", a parent's name
//     "Không rõ" (a register record without a known parent).
import type { KeyObject } from 'node:crypto';
import { personalizeCardWith, type FingerImageInput, type PersonalizedCard } from '@cancuoc/emrtd';
import type { KeyStore } from '../keys/key-store.ts';
import type { Person } from '../registry/schemas.ts';
import { cardValidity } from './expiry.ts';
import type { CardFace } from './face/index.ts';
import { faceWorkers } from './face/workers.ts';
import { signCardQr } from './qr.ts';

/** The keys a production run signs with, looked up once per run. */
export interface ProductionKeys {
  store: KeyStore;
  documentSigner: { label: string; certificate: Uint8Array };
  qr: { label: string; issuer: string };
  /** The CVCA certificate the chips trust for Terminal Authentication (EAC); absent: no DG3. */
  cvca?: { certificate: Uint8Array };
}

/** Who issues the card: printed on the back, the QR's `iss`. */
export const CARD_ISSUER = 'VN-C06';
export const CARD_SIGNATORY = 'Cục trưởng Cục Cảnh sát quản lý hành chính về trật tự xã hội';

/** What the card says of the holder: the person document, with what the citizen declared changed. */
export interface CardHolder {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  nationality: string;
  ethnicity: string;
  religion: string;
  nativePlace: string;
  residence: string;
  identifyingMarks: string;
  fatherName: string;
  motherName: string;
  spouseName: string | null;
  oldIdNumber: string | null;
}

const UNKNOWN_PARENT = 'Không rõ';
const NONE = 'Không';
const COUNTRY_NAMES: Record<string, string> = { VNM: 'Việt Nam' };
const DECLARABLE = ['fullName', 'religion', 'nativePlace', 'residence', 'identifyingMarks', 'ethnicity', 'fatherName', 'motherName', 'spouseName'] as const;

function residenceText(r: Person['permanentResidence']): string | null {
  if (!r) return null;
  const parts = [r.address, r.unit?.name, r.unit?.provinceName].filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The holder as the card shows them: the register's person document, then the declared changes. */
export function cardHolder(p: Person, declared: Record<string, unknown>): CardHolder {
  const h: CardHolder = {
    idNumber: p.idNumber,
    fullName: p.fullName,
    birthDate: p.birthDate,
    sex: p.sex as 'male' | 'female',
    nationality: COUNTRY_NAMES[p.nationality] ?? p.nationality,
    ethnicity: p.ethnicity || 'Kinh',
    religion: p.religion || NONE,
    nativePlace: p.nativePlace || p.placeOfBirth || (residenceText(p.permanentResidence) ?? UNKNOWN_PARENT),
    residence: residenceText(p.permanentResidence) ?? residenceText(p.currentResidence) ?? UNKNOWN_PARENT,
    identifyingMarks: NONE,
    fatherName: p.father?.fullName || UNKNOWN_PARENT,
    motherName: p.mother?.fullName || UNKNOWN_PARENT,
    spouseName: p.spouse?.fullName ?? null,
    oldIdNumber: p.oldIdNumber ?? null,
  };
  for (const f of DECLARABLE) {
    const v = declared[f];
    if (typeof v === 'string' && v.trim() !== '') (h as unknown as Record<string, string>)[f] = v.normalize('NFC').trim();
  }
  return h;
}

export interface CardContent {
  chip: PersonalizedCard;
  issueDate: string;
  expiryDate: string | null;
  qr: string;
  face: CardFace;
}

/**
 * Builds one card: expiry (expiry.ts, Law on Identification 2023 Art. 21), the chip with EF.SOD
 * signed in the token (9303-10 §4.6.2, 9303-12 §5.1: the current Document Signer), the signed QR
 * (qr.ts) and the face (face/). Resolves once the token's signatures are in the audit log.
 */
export async function buildCard(keys: ProductionKeys, holder: CardHolder, photo: Uint8Array, issueDate: string, signedAt = new Date(), fingerprints: readonly FingerImageInput[] = []): Promise<CardContent> {
  const { expiryDate } = cardValidity(holder.birthDate, issueDate);
  const dsSigner = keys.store.signer(keys.documentSigner.label, 'sod');
  const qrSigner = keys.store.signer(keys.qr.label, 'card-qr');
  // 9303-11 §7: the chip's date for Terminal Authentication starts at personalisation.
  const eac = keys.cvca ? { trustPoints: [keys.cvca.certificate], date: signedAt } : undefined;
  const chip = await personalizeCardWith({
    person: { ...holder, issueDate, expiryDate },
    photo,
    ...(eac ? { fingerprints } : {}),
    pki: { dsCert: keys.documentSigner.certificate, dsSigner },
    options: { pace: true, activeAuthentication: 'ec', chipAuthentication: true, ...(eac ? { eac } : {}) },
  });
  const qr = await signCardQr({
    idNumber: holder.idNumber, fullName: holder.fullName, birthDate: holder.birthDate, sex: holder.sex, nationality: 'VNM',
    address: holder.residence, nativePlace: holder.nativePlace, ...(holder.oldIdNumber ? { oldIdNumber: holder.oldIdNumber } : {}),
    issueDate, expiryDate,
  }, { store: keys.store, keyLabel: keys.qr.label, issuer: keys.qr.issuer, signer: qrSigner }, signedAt);
  // On a worker thread (face/workers.ts): the calling thread goes on with other cards meanwhile.
  const face = await faceWorkers().render({
    idNumber: holder.idNumber, fullName: holder.fullName, birthDate: holder.birthDate, sex: holder.sex, nationality: holder.nationality,
    nativePlace: holder.nativePlace, residence: holder.residence, identifyingMarks: holder.identifyingMarks,
    issueDate, expiryDate, qr, ...(chip.can ? { can: chip.can } : {}), signatory: CARD_SIGNATORY,
  }, photo);
  // Both signatures' audit entries commit while the face is drawn; nothing leaves before they have.
  await Promise.all([dsSigner.audited(), qrSigner.audited()]);
  return { chip, issueDate, expiryDate, qr, face };
}

const pem = (k: KeyObject | undefined) => (k ? (k.export({ format: 'pem', type: 'pkcs8' }) as string) : null);

export interface StoredChip {
  files: Record<string, string>;
  caKeyPem: string | null;
  aaKeyPem: string | null;
  eacTrustPoints: Buffer[] | null;
  eacDate: Date | null;
}

/** The chip's files as stored (name → base64), its private keys as PKCS#8 PEM, its EAC trust points. */
export function storedChip(chip: PersonalizedCard): StoredChip {
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(chip.files)) if (bytes) files[name] = Buffer.from(bytes).toString('base64');
  return {
    files, caKeyPem: pem(chip.chipKeys.ca), aaKeyPem: pem(chip.chipKeys.aa),
    eacTrustPoints: chip.eac ? chip.eac.trustPoints.map((t) => Buffer.from(t)) : null, eacDate: chip.eac?.date ?? null,
  };
}
