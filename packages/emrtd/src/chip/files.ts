/**
 * The eMRTD file layout of 9303-10 §3.11–3.12 (table "LDS1 elementary files"): file identifiers
 * and short EF identifiers of the MF-level files and of the LDS1 application's files.
 */
export type FileName =
  | 'EF.CardAccess' | 'EF.ATR/INFO' | 'EF.DIR' | 'EF.CardSecurity'
  | 'EF.COM' | 'EF.SOD' | 'EF.CVCA'
  | 'DG1' | 'DG2' | 'DG3' | 'DG4' | 'DG5' | 'DG6' | 'DG7' | 'DG8' | 'DG9' | 'DG10' | 'DG11' | 'DG12' | 'DG13' | 'DG14' | 'DG15' | 'DG16';

export interface FileEntry {
  name: FileName;
  fid: number;
  sfi: number;
  /** Under the MF (readable before selecting the application) rather than in the LDS1 application. */
  mf: boolean;
}

const ENTRIES: FileEntry[] = [
  { name: 'EF.CardAccess', fid: 0x011c, sfi: 0x1c, mf: true },
  { name: 'EF.CardSecurity', fid: 0x011d, sfi: 0x1d, mf: true },
  { name: 'EF.ATR/INFO', fid: 0x2f01, sfi: 0x01, mf: true },
  { name: 'EF.DIR', fid: 0x2f00, sfi: 0x1e, mf: true },
  { name: 'EF.COM', fid: 0x011e, sfi: 0x1e, mf: false },
  { name: 'EF.SOD', fid: 0x011d, sfi: 0x1d, mf: false },
  // EF.CVCA (9303-10 §3.11.2.3, TR-03110): the CARs of the chip's trust points, in the application.
  { name: 'EF.CVCA', fid: 0x011c, sfi: 0x1c, mf: false },
];
for (let n = 1; n <= 16; n++) ENTRIES.push({ name: `DG${n}` as FileName, fid: 0x0100 + n, sfi: n, mf: false });

export const LDS_FILES: readonly FileEntry[] = ENTRIES;

/** The LDS1 application identifier, 9303-10 §3.11.4. */
export const LDS1_AID = new Uint8Array([0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]);

export function fileByName(name: string): FileEntry | undefined {
  return ENTRIES.find((e) => e.name === name);
}

/** Data group number → file name. EF.COM's tag list uses tags 61, 75, 63… (9303-10 §4.6.1). */
export const DG_TAGS: Readonly<Record<number, FileName>> = {
  0x61: 'DG1', 0x75: 'DG2', 0x63: 'DG3', 0x76: 'DG4', 0x65: 'DG5', 0x66: 'DG6', 0x67: 'DG7', 0x68: 'DG8',
  0x69: 'DG9', 0x6a: 'DG10', 0x6b: 'DG11', 0x6c: 'DG12', 0x6d: 'DG13', 0x6e: 'DG14', 0x6f: 'DG15', 0x70: 'DG16',
};
