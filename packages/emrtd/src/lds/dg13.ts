// DG13 of the Vietnamese identity card (tag 6D, national use, 9303-10 §4.7.13): a list of
// SEQUENCE { INTEGER fieldId, value } per ../shared/emrtd/VIETNAM-CARD.md. Its outer structure is
// not public, so decoding walks the whole TLV tree and collects every SEQUENCE whose first
// element is an INTEGER 1..16; encoding writes `6D { SEQUENCE { field… } }`.
import { decodeTlvTree, encodeTlv, type TlvNode } from '../tlv/index.ts';
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { outer, tlvGuard, utf8 } from './decode-outer.ts';

const INTEGER = 0x02;
const UTF8 = 0x0c;
const PRINTABLE = 0x13;
const SEQ = 0x30;

/** The fields of DG13, as written on the chip (dates `dd/mm/yyyy`, sex `Nam` / `Nữ`). */
export interface Dg13Fields {
  idNumber?: string; // 1
  fullName?: string; // 2
  birthDate?: string; // 3
  sex?: string; // 4
  nationality?: string; // 5
  ethnicity?: string; // 6
  religion?: string; // 7
  nativePlace?: string; // 8
  residence?: string; // 9
  identifyingMarks?: string; // 10
  issueDate?: string; // 11
  expiryDate?: string; // 12
  fatherName?: string; // 13
  motherName?: string; // 13
  spouseName?: string; // 14
  oldIdNumber?: string; // 15
  field16?: string; // 16
}

export interface Dg13 {
  fields: Dg13Fields;
  /** Raw bytes of each field sequence (whole SEQUENCE) by id, including ids 1..16 we could not read as text. */
  raw: Map<number, Uint8Array>;
}

type Simple = Exclude<keyof Dg13Fields, 'fatherName' | 'motherName' | 'spouseName'>;
const SIMPLE: [number, Simple, number][] = [
  [1, 'idNumber', PRINTABLE],
  [2, 'fullName', UTF8],
  [3, 'birthDate', PRINTABLE],
  [4, 'sex', UTF8],
  [5, 'nationality', UTF8],
  [6, 'ethnicity', UTF8],
  [7, 'religion', UTF8],
  [8, 'nativePlace', UTF8],
  [9, 'residence', UTF8],
  [10, 'identifyingMarks', UTF8],
  [11, 'issueDate', PRINTABLE],
  [12, 'expiryDate', UTF8],
  [15, 'oldIdNumber', PRINTABLE],
  [16, 'field16', PRINTABLE],
];

const int = (n: number) => encodeTlv(INTEGER, Uint8Array.of(n));
const str = (tag: number, s: string) => encodeTlv(tag, Buffer.from(s, tag === UTF8 ? 'utf8' : 'latin1'));

export function encodeDg13(f: Dg13Fields): Uint8Array {
  const items: Uint8Array[] = [];
  const at = (id: number) => {
    for (const [n, key, tag] of SIMPLE) {
      if (n !== id) continue;
      const v = f[key];
      if (v === undefined) return;
      if (tag === PRINTABLE && !/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(v)) {
        throw new LdsEncodeError('DG13', `${key} ${JSON.stringify(v)} is not a PrintableString`);
      }
      items.push(encodeTlv(SEQ, [int(n), str(tag, v)]));
    }
  };
  for (let id = 1; id <= 12; id++) at(id);
  if (f.fatherName !== undefined || f.motherName !== undefined) {
    items.push(encodeTlv(SEQ, [int(13), encodeTlv(SEQ, [str(UTF8, f.fatherName ?? '')]), encodeTlv(SEQ, [str(UTF8, f.motherName ?? '')])]));
  }
  // Field 14 is written even without a spouse (`30 03 02 01 0E`), as reported on real cards.
  items.push(encodeTlv(SEQ, f.spouseName ? [int(14), encodeTlv(SEQ, [str(UTF8, f.spouseName)])] : [int(14)]));
  at(15);
  at(16);
  return encodeTlv(0x6d, [encodeTlv(SEQ, items)]);
}

