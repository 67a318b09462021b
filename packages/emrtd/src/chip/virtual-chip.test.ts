// The virtual chip's answers to individual APDUs: file system, access conditions, status words,
// extended and odd-INS reads, secure messaging errors, and random input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fromHex, toHex } from '../crypto/bytes.ts';
import { command, decodeResponse, encodeCommand } from '../iso7816/apdu.ts';
import { CardChannel } from '../iso7816/channel.ts';
import { SecureMessagingError } from '../iso7816/errors.ts';
import { performBac } from '../bac/reader.ts';
import { encodeTlv } from '../tlv/index.ts';
import { VirtualChip } from './virtual-chip.ts';
import { PACE_PROFILE } from './profile.ts';

const MRZ = { documentNumber: 'L898902C<', birthDate: '690806', expiryDate: '940623' };
const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');
const big = (n: number) => {
  // A DG2-like file of n bytes: 75 83 LL LL LL + content.
  const content = new Uint8Array(n - 5).map((_, i) => (i * 7) & 0xff);
  return encodeTlv(0x75, content);
};
const DG2 = big(40000);
const CARD_ACCESS = fromHex('31143012060A04007F0007020204020202010202010D');

function chip(profile = {}) {
  return new VirtualChip({ files: { 'EF.COM': EF_COM, DG2, DG3: fromHex('630100'), 'EF.CardAccess': CARD_ACCESS }, mrz: MRZ, profile });
}
const sw = (r: Uint8Array) => decodeResponse(r).sw;
const send = (c: VirtualChip, hex: string) => c.process(fromHex(hex));

async function opened() {
  const c = chip();
  const ch = new CardChannel(c);
  await ch.expectOk(command(0, 0xa4, 0x04, 0x0c, fromHex('A0000002471001')), 'select');
  await performBac(ch, MRZ);
  return { c, ch };
}

describe('virtual chip: before authentication', () => {
  it('EF.CardAccess is readable in the MF, by file id and by short EF', () => {
    const c = chip();
    assert.equal(sw(send(c, '00A4020C02011C')), 0x9000);
    assert.equal(toHex(send(c, '00B0000000')), toHex(CARD_ACCESS) + '6282');
    assert.equal(toHex(send(c, '00B09C0004')), '311430129000');
  });
  it('application files need access control: 6982', () => {
    const c = chip();
    assert.equal(sw(send(c, '00A4040C07A0000002471001')), 0x9000);
    assert.equal(sw(send(c, '00A4020C02011E')), 0x6982);
    assert.equal(sw(send(c, '00B09E0004')), 0x6982);
  });
  it('status words of a real card', () => {
    const c = chip();
    assert.equal(sw(send(c, '00A4000C023F00')), 0x6d00, 'Vietnamese profile: SELECT MF');
    assert.equal(sw(chip(PACE_PROFILE).process(fromHex('00A4000C023F00'))), 0x9000);
    assert.equal(sw(send(c, '00CA000000')), 0x6d00, 'unknown INS');
    assert.equal(sw(send(c, '80A4040C07A0000002471001')), 0x6e00, 'proprietary CLA');
    assert.equal(sw(send(c, '00A4040C07A00000024710')), 0x6700, 'Lc mismatch');
    assert.equal(sw(send(c, '00A4040C07A0000002471002')), 0x6a82, 'unknown AID');
    assert.equal(sw(send(c, '00A4020C020101')), 0x6a82, 'DG1 does not exist');
    assert.equal(sw(send(c, '00A40C0C02011E')), 0x6a86, 'bad P1');
    assert.equal(sw(send(c, '0084000004')), 0x6700, 'GET CHALLENGE needs 8');
    assert.equal(sw(send(c, '0084010008')), 0x6a86);
    assert.equal(sw(send(c, '00B0000004')), 0x6986, 'READ BINARY without a current EF');
    assert.equal(sw(send(c, '0C B0 00 00 0D 97 01 04 8E 08 00 00 00 00 00 00 00 00 00'.replace(/ /g, ''))), 0x6987, 'SM without a session');
  });
  it('EXTERNAL AUTHENTICATE with a wrong MAC answers 6300', () => {
    const c = chip();
    send(c, '00A4040C07A0000002471001');
    send(c, '0084000008');
    assert.equal(sw(send(c, '0082000028' + '00'.repeat(40) + '28')), 0x6300);
    assert.equal(sw(send(c, '0082000028' + '00'.repeat(40) + '28')), 0x6985, 'a challenge is good once');
  });
  it('PACE on a BAC-only chip: MSE:Set AT refused', () => {
    assert.equal(sw(send(chip(), '0022C1A40F800A04007F00070202040202830101')), 0x6985);
  });
});

