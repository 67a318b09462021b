import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createHash } from 'node:crypto';
import { fromHex, toHex, concat } from './bytes.ts';
import { pad, unpad } from './padding.ts';
import { adjustDesParity, retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from './des.ts';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac } from './aes.ts';
import { bacKeySeed, deriveKey, KDF_ENC, KDF_MAC, KDF_PI, pacePassword } from './kdf.ts';
import { mrzInformation } from '../mrz/key-info.ts';
import { curveByName, curveByParameterId, decodePoint, encodePoint, EC_STANDARD_PARAMETER_IDS } from './curves.ts';
import { PaddingError, CurveError } from './errors.ts';

describe('ISO/IEC 9797-1 padding method 2', () => {
  it('pads to the block and always adds a byte', () => {
    assert.equal(toHex(pad(fromHex('011E'), 8)), '011E800000000000');
    assert.equal(toHex(pad(fromHex('0102030405060708'), 8)), '01020304050607088000000000000000');
    assert.equal(toHex(unpad(fromHex('011E800000000000'))), '011E');
  });
  it('rejects missing padding', () => {
    assert.throws(() => unpad(fromHex('0000')), PaddingError);
    assert.throws(() => unpad(new Uint8Array()), PaddingError);
  });
});

describe('RFC 4493 §4 AES-CMAC test vectors', () => {
  const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
  const m = fromHex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
  for (const [len, tag] of [[0, 'BB1D6929E95937287FA37D129B756746'], [16, '070A16B46B4D4144F79BDD9DD04A287C'], [40, 'DFA66747DE9AE63030CA32611497C827'], [64, '51F0BEBF7E3B9D92FC49741779363CFE']] as const) {
    it(`length ${len}`, () => assert.equal(toHex(aesCmac(key, m.subarray(0, len))), tag));
  }
});

