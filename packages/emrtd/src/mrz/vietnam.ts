// The MRZ of the Vietnamese chip identity card (Căn cước / CCCD), a TD1 laid out as in
// ../shared/emrtd/VIETNAM-CARD.md: document number = last 9 digits of the 12-digit personal
// identification number; optional data = the 12 digits, '<<', a check digit.
import { checkDigit } from './check-digit.ts';
import { isoToMrzDate } from './dates.ts';
import { MrzInputError } from './errors.ts';
import { formatTd1 } from './generate.ts';
import { splitVietnameseName } from './name.ts';
import { transliterate } from './transliterate.ts';

/**
 * MRZ expiry written for a card that never expires (issued at age 60 or later).
 *
 * No public source says what real cards carry. We write `991231` (31 Dec 2099) rather than the
 * 9303-3 "unknown date" form `<<<<<<`: 9303-5 makes the expiry a mandatory date for TD1, every
 * deployed reader app asks for the expiry as a date when deriving the BAC/PACE key
 * (9303-11 §9.7.2), and 2099 is beyond any such holder's lifetime, so the card reads as "valid"
 * everywhere without special cases. `parseMrz` accepts both forms (`<<<<<<` → `expiryDate: null`).
 */
export const NEVER_EXPIRES_MRZ_DATE = '991231';

export interface VietnamMrzInput {
  /** 12-digit personal identification number. */
  idNumber: string;
  /** Full name in Vietnamese order (family name first), with diacritics. */
  fullName: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: 'male' | 'female';
  /** `YYYY-MM-DD`, or null for a card that never expires. */
  expiryDate: string | null;
}

/** The three TD1 lines of a Vietnamese identity card. */
export function vietnamTd1(input: VietnamMrzInput): [string, string, string] {
  if (!/^[0-9]{12}$/.test(input.idNumber)) throw new MrzInputError('idNumber', 'must be exactly 12 digits');
  if (input.sex !== 'male' && input.sex !== 'female') throw new MrzInputError('sex', 'must be male or female');
  const { primary, secondary } = splitVietnameseName(input.fullName);
  if (!transliterate(primary)) throw new MrzInputError('fullName', 'has no letters that can be written in an MRZ');
  const id = input.idNumber;
  return formatTd1({
    documentCode: 'ID',
    issuingState: 'VNM',
    documentNumber: id.slice(3),
    birthDate: isoToMrzDate(input.birthDate, 'birthDate'),
    sex: input.sex === 'male' ? 'M' : 'F',
    expiryDate: input.expiryDate === null ? NEVER_EXPIRES_MRZ_DATE : isoToMrzDate(input.expiryDate, 'expiryDate'),
    nationality: 'VNM',
    optionalData1: id + '<<' + checkDigit(id + '<<'),
    primaryIdentifier: primary,
    secondaryIdentifier: secondary,
  });
}