describe('virtual chip: after BAC', () => {
  it('reads past the end: 6282 with the rest, 6B00 beyond', async () => {
    const { ch } = await opened();
    await ch.expectOk(command(0, 0xa4, 0x02, 0x0c, fromHex('011E')), 'select');
    let r = await ch.send(command(0, 0xb0, 0x00, 0x10, undefined, 0x20));
    assert.equal(r.sw, 0x6282);
    assert.equal(toHex(r.data), toHex(EF_COM.subarray(0x10)));
    r = await ch.send(command(0, 0xb0, 0x00, 0x30, undefined, 1));
    assert.equal(r.sw, 0x6b00);
  });
  it('short EF, Le 00 = 256, extended Le, odd INS B1 beyond 32 kB', async () => {
    const { ch } = await opened();
    let r = await ch.send(command(0, 0xb0, 0x82, 0x00, undefined, 256)); // SFI 2 = DG2
    assert.equal(r.sw, 0x9000);
    assert.deepEqual(r.data, DG2.subarray(0, 256));
    r = await ch.send(command(0, 0xb0, 0x01, 0x00, undefined, 5000));
    assert.deepEqual(r.data, DG2.subarray(0x100, 0x100 + 5000));
    r = await ch.send(command(0, 0xb1, 0x00, 0x00, encodeTlv(0x54, fromHex('9000')), 300));
    assert.equal(r.sw, 0x9000);
    assert.equal(toHex(r.data.subarray(0, 4)), '53820128'); // DO'53' of 296 bytes: Ne covers the header
    assert.deepEqual(r.data.subarray(4), DG2.subarray(0x9000, 0x9000 + 296));
    r = await ch.send(command(0, 0xb1, 0x00, 0x00, encodeTlv(0x54, fromHex('01FFFF')), 16));
    assert.equal(r.sw, 0x6b00);
  });
  it('DG3 (terminal authentication) stays 6982', async () => {
    const { ch } = await opened();
    assert.equal((await ch.send(command(0, 0xa4, 0x02, 0x0c, fromHex('0103')))).sw, 0x9000);
    assert.equal((await ch.send(command(0, 0xb0, 0, 0, undefined, 4))).sw, 0x6982);
    assert.equal((await ch.send(command(0, 0xb0, 0x83, 0, undefined, 4))).sw, 0x6982);
  });
  it('a tampered MAC answers 6988 in plain and ends the session', async () => {
    const { c, ch } = await opened();
    const sm = ch.sm!;
    const wrapped = sm.protectCommand(command(0, 0xa4, 0x02, 0x0c, fromHex('011E')));
    wrapped[wrapped.length - 2]! ^= 0x01;
    const answer = c.process(wrapped);
    assert.equal(toHex(answer), '6988');
    // The session is gone: even a correctly protected command is now refused.
    const next = c.process(sm.protectCommand(command(0, 0xb0, 0, 0, undefined, 4)));
    assert.equal(sw(next), 0x6987);
    assert.throws(() => sm.unprotectResponse(next), SecureMessagingError);
  });
  it('a plain command aborts secure messaging', async () => {
    const { c, ch } = await opened();
    assert.equal(sw(c.process(fromHex('00B09E0004'))), 0x6982);
    await assert.rejects(ch.send(command(0, 0xb0, 0x9e, 0, undefined, 4)), SecureMessagingError);
  });
  it('reset forgets the session', async () => {
    const { c, ch } = await opened();
    c.reset();
    await assert.rejects(ch.send(command(0, 0xa4, 0x02, 0x0c, fromHex('011E'))), SecureMessagingError);
  });
});

describe('virtual chip: random and truncated APDUs always get a status word', () => {
  it('survives 3000 random APDUs and truncations of valid ones, before and after BAC', async () => {
    const valid = ['00A4040C07A0000002471001', '00A4020C02011E', '00B0000004', '0084000008', '0022C1A40F800A04007F00070202040202830101', '10860000027C0000', '0088000008' + '11'.repeat(8) + '00', '00B10000045402900000'];
    const { c, ch } = await opened();
    const fresh = chip(PACE_PROFILE);
    for (let i = 0; i < 3000; i++) {
      const target = i % 2 ? c : fresh;
      let apdu: Uint8Array;
      if (i % 3 === 0) apdu = new Uint8Array(randomBytes(i % 300));
      else {
        const v = fromHex(valid[i % valid.length]!);
        apdu = i % 3 === 1 ? v.subarray(0, i % (v.length + 1)) : (() => { const x = v.slice(); x[i % x.length] = (i * 31) & 0xff; return x; })();
      }
      if (i % 50 === 0 && ch.sm) apdu = ch.sm.protectCommand(command(0x00, (i * 13) & 0xff, i & 0xff, 0, new Uint8Array(i % 20), i % 300));
      const r = target.process(apdu);
      assert.ok(r instanceof Uint8Array && r.length >= 2, `answer to ${toHex(apdu)}`);
    }
    assert.ok(encodeCommand(command(0, 0xa4, 4, 12, fromHex('A0000002471001'))).length > 0);
  });
});
