// The LDS files of the eMRTD application and the MF: data group number ↔ tag ↔ file identifier
// ↔ short EF identifier, 9303-10 §4.6 and §4.7 (Table 34 in the 8th edition). One table, used by
// the encoders, the virtual chip, the reader and passive authentication.

export interface LdsFileInfo {
  /** `COM`, `SOD`, `DG1`…`DG16`, `CardAccess`, `CardSecurity`, `ATR/INFO`, `DIR`. */
  name: string;
  /** Data group number (1..16), undefined for other files. */
  dg: number | undefined;
  /** Outer tag of the file's content, undefined for files that are a bare DER object. */
  tag: number | undefined;
  /** File identifier for SELECT (ISO/IEC 7816-4 §7.1.1). */
  fid: number;
  /** Short EF identifier for READ BINARY with b8 of P1 set. */
  sfi: number;
  /** True for files in the master file rather than the eMRTD application (9303-10 §3.11). */
  inMasterFile: boolean;
}

const dg = (n: number, tag: number): LdsFileInfo => ({ name: `DG${n}`, dg: n, tag, fid: 0x0100 + n, sfi: n, inMasterFile: false });

export const LDS_FILES: readonly LdsFileInfo[] = [
  { name: 'COM', dg: undefined, tag: 0x60, fid: 0x011e, sfi: 0x1e, inMasterFile: false },
  dg(1, 0x61),
  dg(2, 0x75),
  dg(3, 0x63),
  dg(4, 0x76),
  dg(5, 0x65),
  dg(6, 0x66),
  dg(7, 0x67),
  dg(8, 0x68),
  dg(9, 0x69),
  dg(10, 0x6a),
  dg(11, 0x6b),
  dg(12, 0x6c),
  dg(13, 0x6d),
  dg(14, 0x6e),
  dg(15, 0x6f),
  dg(16, 0x70),
  { name: 'SOD', dg: undefined, tag: 0x77, fid: 0x011d, sfi: 0x1d, inMasterFile: false },
  // MF files (9303-10 §3.11): SecurityInfos are a bare DER SET, no application tag.
  { name: 'CardAccess', dg: undefined, tag: undefined, fid: 0x011c, sfi: 0x1c, inMasterFile: true },
  { name: 'CardSecurity', dg: undefined, tag: undefined, fid: 0x011d, sfi: 0x1d, inMasterFile: true },
  { name: 'ATR/INFO', dg: undefined, tag: undefined, fid: 0x2f01, sfi: 0x01, inMasterFile: true },
  { name: 'DIR', dg: undefined, tag: undefined, fid: 0x2f00, sfi: 0x1e, inMasterFile: true },
];

/** The file of data group `n` (1..16). */
export function dataGroupFile(n: number): LdsFileInfo {
  const f = LDS_FILES.find((x) => x.dg === n);
  if (!f) throw new RangeError(`no data group ${n}`);
  return f;
}

/** The data group number whose file starts with `tag`, e.g. 0x75 → 2. */
export function dataGroupOfTag(tag: number): number | undefined {
  return LDS_FILES.find((x) => x.tag === tag && x.dg !== undefined)?.dg;
}

/** A file of the eMRTD application (or of the MF when `inMasterFile`) by its file identifier. */
export function ldsFileByFid(fid: number, inMasterFile = false): LdsFileInfo | undefined {
  return LDS_FILES.find((x) => x.fid === fid && x.inMasterFile === inMasterFile);
}

/** A file by name (`DG1`, `COM`, `SOD`, `CardAccess`…). */
export function ldsFileByName(name: string): LdsFileInfo | undefined {
  return LDS_FILES.find((x) => x.name === name);
}

/** eMRTD LDS1 application identifier, 9303-10 §3.10.1 (`A0000002471001`). */
export const LDS1_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
