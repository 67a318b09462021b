// Check digits, 9303-3 §4.9: weights 7,3,1 repeating; 0-9 → 0-9, A-Z → 10-35, '<' → 0; mod 10.
import { MrzFormatError } from './errors.ts';

const WEIGHTS = [7, 3, 1] as const;

function charValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (c === 0x3c) return 0;
  return -1;
}

/** The check digit of an MRZ field, as a character `'0'`..`'9'`. */
export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = charValue(field.charCodeAt(i));
    if (v < 0) throw new MrzFormatError(`character ${JSON.stringify(field[i])} is not allowed in an MRZ`);
    sum += v * WEIGHTS[i % 3]!;
  }
  return String(sum % 10);
}
