// Province codes of the personal identification number (DESIGN.md §6: `PPP`, the province where
// the birth was registered). The 63 pre-2025 provinces keep their codes on every number issued,
// also after the reorganisation of 1 July 2025; the 34 provinces since then use a subset of the
// same codes, so new numbers draw from the same table.
import { PROVINCE_TABLE } from './province-table.ts';

export interface Province {
  /** 3-digit code as written in the ID number: the 2-digit statistics code with a leading 0. */
  readonly code: string;
  /** Official name until 30 June 2025 (NFC). */
  readonly name: string;
  /** The province this one belongs to since 1 July 2025 (itself when it was kept). */
  readonly since2025: { readonly code: string; readonly name: string };
  /** Earlier official names of the same unit, most recent first (empty for most). */
  readonly formerNames?: readonly string[];
}

// The dataset gives the name in force on 30 June 2025. Thừa Thiên Huế became the centrally-run
// city of Huế on 1 January 2025; numbers registered there before carry the same code 046, so
// the earlier name is kept for display of old records.
const FORMER_NAMES: Readonly<Record<string, readonly string[]>> = { '046': ['Tỉnh Thừa Thiên Huế'] };

/** The 63 provinces, ordered by code. */
export const provinces: readonly Province[] = Object.freeze(
  PROVINCE_TABLE.map((p) =>
    Object.freeze({
      ...p,
      since2025: Object.freeze({ ...p.since2025 }),
      ...(FORMER_NAMES[p.code] ? { formerNames: Object.freeze([...FORMER_NAMES[p.code]!]) } : {}),
    }),
  ),
);

const BY_CODE: ReadonlyMap<string, Province> = new Map(provinces.map((p) => [p.code, p]));

/**
 * Normalises a province code to the 3-digit form of the ID number. Accepts the 3-digit form
 * (`'001'`) and the 2-digit statistics code used by the administrative-unit lists (`'01'`).
 * Returns undefined for anything else (including codes of no province).
 */
export function normaliseProvinceCode(code: string): string | undefined {
  const c = code.length === 2 ? `0${code}` : code;
  return BY_CODE.has(c) ? c : undefined;
}

/** The province with this code (`'001'` or `'01'`), or undefined if no province has it. */
export function provinceByCode(code: string): Province | undefined {
  const c = normaliseProvinceCode(code);
  return c === undefined ? undefined : BY_CODE.get(c);
}
