// Card numbers: 9 digits from `card_number_seq` (migration 051) and an ICAO 9303-3 §4.9 check
// digit (weights 7-3-1), 10 digits in all. The check digit lets a relying party's form or the
// status endpoint refuse a mistyped number before any look-up. The number is taken inside the
// transaction that creates the card (nextval is not rolled back): a card that is not committed
// leaves a gap, never a number used twice.
import { checkDigit } from '@cancuoc/emrtd';
import type { Tx } from '../db/connect.ts';

export const CARD_NUMBER_PATTERN = /^[0-9]{10}$/;

/** The full card number of a sequence value. */
export function cardNumberOf(serial: number | bigint): string {
  const digits = String(serial).padStart(9, '0');
  if (!/^[0-9]{9}$/.test(digits) || BigInt(serial) < 1n) throw new RangeError(`card serial out of range: ${serial}`);
  return digits + checkDigit(digits);
}

/** Whether a string is a card number: 10 digits whose last is the check digit of the first nine. */
export function isCardNumber(s: string): boolean {
  return CARD_NUMBER_PATTERN.test(s) && checkDigit(s.slice(0, 9)) === s[9];
}

/** A fresh card number, inside the transaction that creates the card. */
export async function allocateCardNumber(tx: Tx): Promise<string> {
  const [{ serial }] = await tx<{ serial: string }[]>`select nextval('card_number_seq')::text as serial`;
  return cardNumberOf(BigInt(serial));
}
