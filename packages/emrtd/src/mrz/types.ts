/** Machine-readable zone formats, 9303 Parts 4 (TD3) and 5 (TD1, TD2). */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** Sex field: `M`, `F`, or `<` (unspecified); `X` is accepted as some states write it. */
export type MrzSex = 'M' | 'F' | 'X' | '<';

/** A parsed MRZ whose check digits have all been verified. Field values have fillers removed. */
export interface Mrz {
  format: MrzFormat;
  /** The MRZ lines as read (after whitespace trimming). */
  lines: string[];
  /** `P`, `PN`, `I`, `ID`, `AC`… (trailing fillers removed). */
  documentCode: string;
  /** Issuing state or organisation, e.g. `VNM`, `UTO`, `D`. */
  issuingState: string;
  /**
   * Full document number without fillers, including the part that continues in the optional
   * data for long TD1/TD2 numbers (9303-5 §4.2.2 note on long document numbers).
   */
  documentNumber: string;
  /** `YYMMDD`; may contain `<` for unknown day or month (9303-3 §3.8). */
  birthDate: string;
  sex: MrzSex;
  /** `YYMMDD`, or `null` when written as `<<<<<<` (no expiry). */
  expiryDate: string | null;
  nationality: string;
  /** Optional data of line 1 (TD1) or line 2 (TD2), fillers trimmed; for TD3 the personal number field. */
  optionalData1: string;
  /** TD1 optional data of line 2. */
  optionalData2: string;
  /**
   * TD3 personal number (check-digit verified), or the Vietnamese card's 12-digit personal
   * identification number found in the TD1 optional data (its check digit verified too).
   */
  personalNumber: string | undefined;
  primaryIdentifier: string;
  secondaryIdentifier: string;
}

/** The inputs to BAC/PACE key derivation, 9303-11 §9.7.2 (`MRZ_information`). */
export interface MrzKeyInfo {
  documentNumber: string;
  birthDate: string;
  expiryDate: string;
}