describe('9303-11 Appendix D.1 key derivation (BAC)', () => {
  const mrz = { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' };
  it('MRZ_information and K_seed', () => {
    assert.equal(mrzInformation(mrz), 'L898902C<369080619406236');
    assert.equal(toHex(bacKeySeed(mrz)), '239AB9CB282DAF66231DC5A4DF6BFBAE');
    assert.equal(toHex(createHash('sha256').update(mrzInformation(mrz)).digest()), '13A1CDBFA0941F6F1C49BACDC31F354201B783D77D30215B98B7551AEBCC57A5');
  });
  it('K_enc and K_mac with parity', () => {
    const seed = fromHex('239AB9CB282DAF66231DC5A4DF6BFBAE');
    assert.equal(toHex(deriveKey(seed, KDF_ENC, '3DES')), 'AB94FDECF2674FDFB9B391F85D7F76F2');
    assert.equal(toHex(deriveKey(seed, KDF_MAC, '3DES')), '7962D9ECE03D1ACD4C76089DCE131543');
  });
  it('DES parity adjustment (liblogicalaccess halves)', () => {
    assert.equal(toHex(adjustDesParity(fromHex('AB94FCEDF2664EDF'))), 'AB94FDECF2674FDF');
    assert.equal(toHex(adjustDesParity(fromHex('B9B291F85D7F77F2'))), 'B9B391F85D7F76F2');
  });
  it('session keys from K.IFD xor K.IC (D.3)', () => {
    const seed = fromHex('0036D272F5C350ACAC50C3F572D23600');
    assert.equal(toHex(deriveKey(seed, KDF_ENC, '3DES')), '979EC13B1CBFE9DCD01AB0FED307EAE5');
    assert.equal(toHex(deriveKey(seed, KDF_MAC, '3DES')), 'F1CB1F1FB5ADF208806B89DC579DC1F8');
  });
  it('E_IFD and M_IFD (D.3)', () => {
    const kenc = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
    const kmac = fromHex('7962D9ECE03D1ACD4C76089DCE131543');
    const s = fromHex('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    const e = tdesCbcEncrypt(kenc, s);
    assert.equal(toHex(e), '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    assert.equal(toHex(retailMac(kmac, e)), '5F1448EEA8AD90A7');
    assert.equal(toHex(tdesCbcDecrypt(kenc, e)), toHex(s));
  });
  it('retail MAC of the D.4 SELECT (N → CC)', () => {
    const ksmac = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');
    const n = fromHex('887022120C06C2270CA4020C800000008709016375432908C044F68000000000');
    assert.equal(toHex(retailMac(ksmac, n, true)), 'BF8B92D635FF24F8');
  });
});

describe('9303-11 Appendix G.1 PACE password and K_pi', () => {
  it('derives K_pi from the MRZ', () => {
    const k = pacePassword({ mrz: { documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' } });
    assert.equal(toHex(k), '7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD');
    assert.equal(toHex(deriveKey(k, KDF_PI, 'AES-128')), '89DED1B26624EC1E634C1989302849DD');
    assert.equal(toHex(aesCbcDecrypt(fromHex('89DED1B26624EC1E634C1989302849DD'), fromHex('95A3A016522EE98D01E76CB6B98B42C3'))), '3F00C4D39D153F2B2A214A078D899B22');
    assert.equal(toHex(aesCbcEncrypt(fromHex('89DED1B26624EC1E634C1989302849DD'), fromHex('3F00C4D39D153F2B2A214A078D899B22'))), '95A3A016522EE98D01E76CB6B98B42C3');
  });
  it('AES-256 uses SHA-256', () => {
    const k = fromHex('00');
    assert.equal(toHex(deriveKey(k, KDF_ENC, 'AES-256')), toHex(createHash('sha256').update(concat(k, fromHex('00000001'))).digest()));
    assert.equal(deriveKey(k, KDF_ENC, 'AES-192').length, 24);
  });
});

describe('curves of 9303-11 §9.5.1', () => {
  it('every standardized EC curve agrees with OpenSSL on k·G', () => {
    for (const id of EC_STANDARD_PARAMETER_IDS) {
      const curve = curveByParameterId(id);
      const k = 0x1234567890abcdefn + BigInt(id);
      const ecdh = createECDH(curve.name);
      ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(curve.size * 2, '0'), 'hex'));
      assert.equal(toHex(encodePoint(curve.Point.BASE.multiply(k))), toHex(ecdh.getPublicKey()), curve.name);
    }
  });
  it('G.1: H = SK_map,IFD · PK_map,IC and Ĝ = s·G + H on brainpoolP256r1', () => {
    const c = curveByName('brainpoolP256r1');
    const pkIc = decodePoint(c, fromHex('04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54'));
    const h = pkIc.multiply(0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99n);
    assert.equal(toHex(encodePoint(h)), '0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181');
    const g = c.Point.BASE.multiply(0x3F00C4D39D153F2B2A214A078D899B22n).add(h);
    assert.equal(toHex(encodePoint(g)), '048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522');
  });
  it('rejects points off the curve', () => {
    const c = curveByName('prime256v1');
    assert.throws(() => decodePoint(c, fromHex('04' + '01'.repeat(64))), CurveError);
    assert.throws(() => curveByParameterId(2), CurveError);
  });
});

describe('EC keys with explicit domain parameters (as in many passports DG14/DG15)', () => {
  it('are matched to the named curve by value', async () => {
    const { execFileSync } = await import('node:child_process');
    const { generateKeyPairSync } = await import('node:crypto');
    const { curveFromSpki } = await import('./ec-keys.ts');
    for (const curve of ['brainpoolP256r1', 'prime256v1', 'brainpoolP512r1']) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
      // OpenSSL rewrites the key with explicit parameters (SEC 1 §C.2 SpecifiedECDomain).
      const explicit = execFileSync('openssl', ['ec', '-pubin', '-param_enc', 'explicit', '-outform', 'DER'], { input: pem, stdio: ['pipe', 'pipe', 'ignore'] });
      const named = curveFromSpki(new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })));
      const parsed = curveFromSpki(new Uint8Array(explicit));
      assert.equal(parsed.curve.name, curve);
      assert.ok(parsed.point.equals(named.point));
    }
  });
});