function text(n: TlvNode | undefined): string | undefined {
  if (!n || n.constructed) return undefined;
  // UTF8String, PrintableString, IA5String, T61String, VisibleString: all read as UTF-8 (ASCII-compatible).
  if ([UTF8, PRINTABLE, 0x16, 0x14, 0x1a].includes(n.tag)) return utf8(n.value);
  // BMPString: UCS-2 big-endian; an odd length is not one, and the field stays unread (kept raw).
  if (n.tag === 0x1e) return n.value.length % 2 === 0 ? Buffer.from(n.value).swap16().toString('utf16le') : undefined;
  return undefined;
}

/** Text of a `SEQUENCE { string }` wrapper or of a bare string. */
const wrapped = (n: TlvNode | undefined) => (n?.tag === SEQ ? text(n.children[0]) : text(n));

export function decodeDg13(bytes: Uint8Array): Dg13 {
  const dg = outer('DG13', bytes, 0x6d);
  const tree = tlvGuard('DG13', () => decodeTlvTree(dg.value));
  const fields: Dg13Fields = {};
  const raw = new Map<number, Uint8Array>();
  const base = dg.offset + dg.headerSize;
  const visit = (nodes: TlvNode[]) => {
    for (const n of nodes) {
      const first = n.children[0];
      const isField = n.tag === SEQ && first?.tag === INTEGER && first.value.length === 1 && first.value[0]! >= 1 && first.value[0]! <= 16;
      if (!isField) {
        visit(n.children);
        continue;
      }
      const id = first.value[0]!;
      if (raw.has(id)) continue; // first occurrence wins
      raw.set(id, bytes.subarray(base + n.offset, base + n.offset + n.size));
      if (id === 13) {
        fields.fatherName = wrapped(n.children[1]);
        fields.motherName = wrapped(n.children[2]);
      } else if (id === 14) {
        const s = wrapped(n.children[1]);
        if (s !== undefined) fields.spouseName = s;
      } else {
        const key = SIMPLE.find(([k]) => k === id)![1];
        const v = text(n.children[1]);
        if (v !== undefined) fields[key] = v;
      }
    }
  };
  visit(tree);
  if (raw.size === 0) throw new LdsDecodeError('DG13', 'no field sequence (SEQUENCE { INTEGER 1..16, value })');
  for (const k of Object.keys(fields) as (keyof Dg13Fields)[]) if (fields[k] === undefined) delete fields[k];
  return { fields, raw };
}

/** A person as in the personalisation JSON (ISO dates, sex male/female, expiry null = never). */
export interface VietnamPerson {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  nationality: string;
  ethnicity: string;
  religion: string;
  nativePlace: string;
  residence: string;
  identifyingMarks: string;
  issueDate: string;
  expiryDate: string | null;
  fatherName: string;
  motherName: string;
  spouseName?: string | null;
  oldIdNumber?: string | null;
}

/** Text written in field 12 for a card that never expires, as printed on the card face. */
export const NO_EXPIRY_TEXT = 'Không thời hạn';

const dmy = (iso: string, field: string) => {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso);
  if (!m) throw new LdsEncodeError('DG13', `${field} ${JSON.stringify(iso)} is not YYYY-MM-DD`);
  return `${m[3]}/${m[2]}/${m[1]}`;
};

/** The DG13 fields of a person, formatted as the card writes them. */
export function dg13FieldsFromPerson(p: VietnamPerson): Dg13Fields {
  if (p.sex !== 'male' && p.sex !== 'female') throw new LdsEncodeError('DG13', 'sex must be male or female');
  const f: Dg13Fields = {
    idNumber: p.idNumber,
    fullName: p.fullName,
    birthDate: dmy(p.birthDate, 'birthDate'),
    sex: p.sex === 'male' ? 'Nam' : 'Nữ',
    nationality: p.nationality,
    ethnicity: p.ethnicity,
    religion: p.religion,
    nativePlace: p.nativePlace,
    residence: p.residence,
    identifyingMarks: p.identifyingMarks,
    issueDate: dmy(p.issueDate, 'issueDate'),
    expiryDate: p.expiryDate === null ? NO_EXPIRY_TEXT : dmy(p.expiryDate, 'expiryDate'),
    fatherName: p.fatherName,
    motherName: p.motherName,
  };
  if (p.spouseName) f.spouseName = p.spouseName;
  if (p.oldIdNumber) f.oldIdNumber = p.oldIdNumber;
  return f;
}
