// Our chip's PACE against an inspection system we did not write: OpenPACE (Debian's libeac, an
// implementation of BSI TR-03110 / 9303-11), built here from fixtures/openpace-terminal.c. The test
// carries the APDUs between the two; OpenPACE decrypts the nonce, maps, agrees keys and verifies
// the chip's token. With the CAN and with the MRZ, on several curves and ciphers, P-521 included.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it, before } from 'node:test';
import { createVirtualChip } from '../chip/from-card.ts';
import { fromHex, toHex } from '../crypto/bytes.ts';
import { command } from '../iso7816/apdu.ts';
import { CardChannel } from '../iso7816/channel.ts';
import { SW } from '../iso7816/status.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { decodeTlv, decodeTlvs, encodeTlv } from '../tlv/index.ts';

let terminal = '';
before(() => {
  terminal = join(mkdtempSync(join(tmpdir(), 'openpace-')), 'openpace-terminal');
  execFileSync('cc', ['-o', terminal, join(import.meta.dirname, 'fixtures', 'openpace-terminal.c'), '-leac', '-lcrypto']);
});

const PKI = samplePki();

async function paceWithOpenPace(curve: string, cipher: 'AES-128' | 'AES-192' | 'AES-256' | '3DES', password: 'can' | 'mrz'): Promise<string> {
  const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: PKI.dsCert, dsKey: PKI.dsKey }, options: { curve, cipher, can: '482016' } });
  const channel = new CardChannel(createVirtualChip(card));
  const secret = password === 'can' ? '482016' : card.mrz.join('');
  const child = spawn(terminal, [toHex(card.files['EF.CardAccess']), password, secret]);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (line: string): Promise<string> => {
    child.stdin.write(line + '\n');
    const r = await lines.next();
    assert.ok(!r.done, 'OpenPACE answered');
    assert.doesNotMatch(r.value, /^error/, `OpenPACE: ${r.value}`);
    return r.value;
  };
  const info = decodeTlvs(decodeTlv(card.files['EF.CardAccess']).value)[0]!;
  const oid = decodeTlvs(info.value)[0]!.value;
  const set = await channel.send(command(0x00, 0x22, 0xc1, 0xa4, Uint8Array.from([...encodeTlv(0x80, oid), ...encodeTlv(0x83, Uint8Array.of(password === 'can' ? 2 : 1))])));
  assert.equal(set.sw, SW.SUCCESS);
  const ga = async (tag: number, value: Uint8Array, last = false) => {
    const r = await channel.send(command(last ? 0x00 : 0x10, 0x86, 0, 0, encodeTlv(0x7c, tag ? encodeTlv(tag, value) : new Uint8Array()), 256));
    assert.equal(r.sw, SW.SUCCESS, `GENERAL AUTHENTICATE ${tag.toString(16)}`);
    return decodeTlvs(decodeTlv(r.data, 0x7c).value)[0]!.value;
  };
  const z = await ga(0, new Uint8Array());
  const mapPcd = (await ask(`nonce ${toHex(z)}`)).split(' ')[1]!;
  const mapIc = await ga(0x81, fromHex(mapPcd));
  const ephPcd = (await ask(`map ${toHex(mapIc)}`)).split(' ')[1]!;
  const ephIc = await ga(0x83, fromHex(ephPcd));
  const token = (await ask(`eph ${toHex(ephIc)}`)).split(' ')[1]!;
  const tIc = await ga(0x85, fromHex(token), true);
  const verdict = await ask(`token ${toHex(tIc)}`);
  child.kill();
  return verdict;
}

describe('PACE: our chip with OpenPACE as the inspection system', () => {
  for (const [curve, cipher, password] of [
    ['brainpoolP256r1', 'AES-128', 'can'],
    ['brainpoolP256r1', 'AES-128', 'mrz'],
    ['prime256v1', 'AES-192', 'can'],
    ['brainpoolP384r1', 'AES-256', 'can'],
    ['brainpoolP512r1', '3DES', 'mrz'],
    ['secp521r1', 'AES-256', 'can'],
    ['secp521r1', 'AES-128', 'mrz'],
  ] as const) {
    it(`${curve} ${cipher} with the ${password.toUpperCase()}: OpenPACE verifies the chip's token`, async () => {
      assert.equal(await paceWithOpenPace(curve, cipher, password), 'ok');
    });
  }
});
