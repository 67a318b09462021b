// Parsing the MRZ of TD1 (9303-5 §4.2), TD2 (9303-5 §4.3 — 9303-6 in older editions) and TD3
// (9303-4 §4.2), with every check digit verified (9303-3 §4.9).
import { checkDigit } from './check-digit.ts';
import { MrzCheckDigitError, MrzFormatError } from './errors.ts';
import { parseName } from './name.ts';
import type { Mrz, MrzFormat, MrzSex } from './types.ts';

const SHAPES: Record<MrzFormat, { lines: number; width: number }> = {
  TD1: { lines: 3, width: 30 },
  TD2: { lines: 2, width: 36 },
  TD3: { lines: 2, width: 44 },
};

/** Splits input into lines: real newlines, a literal `\n` (as typed in a shell), or one run. */
export function splitMrzLines(input: string | readonly string[]): string[] {
  let lines: string[];
  if (typeof input === 'string') {
    lines = input
      .replace(/\\n/g, '\n')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (lines.length === 1) {
      const one = lines[0]!;
      if (one.length === 90) lines = [one.slice(0, 30), one.slice(30, 60), one.slice(60)];
      else if (one.length === 72) lines = [one.slice(0, 36), one.slice(36)];
      else if (one.length === 88) lines = [one.slice(0, 44), one.slice(44)];
    }
  } else {
    lines = input.map((l) => l.trim());
  }
  return lines;
}

function detect(lines: string[]): MrzFormat {
  for (const f of ['TD1', 'TD2', 'TD3'] as const) {
    const s = SHAPES[f];
    if (lines.length === s.lines && lines.every((l) => l.length === s.width)) return f;
  }
  throw new MrzFormatError(
    `not an MRZ: expected 3×30 (TD1), 2×36 (TD2) or 2×44 (TD3) characters, got ${lines.length} line(s) of ${lines.map((l) => l.length).join('/')}`,
    'lines',
  );
}

const strip = (s: string) => s.replace(/<+$/, '');

function verify(field: string, value: string, cd: string): void {
  const expected = checkDigit(value);
  // A field entirely of fillers may carry '<' as its check digit (9303-4 §4.2.2, personal number).
  if (cd === expected || (cd === '<' && /^<*$/.test(value))) return;
  throw new MrzCheckDigitError(field, expected, cd);
}

function date(field: string, v: string, allowUnknown: boolean): void {
  if (allowUnknown && v === '<<<<<<') return;
  const ok = allowUnknown ? /^[0-9]{2}([0-9]{2}|<<)([0-9]{2}|<<)$/.test(v) : /^[0-9]{6}$/.test(v);
  if (!ok) throw new MrzFormatError(`${field} ${JSON.stringify(v)} is not a YYMMDD date`, field);
  const mm = v.slice(2, 4);
  const dd = v.slice(4, 6);
  if (mm !== '<<' && (+mm < 1 || +mm > 12)) throw new MrzFormatError(`${field} has month ${mm}`, field);
  if (dd !== '<<' && (+dd < 1 || +dd > 31)) throw new MrzFormatError(`${field} has day ${dd}`, field);
}

function sexOf(c: string): MrzSex {
  if (c === 'M' || c === 'F' || c === 'X' || c === '<') return c;
  throw new MrzFormatError(`sex ${JSON.stringify(c)} is not M, F or <`, 'sex');
}

/**
 * Document number with its check digit; when the check digit position holds '<', the number
 * continues in the optional data up to the next filler, whose last character is the check digit
 * (9303-5 §4.2.2 note j, TD1 and TD2 long document numbers). Returns the rest of the optional data.
 */
function documentNumber(num9: string, cd: string, optional: string): { number: string; rest: string } {
  if (cd !== '<') {
    verify('documentNumber', num9, cd);
    return { number: strip(num9), rest: optional };
  }
  const end = optional.indexOf('<');
  const run = end < 0 ? optional : optional.slice(0, end);
  if (run.length < 2) throw new MrzFormatError('document number check digit missing', 'documentNumber');
  const number = num9 + run.slice(0, -1);
  verify('documentNumber', number, run.at(-1)!);
  return { number: number.replace(/</g, ''), rest: end < 0 ? '' : optional.slice(end + 1) };
}

