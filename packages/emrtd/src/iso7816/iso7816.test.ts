import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../crypto/bytes.ts';
import { decodeCommand, decodeResponse, encodeCommand } from './apdu.ts';
import { ApduFormatError, SecureMessagingError } from './errors.ts';
import { SecureMessaging } from './secure-messaging.ts';
import { describeStatusWord, SW } from './status.ts';

describe('ISO/IEC 7816-4 §5.1 command APDUs', () => {
  const cases: Array<[string, string, number, number]> = [
    ['case 1', '00A40000', 0, 0],
    ['case 2 short, Le=00 is 256', '00B0000000', 0, 256],
    ['case 3 short', '00A4020C02011E', 2, 0],
    ['case 4 short', '00A4020402011E00', 2, 256],
    ['case 2 extended, 0000 is 65536', '00B00000000000', 0, 65536],
    ['case 2 extended', '00B00000000200', 0, 512],
    ['case 3 extended', '00DA0000000003010203', 3, 0],
    ['case 4 extended', '00DA000000000301020301F4', 3, 500],
  ];
  for (const [name, hex, nc, ne] of cases) {
    it(name, () => {
      const c = decodeCommand(fromHex(hex));
      assert.equal(c.data.length, nc);
      assert.equal(c.ne, ne);
      assert.equal(toHex(encodeCommand(c)), hex);
    });
  }
  it('rejects inconsistent lengths', () => {
    for (const bad of ['00A4', '00A4020C0301', '00A4020C02011E0000', '00B000000000', '00DA000000000001']) {
      assert.throws(() => decodeCommand(fromHex(bad)), ApduFormatError, bad);
    }
  });
  it('chooses extended lengths by itself', () => {
    assert.equal(toHex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, data: new Uint8Array(), ne: 1000 })), '00B000000003E8');
  });
  it('responses and status words', () => {
    assert.deepEqual(decodeResponse(fromHex('01029000')), { data: fromHex('0102'), sw: 0x9000 });
    assert.throws(() => decodeResponse(fromHex('90')), ApduFormatError);
    assert.equal(describeStatusWord(SW.SECURITY_STATUS_NOT_SATISFIED), 'security status not satisfied');
    assert.equal(describeStatusWord(0x63c2), 'verification failed, 2 tries left');
  });
});

describe('9303-11 Appendix D.4 secure messaging (3DES), both sides', () => {
  const keys = { alg: '3DES' as const, ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'), ssc: fromHex('887022120C06C226') };
  it('reader: protects the three commands and unprotects the three responses', () => {
    const sm = new SecureMessaging(keys);
    assert.equal(toHex(sm.protectCommand(decodeCommand(fromHex('00A4020C02011E')))), '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    assert.deepEqual(sm.unprotectResponse(fromHex('990290008E08FA855A5D4C50A8ED9000')), { data: new Uint8Array(), sw: 0x9000 });
    assert.equal(toHex(sm.ssc), '887022120C06C228');
    assert.equal(toHex(sm.protectCommand(decodeCommand(fromHex('00B0000004')))), '0CB000000D9701048E08ED6705417E96BA5500');
    const r2 = sm.unprotectResponse(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    assert.equal(toHex(r2.data), '60145F01');
    assert.equal(toHex(sm.protectCommand(decodeCommand(fromHex('00B0000412')))), '0CB000040D9701128E082EA28A70F3C7B53500');
    const r3 = sm.unprotectResponse(fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'));
    assert.equal(toHex(r3.data), '04303130365F36063034303030305C026175');
    assert.equal(toHex(sm.ssc), '887022120C06C22C');
  });
  it('chip: unprotects the commands and produces the same responses', () => {
    const sm = new SecureMessaging(keys);
    const c1 = sm.unprotectCommand(decodeCommand(fromHex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800')));
    assert.equal(toHex(c1.data), '011E');
    assert.equal(c1.cla, 0);
    assert.equal(toHex(sm.protectResponse({ data: new Uint8Array(), sw: 0x9000 }, 0xa4)), '990290008E08FA855A5D4C50A8ED9000');
    const c2 = sm.unprotectCommand(decodeCommand(fromHex('0CB000000D9701048E08ED6705417E96BA5500')));
    assert.equal(c2.ne, 4);
    assert.equal(toHex(sm.protectResponse({ data: fromHex('60145F01'), sw: 0x9000 }, 0xb0)), '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
  });
  it('chip: a flipped MAC bit gives 6988', () => {
    const sm = new SecureMessaging(keys);
    const bad = fromHex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F900');
    assert.throws(() => sm.unprotectCommand(decodeCommand(bad)), (e: unknown) => e instanceof SecureMessagingError && e.sw === 0x6988);
  });
  it('reader: a bare status word is an SM error carrying it', () => {
    const sm = new SecureMessaging(keys);
    assert.throws(() => sm.unprotectResponse(fromHex('6988')), (e: unknown) => e instanceof SecureMessagingError && e.sw === 0x6988);
  });
});

describe('AES secure messaging round trip (IV = E(KSenc, SSC), 9303-11 §9.8.6.1)', () => {
  for (const alg of ['AES-128', 'AES-192', 'AES-256'] as const) {
    it(alg, () => {
      const len = { 'AES-128': 16, 'AES-192': 24, 'AES-256': 32 }[alg];
      const keys = { alg, ksEnc: new Uint8Array(len).fill(1), ksMac: new Uint8Array(len).fill(2), ssc: 0n };
      const reader = new SecureMessaging(keys);
      const chip = new SecureMessaging(keys);
      const data = new Uint8Array(300).map((_, i) => i & 0xff);
      const cmd = chip.unprotectCommand(decodeCommand(reader.protectCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data, ne: 0 })));
      assert.deepEqual(cmd.data, data);
      const odd = chip.unprotectCommand(decodeCommand(reader.protectCommand({ cla: 0, ins: 0xb1, p1: 0, p2: 0, data: fromHex('5402FFFF'), ne: 65536 })));
      assert.equal(odd.ne, 65536);
      assert.equal(toHex(odd.data), '5402FFFF');
      const resp = reader.unprotectResponse(chip.protectResponse({ data, sw: 0x6282 }, 0xb0));
      assert.deepEqual(resp, { data, sw: 0x6282 });
      assert.equal(reader.ssc.length, 16);
      assert.equal(toHex(reader.ssc), toHex(chip.ssc));
    });
  }
});
