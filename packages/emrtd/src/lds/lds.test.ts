import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { EmrtdError } from '../errors.ts';
import {
  LdsDecodeError,
  SECURITY_INFO_OID,
  dataGroupFile,
  decodeCardAccess,
  decodeCom,
  decodeDg1,
  decodeDg13,
  decodeDg14,
  decodeDg15,
  decodeDg2,
  dg13FieldsFromPerson,
  encodeCardAccess,
  encodeCom,
  encodeDg1,
  encodeDg13,
  encodeDg14,
  encodeDg15,
  encodeDg2,
  ldsFileByFid,
  type SecurityInfo,
} from './index.ts';
import { syntheticJpeg } from './synthetic-jpeg.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

test('file table: DG1 61/0101/01, DG2 75/0102/02, COM 60/011E/1E, SOD 77/011D/1D, CardAccess 011C/1C', () => {
  assert.deepEqual([dataGroupFile(1).tag, dataGroupFile(1).fid, dataGroupFile(1).sfi], [0x61, 0x0101, 1]);
  assert.deepEqual([dataGroupFile(2).tag, dataGroupFile(2).fid, dataGroupFile(2).sfi], [0x75, 0x0102, 2]);
  assert.deepEqual([dataGroupFile(13).tag, dataGroupFile(13).fid], [0x6d, 0x010d]);
  assert.equal(ldsFileByFid(0x011e)?.name, 'COM');
  assert.equal(ldsFileByFid(0x011d)?.name, 'SOD');
  assert.equal(ldsFileByFid(0x011c, true)?.name, 'CardAccess');
  assert.equal(ldsFileByFid(0x011c, true)?.sfi, 0x1c);
});

test('EF.COM of 9303-11 App. D.4 decodes and re-encodes byte for byte', () => {
  const bytes = hex('60145F0104303130365F36063034303030305C026175');
  const com = decodeCom(bytes);
  assert.deepEqual(com, { ldsVersion: '0106', unicodeVersion: '040000', tags: [0x61, 0x75], dataGroups: [1, 2] });
  assert.equal(toHex(encodeCom({ dataGroups: [1, 2], ldsVersion: '0106' })), toHex(bytes));
  const vn = decodeCom(encodeCom({ dataGroups: [1, 2, 3, 13, 14, 15] }));
  assert.deepEqual(vn.tags, [0x61, 0x75, 0x63, 0x6d, 0x6e, 0x6f]);
});

// ICAO-VECTORS.md gives this DG1 as `615B…`, but 93 bytes follow the length (5F1F 5A + 90):
// the length byte of that vector is an erratum; the consistent encoding is `615D…`.
test('DG1 of the ICAO TD1 specimen, byte for byte (length byte corrected to 5D)', () => {
  const asPublished =
    '615B5F1F5A493C55544F443233313435383930373C3C3C3C3C3C3C3C3C3C3C3C3C3C3C373430383132324631323034313539' +
    '55544F3C3C3C3C3C3C3C3C3C3C3C364552494B53534F4E3C3C414E4E413C4D415249413C3C3C3C3C3C3C3C3C3C';
  assert.throws(() => decodeDg1(hex(asPublished)), LdsDecodeError);
  const expected =
    '615D5F1F5A493C55544F443233313435383930373C3C3C3C3C3C3C3C3C3C3C3C3C3C3C373430383132324631323034313539' +
    '55544F3C3C3C3C3C3C3C3C3C3C3C364552494B53534F4E3C3C414E4E413C4D415249413C3C3C3C3C3C3C3C3C3C';
  const lines = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
  assert.equal(toHex(encodeDg1(lines)), expected);
  const dg1 = decodeDg1(hex(expected));
  assert.deepEqual(dg1.lines, lines);
  assert.equal(dg1.mrz?.documentNumber, 'D23145890');
  // A flawed MRZ on a chip is still returned, with the reason.
  const flawed = hex(expected);
  flawed[flawed.length - 61] = 0x39;
  const d = decodeDg1(flawed);
  assert.equal(d.mrz, undefined);
  assert.equal(d.mrzError?.code, 'ERR_MRZ_CHECK_DIGIT');
});

