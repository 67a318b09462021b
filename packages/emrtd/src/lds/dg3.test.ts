// DG3 read from bytes written by hand from the layouts of 9303-10 §4.7.3 (CBEFF template) and
// ISO/IEC 19794-4:2005 (32-byte general header, 14-byte finger header), not by our encoder: a WSQ
// image of a left thumb (position 6), 500 ppi, 3 × 2 pixels, quality 80.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LdsDecodeError } from './errors.ts';
import { decodeDg3, encodeDg3 } from './dg3.ts';

const image = 'FFA0FFA8000548656C6C6FFFA1'; // a WSQ SOI, a comment segment and EOI: 13 bytes
const record =
  '46495200' + '30313000' + '00000000003B' + // 'FIR\0', '010\0', record length 32 + 14 + 13 = 59
  '0000' + '001F' + '01' + '01' + '01F4' + '01F4' + '01F4' + '01F4' + '08' + '02' + '0000' + // device, level 31, 1 finger, ppi, 500 ×4, depth 8, WSQ, reserved
  '0000001B' + '06' + '01' + '01' + '50' + '00' + '0003' + '0002' + '00' + // block 14 + 13, left thumb, 1 view, view 1, quality 80, live plain, 3 × 2
  image;
const bht = 'A1' + '12' + '80020101' + '810108' + '820106' + '87020101' + '88020007'; // header: fingerprint, subtype left (02) thumb (04)
const bit = `7F60${(bht.length / 2 + 3 + record.length / 2).toString(16).padStart(2, '0')}${bht}5F2E${(record.length / 2).toString(16).padStart(2, '0')}${record}`;
const group = `7F61${(3 + bit.length / 2).toString(16).padStart(2, '0')}020101${bit}`;
const dg3 = Buffer.from(`63${(group.length / 2).toString(16).padStart(2, '0')}${group}`, 'hex');

test('a hand-written DG3 reads: position, compression, size, resolution, quality, the image bytes', () => {
  const d = decodeDg3(dg3);
  assert.equal(d.fingers.length, 1);
  const f = d.fingers[0]!;
  assert.deepEqual([f.position, f.compression, f.width, f.height, f.ppi, f.quality], [6, 'wsq', 3, 2, 500, 80]);
  assert.equal(Buffer.from(f.image).toString('hex').toUpperCase(), image);
  assert.deepEqual([...f.header.get(0x82)!], [0x06]);
  // Our encoder writes the same bytes for the same finger.
  assert.equal(Buffer.from(encodeDg3([{ position: 'left-thumb', image: Buffer.from(image, 'hex'), width: 3, height: 2, quality: 80 }])).toString('hex'), dg3.toString('hex'));
});

test('a record whose lengths lie is refused with a typed error', () => {
  const bad = Buffer.from(dg3);
  bad[dg3.indexOf(Buffer.from('0000001B06', 'hex')) + 3] = 0x7f; // finger block longer than the record
  assert.throws(() => decodeDg3(bad), LdsDecodeError);
});
