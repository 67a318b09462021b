/**
 * Behaviour options of the virtual chip: which access protocols it offers and the quirks of a
 * given card family, so one chip implementation can stand in for different real cards.
 */
export interface ChipProfile {
  /** Offer BAC (GET CHALLENGE + EXTERNAL AUTHENTICATE). */
  bac: boolean;
  /** Offer PACE (needs PACEInfo in EF.CardAccess). The Vietnamese card offers BAC only. */
  pace: boolean;
  /** Status word for SELECT of the master file 3F00: 0x9000 to select it, or a refusal (the Vietnamese card is reported to answer 6D00). */
  selectMasterFile: number;
  /** Files that need terminal authentication (EAC), which we do not offer: always 6982. */
  eacProtectedFiles: readonly string[];
  /** Largest number of data bytes one READ BINARY returns (protected responses add ~ 20 bytes). */
  maxReadLength: number;
  /** Accept extended-length APDUs (9303-10 recommends support; the reader falls back to short otherwise). */
  extendedLength: boolean;
}

export const VIETNAM_PROFILE: ChipProfile = {
  bac: true,
  pace: false,
  selectMasterFile: 0x6d00,
  eacProtectedFiles: ['DG3', 'DG4'],
  maxReadLength: 0xffff - 0x40,
  extendedLength: true,
};

/** A chip that offers PACE as well (as ICAO recommends for new documents). */
export const PACE_PROFILE: ChipProfile = { ...VIETNAM_PROFILE, pace: true, selectMasterFile: 0x9000 };