test('DG2: ISO/IEC 19794-5 record round trip, image and MIME type extracted', () => {
  const jpeg = syntheticJpeg(480, 640, 15000);
  const dg2 = encodeDg2({ data: jpeg, gender: 'female' });
  assert.equal(dg2[0], 0x75);
  const face = decodeDg2(dg2).faces[0]!;
  assert.equal(face.mime, 'image/jpeg');
  assert.equal(face.width, 480);
  assert.equal(face.height, 640);
  assert.equal(face.gender, 2);
  assert.equal(face.faceImageType, 1);
  assert.deepEqual(Buffer.from(face.data), Buffer.from(jpeg));
  assert.equal(toHex(face.header.get(0x88)!), '0008');
  // The record starts with "FAC\0" "010\0" and the record length.
  const i = Buffer.from(dg2).indexOf(Buffer.from([0x46, 0x41, 0x43, 0, 0x30, 0x31, 0x30, 0]));
  assert.ok(i > 0);
  assert.equal(Buffer.from(dg2).readUInt32BE(i + 8), dg2.length - i);
});

test('DG2 of a 19794-5:2011 style record: the image is found by its signature', () => {
  const jpeg = syntheticJpeg(100, 120, 500);
  const record = Buffer.concat([Buffer.from([0x46, 0x41, 0x43, 0, 0x30, 0x33, 0x30, 0]), Buffer.alloc(30, 1), jpeg]);
  const enc = (tag: number, v: Uint8Array) => Buffer.concat([Buffer.from(tag > 0xff ? [tag >> 8, tag & 0xff] : [tag]), lenBytes(v.length), v]);
  const lenBytes = (n: number) => Buffer.from(n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
  const dg2 = enc(0x75, enc(0x7f61, Buffer.concat([enc(0x02, Buffer.from([1])), enc(0x7f60, Buffer.concat([enc(0xa1, enc(0x80, Buffer.from([1, 1]))), enc(0x5f2e, record)]))])));
  const face = decodeDg2(dg2).faces[0]!;
  assert.equal(face.mime, 'image/jpeg');
  assert.deepEqual([face.width, face.height], [100, 120]);
});

const PERSON = {
  idNumber: '001090001234',
  fullName: 'Nguyễn Văn A',
  birthDate: '1990-01-01',
  sex: 'male' as const,
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  nativePlace: 'Xã Đông Hội, Huyện Đông Anh, Hà Nội',
  residence: 'Số 1 Phố Tràng Tiền, Phường Tràng Tiền, Quận Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:2cm trên trước mép phải',
  issueDate: '2021-06-15',
  expiryDate: '2030-01-01',
  fatherName: 'Nguyễn Văn B',
  motherName: 'Trần Thị C',
  spouseName: null,
  oldIdNumber: '012345678',
};

test('DG13 (Vietnamese): encoded as the table, decoded back; no spouse is 30 03 02 01 0E', () => {
  const fields = dg13FieldsFromPerson(PERSON);
  assert.equal(fields.birthDate, '01/01/1990');
  assert.equal(fields.sex, 'Nam');
  const bytes = encodeDg13(fields);
  assert.equal(bytes[0], 0x6d);
  assert.ok(Buffer.from(bytes).includes(hex('3003 02010E')));
  // Field 1 is SEQUENCE { INTEGER 1, PrintableString "001090001234" }.
  assert.ok(Buffer.from(bytes).includes(hex('3011 020101 130C') ));
  const d = decodeDg13(bytes);
  assert.deepEqual(d.fields, fields);
  assert.equal(d.fields.fullName, 'Nguyễn Văn A');
  assert.equal(d.fields.spouseName, undefined);
  assert.equal(toHex(d.raw.get(14)!), '300302010E');
  const never = decodeDg13(encodeDg13(dg13FieldsFromPerson({ ...PERSON, expiryDate: null, spouseName: 'Lê Thị D', sex: 'female' })));
  assert.equal(never.fields.expiryDate, 'Không thời hạn');
  assert.equal(never.fields.spouseName, 'Lê Thị D');
  assert.equal(never.fields.sex, 'Nữ');
});

test('DG13 decoding walks any wrapper and keeps unknown ids raw', () => {
  // Fields directly under 6D, inside an extra SET, with an unknown id 16 as an OCTET STRING.
  const f1 = hex('3011020101130C303031303930303031323334');
  const f16 = hex('3007020110040201FF');
  const body = Buffer.concat([hex('31') , Buffer.from([f1.length + f16.length]), f1, f16]);
  const dg = Buffer.concat([hex('6D'), Buffer.from([body.length]), body]);
  const d = decodeDg13(dg);
  assert.equal(d.fields.idNumber, '001090001234');
  assert.equal(d.fields.field16, undefined);
  assert.equal(toHex(d.raw.get(16)!), toHex(f16));
  assert.throws(() => decodeDg13(hex('6D03020101')), LdsDecodeError);
});

test('EF.CardAccess of 9303-11 App. G.1 decodes; SecurityInfos round trip', () => {
  const bytes = hex('31143012060A04007F0007020204020202010202010D');
  const infos = decodeCardAccess(bytes);
  assert.deepEqual(infos, [{ kind: 'PACEInfo', protocol: SECURITY_INFO_OID.PACE_ECDH_GM_AES_CBC_CMAC_128, version: 2, parameterId: 13 }]);
  assert.equal(toHex(encodeCardAccess(infos)), toHex(bytes));
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const dg14: SecurityInfo[] = [
    { kind: 'ChipAuthenticationInfo', protocol: SECURITY_INFO_OID.CA_ECDH_AES_CBC_CMAC_128, version: 1, keyId: 1 },
    { kind: 'ChipAuthenticationPublicKeyInfo', protocol: SECURITY_INFO_OID.PK_ECDH, subjectPublicKeyInfo: spki, keyId: 1 },
    { kind: 'ActiveAuthenticationInfo', protocol: SECURITY_INFO_OID.AA, version: 1, signatureAlgorithm: '1.2.840.10045.4.3.2' },
    { kind: 'PACEInfo', protocol: SECURITY_INFO_OID.PACE_ECDH_GM_AES_CBC_CMAC_128, version: 2, parameterId: 13 },
    { kind: 'unknown', protocol: '1.2.3.4', raw: hex('3007060 32A0304 0500'.replace(/ /g, '')) },
  ];
  const enc = encodeDg14(dg14);
  assert.equal(enc[0], 0x6e);
  const dec = decodeDg14(enc);
  assert.equal(dec.length, 5);
  for (const want of dg14) {
    const got = dec.find((d) => d.kind === want.kind)!;
    assert.deepEqual(JSON.stringify(got, (_k, v) => (v?.type === 'Buffer' || v instanceof Uint8Array ? toHex(Buffer.from(v.data ?? v)) : v)), JSON.stringify(want, (_k, v) => (v?.type === 'Buffer' || v instanceof Uint8Array ? toHex(Buffer.from(v.data ?? v)) : v)));
  }
});

test('DG15: RSA and EC public keys round trip', () => {
  for (const kp of [generateKeyPairSync('rsa', { modulusLength: 1024 }), generateKeyPairSync('ec', { namedCurve: 'prime256v1' })]) {
    const dg15 = encodeDg15(kp.publicKey);
    assert.equal(dg15[0], 0x6f);
    const d = decodeDg15(dg15);
    assert.ok(d.publicKey.equals(kp.publicKey));
  }
});

test('fuzz: every LDS decoder ends in a typed error or a value', () => {
  const samples: [string, (b: Uint8Array) => unknown, Uint8Array][] = [
    ['COM', decodeCom, encodeCom({ dataGroups: [1, 2, 13] })],
    ['DG1', decodeDg1, encodeDg1(['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'])],
    ['DG2', decodeDg2, encodeDg2({ data: syntheticJpeg(10, 10, 200) })],
    ['DG13', decodeDg13, encodeDg13(dg13FieldsFromPerson(PERSON))],
    ['CardAccess', decodeCardAccess, hex('31143012060A04007F0007020204020202010202010D')],
    ['DG14', decodeDg14, encodeDg14([{ kind: 'PACEInfo', protocol: SECURITY_INFO_OID.PACE_ECDH_GM_AES_CBC_CMAC_128, version: 2, parameterId: 13 }])],
    ['DG15', decodeDg15, encodeDg15(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey)],
  ];
  const check = (name: string, f: (b: Uint8Array) => unknown, b: Uint8Array) => {
    try {
      f(b);
    } catch (e) {
      assert.ok(e instanceof EmrtdError, `${name}: ${String(e)}`);
    }
  };
  for (const [name, f, good] of samples) {
    for (let n = 0; n < good.length; n += Math.max(1, Math.floor(good.length / 200))) check(name, f, good.subarray(0, n));
    for (let i = 0; i < 300; i++) {
      const m = Buffer.from(good);
      m[randomInt(0, m.length)] = randomInt(0, 256);
      check(name, f, m);
    }
    for (let i = 0; i < 100; i++) check(name, f, Buffer.concat([good.subarray(0, 2), randomBytes(randomInt(0, 64))]));
  }
});
