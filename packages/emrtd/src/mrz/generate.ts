// Writing a TD1 MRZ, 9303-5 §4.2: 3 lines of 30 characters.
import { checkDigit } from './check-digit.ts';
import { MrzInputError } from './errors.ts';
import { formatName } from './name.ts';
import type { MrzSex } from './types.ts';

export interface Td1Fields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  birthDate: string;
  sex: MrzSex;
  /** `YYMMDD`, or `<<<<<<`. */
  expiryDate: string;
  nationality: string;
  optionalData1?: string;
  optionalData2?: string;
  primaryIdentifier: string;
  secondaryIdentifier: string;
}

function field(name: string, value: string, width: number): string {
  if (!/^[A-Z0-9<]*$/.test(value)) throw new MrzInputError(name, `${JSON.stringify(value)} has characters outside A-Z 0-9 <`);
  if (value.length > width) throw new MrzInputError(name, `longer than ${width} characters`);
  return value.padEnd(width, '<');
}

/**
 * The three TD1 lines. A document number longer than 9 characters continues in the optional
 * data, followed by its check digit and a filler, with '<' in position 15 (9303-5 §4.2.2).
 */
export function formatTd1(f: Td1Fields): [string, string, string] {
  const num = f.documentNumber;
  if (!/^[A-Z0-9<]+$/.test(num)) throw new MrzInputError('documentNumber', 'must be A-Z 0-9');
  let docPart: string;
  if (num.length <= 9) {
    const n9 = num.padEnd(9, '<');
    docPart = n9 + checkDigit(n9) + field('optionalData1', f.optionalData1 ?? '', 15);
  } else {
    const overflow = num.slice(9) + checkDigit(num) + '<' + (f.optionalData1 ?? '');
    docPart = num.slice(0, 9) + '<' + field('optionalData1', overflow.replace(/<+$/, ''), 15);
  }
  const line1 = field('documentCode', f.documentCode, 2) + field('issuingState', f.issuingState, 3) + docPart;
  const birth = field('birthDate', f.birthDate, 6);
  const expiry = field('expiryDate', f.expiryDate, 6);
  const line2a =
    birth + checkDigit(birth) + f.sex + expiry + checkDigit(expiry) + field('nationality', f.nationality, 3) + field('optionalData2', f.optionalData2 ?? '', 11);
  // Composite check digit over line 1 positions 6–30 and line 2 positions 1–7, 9–15, 19–29.
  const composite = checkDigit(line1.slice(5, 30) + line2a.slice(0, 7) + line2a.slice(8, 15) + line2a.slice(18, 29));
  const line3 = formatName(f.primaryIdentifier, f.secondaryIdentifier, 30);
  return [line1, line2a + composite, line3];
}
