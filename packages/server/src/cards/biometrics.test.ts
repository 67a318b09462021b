// Image headers as the capture devices send them: the formats detected from magic bytes and the
// sizes read from each format's own header (no database).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFingerImage, jpegDimensions } from './biometrics.ts';
import { fingerImage, portraitJpeg, wsqHeader } from './test-helpers.ts';

test('JPEG: the size comes from the frame header, after any segments and fill bytes', () => {
  assert.deepEqual(jpegDimensions(portraitJpeg({ width: 480, height: 640 })), { width: 480, height: 640 });
  // SOI, an APP0 of 4 bytes, fill bytes, a progressive SOF2 of 300 × 400.
  const sof2 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xff, 0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0x90, 0x01, 0x2c, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(jpegDimensions(sof2), { width: 300, height: 400 });
  // A DHT (C4) is not a frame; the scan starts before any frame: not a usable JPEG.
  assert.equal(jpegDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xc4, 0x00, 0x04, 0x00, 0x00, 0xff, 0xda, 0x00, 0x02])), null);
  // A length running past the end.
  assert.equal(jpegDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x00, 0x00])), null);
});

test('fingers: WSQ, PNG, JPEG, JPEG 2000 (JP2 file and bare codestream) by magic bytes, anything else refused', () => {
  assert.deepEqual(detectFingerImage(wsqHeader(500, 600)), { format: 'wsq', width: 500, height: 600 });
  assert.deepEqual(detectFingerImage(fingerImage('png', 200, 250)), { format: 'png', width: 200, height: 250 });
  assert.deepEqual(detectFingerImage(fingerImage('jpeg', 200, 250)), { format: 'jpeg', width: 200, height: 250 });
  // JP2: signature box, ftyp box, then jp2h containing ihdr (height, width).
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypjp2 '), Buffer.alloc(4), Buffer.from('jp2 ')]);
  const ihdr = Buffer.concat([Buffer.from([0, 0, 0, 22]), Buffer.from('ihdr'), Buffer.from([0, 0, 1, 244, 0, 0, 1, 160, 0, 1, 7, 7, 0, 0])]);
  const jp2h = Buffer.concat([Buffer.from([0, 0, 0, 30]), Buffer.from('jp2h'), ihdr]);
  const jp2 = Buffer.concat([Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]), ftyp, jp2h]);
  assert.deepEqual(detectFingerImage(jp2), { format: 'jpeg2000', width: 416, height: 500 });
  // Codestream: SOC, SIZ with Xsiz 420, Ysiz 520, offsets 4 and 20.
  const siz = Buffer.alloc(4 + 2 + 2 + 16);
  siz.writeUInt32BE(0xff4fff51, 0); siz.writeUInt16BE(41, 4); siz.writeUInt16BE(0, 6);
  siz.writeUInt32BE(420, 8); siz.writeUInt32BE(520, 12); siz.writeUInt32BE(4, 16); siz.writeUInt32BE(20, 20);
  assert.deepEqual(detectFingerImage(siz), { format: 'jpeg2000', width: 416, height: 500 });
  assert.match((detectFingerImage(Buffer.from('GIF89a....')) as { error: string }).error, /not WSQ, PNG, JPEG or JPEG 2000/);
  assert.match((detectFingerImage(Buffer.from([0xff, 0xa0, 0xff, 0xa8, 0x00, 0x02])) as { error: string }).error, /WSQ/);
});