/** Parses and fully verifies an MRZ. Throws `MrzFormatError` or `MrzCheckDigitError`. */
export function parseMrz(input: string | readonly string[]): Mrz {
  const lines = splitMrzLines(input);
  const format = detect(lines);
  lines.forEach((l, i) => {
    const bad = /[^A-Z0-9<]/.exec(l);
    if (bad) throw new MrzFormatError(`line ${i + 1} has character ${JSON.stringify(bad[0])} at position ${bad.index + 1}`, `line${i + 1}`);
  });
  return format === 'TD1' ? parseTd1(lines) : parseTd2Td3(lines, format);
}

function parseTd1(lines: string[]): Mrz {
  const [l1, l2, l3] = lines as [string, string, string];
  const birth = l2.slice(0, 6);
  const expiry = l2.slice(8, 14);
  date('birthDate', birth, true);
  date('expiryDate', expiry, true);
  verify('birthDate', birth, l2[6]!);
  verify('expiryDate', expiry, l2[14]!);
  const doc = documentNumber(l1.slice(5, 14), l1[14]!, l1.slice(15, 30));
  verify('composite', l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]!);
  const name = parseName(l3);
  const issuingState = strip(l1.slice(2, 5));
  const documentCode = strip(l1.slice(0, 2));
  let optionalData1 = strip(doc.rest);
  let personalNumber: string | undefined;
  // Vietnamese identity card (VIETNAM-CARD.md): optional data = 12-digit personal number, '<<',
  // and a check digit over those 14 characters.
  const vn = /^([0-9]{12})<<([0-9])$/.exec(l1.slice(15, 30));
  if (issuingState === 'VNM' && documentCode.startsWith('I') && l1[14] !== '<' && vn) {
    verify('personalNumber', l1.slice(15, 29), vn[2]!);
    personalNumber = vn[1]!;
    optionalData1 = l1.slice(15, 30);
  }
  return {
    format: 'TD1',
    lines,
    documentCode,
    issuingState,
    documentNumber: doc.number,
    birthDate: birth,
    sex: sexOf(l2[7]!),
    expiryDate: expiry === '<<<<<<' ? null : expiry,
    nationality: strip(l2.slice(15, 18)),
    optionalData1,
    optionalData2: strip(l2.slice(18, 29)),
    personalNumber,
    primaryIdentifier: name.primary,
    secondaryIdentifier: name.secondary,
  };
}

function parseTd2Td3(lines: string[], format: 'TD2' | 'TD3'): Mrz {
  const [l1, l2] = lines as [string, string];
  const w = SHAPES[format].width;
  const birth = l2.slice(13, 19);
  const expiry = l2.slice(21, 27);
  date('birthDate', birth, true);
  date('expiryDate', expiry, true);
  verify('birthDate', birth, l2[19]!);
  verify('expiryDate', expiry, l2[27]!);
  let optional = l2.slice(28, w - 1);
  let personalNumber: string | undefined;
  if (format === 'TD3') {
    // 9303-4 §4.2.2: positions 29–42 personal number, 43 its check digit.
    verify('personalNumber', l2.slice(28, 42), l2[42]!);
    optional = l2.slice(28, 42);
    personalNumber = strip(optional) || undefined;
  }
  const doc =
    format === 'TD2'
      ? documentNumber(l2.slice(0, 9), l2[9]!, optional)
      : (verify('documentNumber', l2.slice(0, 9), l2[9]!), { number: strip(l2.slice(0, 9)), rest: optional });
  verify('composite', l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, w - 1), l2[w - 1]!);
  const name = parseName(l1.slice(5));
  return {
    format,
    lines,
    documentCode: strip(l1.slice(0, 2)),
    issuingState: strip(l1.slice(2, 5)),
    documentNumber: doc.number.replace(/</g, ''),
    birthDate: birth,
    sex: sexOf(l2[20]!),
    expiryDate: expiry === '<<<<<<' ? null : expiry,
    nationality: strip(l2.slice(10, 13)),
    optionalData1: strip(doc.rest),
    optionalData2: '',
    personalNumber,
    primaryIdentifier: name.primary,
    secondaryIdentifier: name.secondary,
  };
}
