/**
 * Answer-to-reset of a contactless card as a PC/SC reader reports it (PC/SC Part 3 §3.1.3.2.3:
 * ISO/IEC 14443-4 cards get a constructed ATR `3B 8n 80 01 <historical bytes> TCK`). With no
 * historical bytes this is `3B 80 80 01 01`, the ATR passports commonly show.
 */
export function contactlessAtr(historical: Uint8Array = new Uint8Array()): Uint8Array {
  if (historical.length > 15) throw new RangeError('at most 15 historical bytes');
  const body = [0x80 | historical.length, 0x80, 0x01, ...historical];
  const tck = body.reduce((x, b) => x ^ b, 0);
  return new Uint8Array([0x3b, ...body, tck]);
}

export const PASSPORT_ATR = contactlessAtr();
