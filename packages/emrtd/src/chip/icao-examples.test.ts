// The ICAO 9303-11 worked examples replayed as APDU exchanges between our reader and our virtual
// chip, both seeded with the example's random values (ICAO-VECTORS.md §2–§4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../crypto/bytes.ts';
import { command } from '../iso7816/apdu.ts';
import { CardChannel } from '../iso7816/channel.ts';
import { performBac } from '../bac/reader.ts';
import { BacError } from '../bac/errors.ts';
import { performPace } from '../pace/reader.ts';
import { VirtualChip } from './virtual-chip.ts';
import { PACE_PROFILE } from './profile.ts';
import { RecordingTransceiver, scriptedRandom } from './testing.ts';

const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');

describe('9303-11 Appendix D.3–D.4: BAC and 3DES secure messaging', () => {
  it('replays the exchange byte for byte', async () => {
    const chip = new VirtualChip({
      files: { 'EF.COM': EF_COM },
      mrz: { documentNumber: 'L898902C<', birthDate: '690806', expiryDate: '940623' },
      random: scriptedRandom(['4608F91988702212', '0B4F80323EB3191CB04970CB4052790B']),
    });
    const rec = new RecordingTransceiver(chip);
    const channel = new CardChannel(rec);
    await channel.expectOk(command(0x00, 0xa4, 0x04, 0x0c, fromHex('A0000002471001')), 'select');
    const { sm } = await performBac(channel, { documentNumber: 'L898902C<', birthDate: '690806', expiryDate: '940623' },
      scriptedRandom(['781723860C06C226', '0B795240CB7049B01C19B33E32804F0B']));
    assert.deepEqual(rec.log.slice(1), [
      { command: '0084000008', response: '4608F919887022129000' },
      { command: '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728', response: '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000' },
    ]);
    assert.equal(toHex(sm.ssc), '887022120C06C226');
    await channel.expectOk(command(0x00, 0xa4, 0x02, 0x0c, fromHex('011E')), 'select EF.COM');
    const head = await channel.expectOk(command(0x00, 0xb0, 0x00, 0x00, undefined, 4), 'read');
    const rest = await channel.expectOk(command(0x00, 0xb0, 0x00, 0x04, undefined, 0x12), 'read');
    assert.deepEqual(rec.log.slice(3), [
      { command: '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', response: '990290008E08FA855A5D4C50A8ED9000' },
      { command: '0CB000000D9701048E08ED6705417E96BA5500', response: '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000' },
      { command: '0CB000040D9701128E082EA28A70F3C7B53500', response: '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000' },
    ]);
    assert.equal(toHex(head) + toHex(rest), toHex(EF_COM));
    assert.equal(toHex(sm.ssc), '887022120C06C22C');
  });

  it('a wrong MRZ makes EXTERNAL AUTHENTICATE answer 6300, surfaced as BacError', async () => {
    const chip = new VirtualChip({ files: { 'EF.COM': EF_COM }, mrz: { documentNumber: 'L898902C<', birthDate: '690806', expiryDate: '940623' } });
    const channel = new CardChannel(chip);
    await channel.expectOk(command(0x00, 0xa4, 0x04, 0x0c, fromHex('A0000002471001')), 'select');
    await assert.rejects(performBac(channel, { documentNumber: 'L898902C<', birthDate: '690807', expiryDate: '940623' }),
      (e: unknown) => e instanceof BacError && e.sw === 0x6300 && e.code === 'ERR_BAC_FAILED');
  });
});

describe('9303-11 Appendix G.1: PACE ECDH generic mapping, brainpoolP256r1, AES-128', () => {
  const expected = (mse: string) => [
    { command: mse, response: '9000' },
    { command: '10860000027C0000', response: '7C12801095A3A016522EE98D01E76CB6B98B42C39000' },
    { command: '10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00', response: '7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000' },
    { command: '10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200', response: '7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000' },
    { command: '008600000C7C0A8508C2B0BD78D94BA86600', response: '7C0A86083ABB9674BCE93C089000' },
  ];
  for (const withParameterId of [true, false]) {
    it(`replays the exchange byte for byte (${withParameterId ? 'with' : 'without'} 84010D)`, async () => {
      const mrz = { documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' };
      const offer = { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 };
      const chip = new VirtualChip({
        files: { 'EF.CardAccess': fromHex('31143012060A04007F0007020204020202010202010D') },
        mrz,
        paceOffers: [offer],
        profile: PACE_PROFILE,
        random: scriptedRandom(['3F00C4D39D153F2B2A214A078D899B22', '498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560', '107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A']),
      });
      const rec = new RecordingTransceiver(chip);
      const channel = new CardChannel(rec);
      const { sm } = await performPace(channel, { mrz }, offer, {
        sendParameterId: withParameterId,
        random: scriptedRandom(['7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99', 'A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595']),
      });
      assert.deepEqual(rec.log, expected(withParameterId ? '0022C1A412800A04007F0007020204020283010184010D' : '0022C1A40F800A04007F00070202040202830101'));
      assert.equal(toHex(sm.ssc), '00'.repeat(16));
      assert.equal(sm.alg, 'AES-128');
      // The session works: EF.CardAccess read over AES secure messaging.
      // (short EF 1C; asking 256 bytes of a 22-byte file answers the rest with 6282).
      const r = await channel.send(command(0x00, 0xb0, 0x9c, 0x00, undefined, 256));
      assert.equal(r.sw, 0x6282);
      assert.equal(toHex(r.data), '31143012060A04007F0007020204020202010202010D');
    });
  }
});
