import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  TlvError,
  TlvLengthError,
  TlvStructureError,
  TlvTagError,
  TlvTruncatedError,
  children,
  decodeTlv,
  decodeTlvTree,
  decodeTlvs,
  encodeLength,
  encodeTag,
  encodeTlv,
  findInTree,
  readTlv,
} from './index.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

// 9303-11 App. D.4.3: the EF.COM read over secure messaging.
const EF_COM = hex('60145F0104303130365F36063034303030305C026175');

test('decodes EF.COM of 9303-11 App. D.4 with two-byte tags', () => {
  const com = decodeTlv(EF_COM, 0x60);
  assert.equal(com.constructed, true);
  assert.equal(com.value.length, 0x14);
  const kids = children(com);
  assert.deepEqual(kids.map((k) => k.tag), [0x5f01, 0x5f36, 0x5c]);
  assert.equal(Buffer.from(kids[0]!.value).toString('latin1'), '0106');
  assert.equal(Buffer.from(kids[1]!.value).toString('latin1'), '040000');
  assert.equal(toHex(kids[2]!.value), '6175');
  // Offsets are relative to the outer buffer.
  assert.equal(kids[1]!.offset, 9);
  assert.equal(EF_COM[kids[1]!.offset], 0x5f);
});

test('encode(decode(x)) is x for EF.COM and secure-messaging objects', () => {
  const com = decodeTlv(EF_COM);
  const rebuilt = encodeTlv(0x60, children(com).map((k) => encodeTlv(k.tag, k.value)));
  assert.equal(toHex(rebuilt), toHex(EF_COM));
  // DO87 of App. D.4.1: padding-content indicator 01 followed by the cryptogram.
  assert.equal(toHex(encodeTlv(0x87, hex('016375432908C044F6'))), '8709016375432908C044F6');
  assert.equal(toHex(encodeTlv(0x8e, hex('BF8B92D635FF24F8'))), '8E08BF8B92D635FF24F8');
  assert.equal(toHex(encodeTlv(0x97, hex('04'))), '970104');
});

test('multi-byte tags: 5F1F, 7F49, 7F61, 5F2E, and 3-byte tags', () => {
  assert.equal(toHex(encodeTag(0x7f49)), '7F49');
  const t = readTlv(hex('7F4903860100'));
  assert.equal(t.tag, 0x7f49);
  assert.equal(t.constructed, true);
  assert.equal(t.headerSize, 3);
  assert.equal(readTlv(hex('5F1F0141')).constructed, false);
  const three = readTlv(hex('5F8F01 02 ABCD'));
  assert.equal(three.tag, 0x5f8f01);
  assert.equal(toHex(encodeTlv(0x5f8f01, hex('ABCD'))), '5F8F0102ABCD');
});

test('long-form lengths 81..84 round-trip and decode', () => {
  for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
    const v = new Uint8Array(n).fill(7);
    const enc = encodeTlv(0x04, v);
    const t = decodeTlv(enc);
    assert.equal(t.value.length, n);
  }
  assert.equal(toHex(encodeLength(127)), '7F');
  assert.equal(toHex(encodeLength(128)), '8180');
  assert.equal(toHex(encodeLength(256)), '820100');
  assert.equal(toHex(encodeLength(0x10000)), '83010000');
  assert.equal(toHex(encodeLength(0x1000000)), '8401000000');
  // Non-minimal long form seen on real cards is accepted when decoding.
  assert.equal(readTlv(hex('04 8200 02 AABB')).value.length, 2);
});

test('typed errors: truncation, indefinite/overlong lengths, bad tags, wrong tag, trailing bytes', () => {
  assert.throws(() => readTlv(hex('')), TlvTruncatedError);
  assert.throws(() => readTlv(hex('5F')), TlvTruncatedError);
  assert.throws(() => readTlv(hex('04')), TlvTruncatedError);
  assert.throws(() => readTlv(hex('0482 01')), TlvTruncatedError);
  assert.throws(() => readTlv(hex('0405 0102')), TlvTruncatedError);
  assert.throws(() => readTlv(hex('0480 0000')), TlvLengthError);
  assert.throws(() => readTlv(hex('0485 0000000001 00')), TlvLengthError);
  assert.throws(() => readTlv(hex('04 84FFFFFFFF 00')), TlvTruncatedError);
  assert.throws(() => readTlv(hex('1F8181818101 00')), TlvTagError);
  assert.throws(() => decodeTlv(EF_COM, 0x61), TlvStructureError);
  assert.throws(() => decodeTlv(Buffer.concat([EF_COM, hex('00')])), TlvStructureError);
  assert.throws(() => encodeTag(0x5f), TlvTagError); // announces continuation but has none
  assert.throws(() => encodeTag(0x5f81), TlvTagError); // last byte must not have b8 set
  const e = (() => {
    try {
      readTlv(hex('0405 0102'));
    } catch (err) {
      return err;
    }
  })();
  assert.ok(e instanceof TlvError);
  assert.equal(e.code, 'ERR_TLV_TRUNCATED');
  assert.equal(e.offset, 0);
});

test('tree decoding finds nested objects and bounds depth', () => {
  const nested = encodeTlv(0x7f61, [encodeTlv(0x02, hex('01')), encodeTlv(0x7f60, [encodeTlv(0xa1, [encodeTlv(0x80, hex('0101'))]), encodeTlv(0x5f2e, hex('46414300'))])]);
  const tree = decodeTlvTree(nested);
  const bdb = findInTree(tree, 0x5f2e);
  assert.ok(bdb);
  assert.equal(toHex(bdb.value), '46414300');
  assert.equal(toHex(nested.subarray(bdb.offset, bdb.offset + bdb.size)), '5F2E0446414300');
  let deep: Uint8Array = hex('0400');
  for (let i = 0; i < 40; i++) deep = encodeTlv(0x30, deep);
  assert.throws(() => decodeTlvTree(deep), TlvStructureError);
  assert.equal(decodeTlvTree(deep, { maxDepth: 64 }).length, 1);
});

test('padding bytes between objects are skipped only when asked', () => {
  const padded = hex('00 0401AA FF FF 0401BB 00');
  assert.deepEqual(decodeTlvs(padded, { skipPadding: true }).map((t) => toHex(t.value)), ['AA', 'BB']);
  assert.throws(() => decodeTlvs(padded), TlvError);
});

test('fuzz: random bytes, truncations, and mutations end in a value or a TlvError', () => {
  const check = (b: Uint8Array) => {
    try {
      decodeTlvTree(b);
    } catch (err) {
      assert.ok(err instanceof TlvError, `unexpected ${String(err)}`);
    }
  };
  for (let i = 0; i < 3000; i++) check(randomBytes(1 + (i % 64)));
  for (let n = 0; n < EF_COM.length; n++) check(EF_COM.subarray(0, n));
  for (let i = 0; i < 2000; i++) {
    const m = Buffer.from(EF_COM);
    m[i % m.length] = randomBytes(1)[0]!;
    check(m);
  }
});
