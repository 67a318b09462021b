// The MRZ fields that feed BAC and PACE key derivation, 9303-11 §9.7.2 (`MRZ_information`).
import { checkDigit } from './check-digit.ts';
import { MrzInputError } from './errors.ts';
import { parseMrz } from './parse.ts';
import type { Mrz, MrzKeyInfo } from './types.ts';

/**
 * Document number (the full one for long TD1/TD2 numbers), birth date and expiry date of a
 * parsed MRZ or MRZ text. A `<<<<<<` expiry is returned as written.
 */
export function mrzKeyInfo(mrz: Mrz | string | readonly string[]): MrzKeyInfo {
  const m = typeof mrz === 'string' || Array.isArray(mrz) ? parseMrz(mrz as string | readonly string[]) : (mrz as Mrz);
  return { documentNumber: m.documentNumber, birthDate: m.birthDate, expiryDate: m.expiryDate ?? '<<<<<<' };
}

/**
 * `MRZ_information`: document number (padded with '<' to at least 9 characters) ‖ its check
 * digit ‖ birth date ‖ check digit ‖ expiry date ‖ check digit (9303-11 §9.7.2).
 */
export function mrzInformation(info: MrzKeyInfo): string {
  const doc = info.documentNumber.toUpperCase().padEnd(9, '<');
  for (const [k, v] of [['documentNumber', doc], ['birthDate', info.birthDate], ['expiryDate', info.expiryDate]] as const) {
    if (!/^[A-Z0-9<]+$/.test(v)) throw new MrzInputError(k, `${JSON.stringify(v)} is not in the MRZ alphabet`);
  }
  if (info.birthDate.length !== 6 || info.expiryDate.length !== 6) throw new MrzInputError('date', 'dates must be YYMMDD');
  return doc + checkDigit(doc) + info.birthDate + checkDigit(info.birthDate) + info.expiryDate + checkDigit(info.expiryDate);
}
