import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import {
  MrzCheckDigitError,
  MrzError,
  MrzFormatError,
  MrzInputError,
  NEVER_EXPIRES_MRZ_DATE,
  checkDigit,
  formatName,
  formatTd1,
  isoToMrzDate,
  mrzDateToIso,
  mrzInformation,
  mrzKeyInfo,
  parseMrz,
  transliterate,
  vietnamTd1,
} from './index.ts';

// ICAO-VECTORS.md §1.
test('check digits of the ICAO-VECTORS table (9303-3 §4.9)', () => {
  const table: [string, string][] = [
    ['L898902C<', '3'],
    ['690806', '1'],
    ['940623', '6'],
    ['D23145890734', '9'],
    ['340712', '7'],
    ['950712', '2'],
    ['520727', '3'],
    ['790410', '7'],
    ['200618', '7'],
  ];
  for (const [input, cd] of table) assert.equal(checkDigit(input), cd, input);
  assert.equal(checkDigit('<<<<<<'), '0');
  assert.throws(() => checkDigit('abc'), MrzFormatError);
});

const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD1_LONG = ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'];
const VN_SYNTHETIC = ['IDVNM0900012345001090001234<<6', '9001011M3001019VNM<<<<<<<<<<<8', 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<'];

test('parses the ICAO TD1 specimen (9303-5) with every check digit', () => {
  const m = parseMrz(TD1_SPECIMEN.join('\n'));
  assert.equal(m.format, 'TD1');
  assert.equal(m.documentCode, 'I');
  assert.equal(m.issuingState, 'UTO');
  assert.equal(m.documentNumber, 'D23145890');
  assert.equal(m.birthDate, '740812');
  assert.equal(m.sex, 'F');
  assert.equal(m.expiryDate, '120415');
  assert.equal(m.nationality, 'UTO');
  assert.equal(m.primaryIdentifier, 'ERIKSSON');
  assert.equal(m.secondaryIdentifier, 'ANNA MARIA');
  assert.deepEqual(mrzKeyInfo(m), { documentNumber: 'D23145890', birthDate: '740812', expiryDate: '120415' });
});

test('TD1 long document number continues in the optional data', () => {
  const m = parseMrz(TD1_LONG);
  assert.equal(m.documentNumber, 'D23145890734');
  assert.equal(m.optionalData1, '');
  assert.equal(m.secondaryIdentifier, 'PETER JOHN');
  assert.equal(mrzInformation(mrzKeyInfo(m)), 'D23145890734' + '9' + '340712' + '7' + '950712' + '2');
  const bad = [...TD1_LONG];
  bad[0] = 'I<UTOD23145890<7348<<<<<<<<<<<';
  assert.throws(() => parseMrz(bad), (e: unknown) => e instanceof MrzCheckDigitError && e.field === 'documentNumber');
});

test('formatTd1 reproduces both ICAO TD1 specimens', () => {
  assert.deepEqual(
    formatTd1({ documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', birthDate: '740812', sex: 'F', expiryDate: '120415', nationality: 'UTO', primaryIdentifier: 'Eriksson', secondaryIdentifier: 'Anna Maria' }),
    TD1_SPECIMEN,
  );
  assert.deepEqual(
    formatTd1({ documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890734', birthDate: '340712', sex: 'M', expiryDate: '950712', nationality: 'UTO', primaryIdentifier: 'Stevenson', secondaryIdentifier: 'Peter John' }),
    TD1_LONG,
  );
});

test('parses TD3 and TD2 specimens (9303-4, 9303-5)', () => {
  const td3 = parseMrz(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
  assert.equal(td3.format, 'TD3');
  assert.equal(td3.documentCode, 'P');
  assert.equal(td3.documentNumber, 'L898902C3');
  assert.equal(td3.personalNumber, 'ZE184226B');
  assert.equal(td3.expiryDate, '120415');
  const td2 = parseMrz('I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6');
  assert.equal(td2.format, 'TD2');
  assert.equal(td2.documentNumber, 'D23145890');
  assert.equal(td2.primaryIdentifier, 'ERIKSSON');
  // A one-line paste (72 characters) and a literal "\n" as typed in a shell are accepted.
  assert.equal(parseMrz('I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<D231458907UTO7408122F1204159<<<<<<<6').format, 'TD2');
  assert.equal(parseMrz(TD1_SPECIMEN.join('\\n')).documentNumber, 'D23145890');
});

test('9303-11 App. D.2 MRZ_information', () => {
  assert.equal(mrzInformation({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' }), 'L898902C<369080619406236');
  assert.equal(mrzInformation({ documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' }), 'T22000129364081251010318');
});

test('the Vietnamese synthetic MRZ of VIETNAM-CARD.md parses and is generated identically', () => {
  const m = parseMrz(VN_SYNTHETIC);
  assert.equal(m.documentCode, 'ID');
  assert.equal(m.issuingState, 'VNM');
  assert.equal(m.documentNumber, '090001234');
  assert.equal(m.personalNumber, '001090001234');
  assert.equal(m.birthDate, '900101');
  assert.equal(m.expiryDate, '300101');
  assert.equal(m.sex, 'M');
  assert.equal(m.primaryIdentifier, 'NGUYEN');
  assert.equal(m.secondaryIdentifier, 'VAN A');
  assert.deepEqual(
    vietnamTd1({ idNumber: '001090001234', fullName: 'Nguyễn Văn A', birthDate: '1990-01-01', sex: 'male', expiryDate: '2030-01-01' }),
    VN_SYNTHETIC,
  );
  const bad = [...VN_SYNTHETIC];
  bad[0] = 'IDVNM0900012345001090001234<<7';
  assert.throws(() => parseMrz(bad), (e: unknown) => e instanceof MrzCheckDigitError && (e.field === 'personalNumber' || e.field === 'composite'));
});

test('Vietnamese transliteration: Đ → D and every diacritic dropped', () => {
  assert.equal(transliterate('Đặng Thị Ngọc Ánh'), 'DANG<THI<NGOC<ANH');
  assert.equal(transliterate('Trương Ưng Ơn Ỷ Ỹ Ỵ đ'), 'TRUONG<UNG<ON<Y<Y<Y<D');
  assert.equal(transliterate("O'Brien-Smith"), 'OBRIEN<SMITH');
  assert.equal(transliterate('Strauß Øre Æsa'), 'STRAUSS<OERE<AESA');
  const [, , l3] = vietnamTd1({ idNumber: '079303012345', fullName: 'Đỗ Thị Hồng Nhung', birthDate: '2003-05-17', sex: 'female', expiryDate: '2028-05-17' });
  assert.equal(l3, 'DO<<THI<HONG<NHUNG<<<<<<<<<<<<');
});

test('name truncation (9303-3 §4.6) cuts the secondary identifier, then the primary', () => {
  const long = formatName('Nguyễn', 'Thị Phương Thảo Hoàng Ngọc Bích Trâm', 30);
  assert.equal(long, 'NGUYEN<<THI<PHUONG<THAO<HOANG<');
  assert.equal(formatName('Nguyễn', 'Thị Phương Thảo Hoàngg Ngọc', 30), 'NGUYEN<<THI<PHUONG<THAO<HOANGG');
  const primaryTooLong = formatName('Wolfeschlegelsteinhausenbergerdorff', 'Hubert', 30);
  assert.equal(primaryTooLong, 'WOLFESCHLEGELSTEINHAUSENBER<<H');
  assert.equal(formatName('Ng', '', 30), 'NG' + '<'.repeat(28));
});

test('never-expiring card: 991231 is written, <<<<<< also parses (expiry null)', () => {
  const lines = vietnamTd1({ idNumber: '001060001234', fullName: 'Trần Văn Bình', birthDate: '1960-03-04', sex: 'male', expiryDate: null });
  assert.equal(lines[1].slice(8, 14), NEVER_EXPIRES_MRZ_DATE);
  assert.equal(parseMrz(lines).expiryDate, '991231');
  const open = formatTd1({ documentCode: 'ID', issuingState: 'VNM', documentNumber: '060001234', birthDate: '600304', sex: 'M', expiryDate: '<<<<<<', nationality: 'VNM', optionalData1: '001060001234<<' + checkDigit('001060001234<<'), primaryIdentifier: 'TRAN', secondaryIdentifier: 'VAN BINH' });
  assert.equal(open[1].slice(8, 15), '<<<<<<0');
  const m = parseMrz(open);
  assert.equal(m.expiryDate, null);
  assert.equal(m.personalNumber, '001060001234');
  assert.equal(mrzKeyInfo(m).expiryDate, '<<<<<<');
});

test('every check digit error names its field', () => {
  const mutate = (line: number, pos: number, ch: string) => {
    const l = [...TD1_SPECIMEN];
    l[line] = l[line]!.slice(0, pos) + ch + l[line]!.slice(pos + 1);
    return l;
  };
  const field = (lines: string[]) => {
    try {
      parseMrz(lines);
    } catch (e) {
      assert.ok(e instanceof MrzCheckDigitError);
      return e.field;
    }
    return 'none';
  };
  assert.equal(field(mutate(0, 14, '8')), 'documentNumber');
  assert.equal(field(mutate(1, 6, '3')), 'birthDate');
  assert.equal(field(mutate(1, 14, '0')), 'expiryDate');
  assert.equal(field(mutate(1, 29, '7')), 'composite');
  assert.equal(field(mutate(0, 20, 'X')), 'composite');
  assert.throws(() => parseMrz(mutate(1, 7, 'Q')), (e: unknown) => e instanceof MrzFormatError && e.field === 'sex');
  assert.throws(() => parseMrz(mutate(1, 2, '1')), (e: unknown) => e instanceof MrzFormatError && e.field === 'birthDate');
  assert.throws(() => parseMrz('hello'), MrzFormatError);
});

test('generation validates every argument', () => {
  const ok = { idNumber: '001090001234', fullName: 'Nguyễn Văn A', birthDate: '1990-01-01', sex: 'male' as const, expiryDate: '2030-01-01' };
  assert.throws(() => vietnamTd1({ ...ok, idNumber: '12345' }), MrzInputError);
  assert.throws(() => vietnamTd1({ ...ok, birthDate: '1990-02-30' }), MrzInputError);
  assert.throws(() => vietnamTd1({ ...ok, expiryDate: '2030/01/01' }), MrzInputError);
  assert.throws(() => vietnamTd1({ ...ok, sex: 'other' as 'male' }), MrzInputError);
  assert.throws(() => vietnamTd1({ ...ok, fullName: '  ' }), MrzInputError);
  assert.equal(isoToMrzDate('2024-02-29'), '240229');
  assert.equal(mrzDateToIso('690806', 'birth', new Date('2025-01-01')), '1969-08-06');
  assert.equal(mrzDateToIso('300101', 'expiry', new Date('2025-01-01')), '2030-01-01');
  assert.equal(mrzDateToIso('940623', 'expiry', new Date('2025-01-01')), '1994-06-23');
});

test('fuzz: random text, truncations and mutations end in an MrzError or a value', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<\n';
  const check = (s: string | string[]) => {
    try {
      parseMrz(s);
    } catch (e) {
      assert.ok(e instanceof MrzError, `unexpected ${String(e)}`);
    }
  };
  for (let i = 0; i < 500; i++) check(randomBytes(randomInt(0, 100)).toString('latin1'));
  for (let i = 0; i < 2000; i++) {
    const src = [TD1_SPECIMEN, TD1_LONG, VN_SYNTHETIC][i % 3]!.join('\n');
    const pos = randomInt(0, src.length);
    check(src.slice(0, pos) + alphabet[randomInt(0, alphabet.length)] + src.slice(pos + 1));
    check(src.slice(0, pos));
  }
});
