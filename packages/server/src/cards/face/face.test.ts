// The card face as people and machines read it: the PDF's text extracted by poppler's pdftotext
// (Vietnamese with its diacritics), the PNG's size and ink, the QR code decoded from the PNG by
// jsQR and verified, the MRZ parsed back by @cancuoc/emrtd.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { parseMrz } from '@cancuoc/emrtd';
import { publicJwk } from '../../keys/jwk.ts';
import { KeyStore } from '../../keys/key-store.ts';
import { testHsmConfig } from '../../testing/hsm.ts';
import { signCardQr } from '../qr.ts';
import { verifyCardQr } from '../qr.ts';
import { CardFaceError, renderCardFace, type CardFaceData } from './index.ts';

// jsqr is a CommonJS bundle whose function is its `default`.
type Scan = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsqr = createRequire(import.meta.url)('jsqr') as { default?: Scan } & Scan;
const jsQR: Scan = jsqr.default ?? jsqr;
const photo = readFileSync(new URL('../../../../emrtd/src/personalize/fixtures/face.jpg', import.meta.url));
const store = KeyStore.open(testHsmConfig());
test.after(() => store.close());
const key = store.generateKey('face-qr', 'P-256');

const person = {
  idNumber: '001090001234',
  fullName: 'Nguyễn Thị Ánh Tuyết',
  birthDate: '1990-01-01',
  sex: 'female' as const,
  nationality: 'Việt Nam',
  nativePlace: 'Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội',
  residence: 'Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội',
  identifyingMarks: 'Nốt ruồi C:1cm dưới sau đuôi mắt trái',
  issueDate: '2026-06-01',
  expiryDate: '2030-01-01',
};

async function card(over: Partial<CardFaceData> = {}): Promise<CardFaceData> {
  const qr = await signCardQr({ ...person, nationality: 'VNM' }, { store, keyLabel: key.label, issuer: 'VN-C06' }, new Date('2026-06-01T03:00:00Z'));
  return { ...person, qr, can: '123456', signatory: 'Tô Văn Huệ', ...over };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-face-'));
function pdftotext(pdf: Uint8Array): string {
  const file = path.join(tmp, `card-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function pixels(png: Buffer) {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

test('the PDF holds the Vietnamese text with its diacritics, two pages of card size', async () => {
  const face = await renderCardFace(await card(), photo);
  const text = pdftotext(face.pdf);
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'CĂN CƯỚC CÔNG DÂN', 'NGUYỄN THỊ ÁNH TUYẾT', '001090001234', '01/01/1990', 'Nữ', 'Việt Nam',
    'Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội', 'Nơi thường trú', '01/01/2030', 'Nốt ruồi C:1cm dưới sau đuôi mắt trái', '01/06/2026', 'QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI', 'Tô Văn Huệ', 'CAN 123456']) {
    assert.ok(text.normalize('NFC').includes(s), `pdftotext finds ${JSON.stringify(s)}`);
  }
  const file = path.join(tmp, 'info.pdf');
  writeFileSync(file, face.pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.match(info, /Pages:\s+2/);
  assert.match(info, /Page size:\s+242\.6\d* x 153\.0\d* pts/, 'ID-1, 85.60 × 53.98 mm');
});

test('the MRZ printed on the back parses and checks as the holder\'s TD1', async () => {
  const face = await renderCardFace(await card(), photo);
  const lines = pdftotext(face.pdf).split('\n').filter((l) => /^[A-Z0-9<]{30}$/.test(l.trim())).map((l) => l.trim());
  assert.equal(lines.length, 3);
  const mrz = parseMrz(lines.join('\n'));
  assert.equal(mrz.documentNumber, '090001234');
  assert.equal(mrz.expiryDate, '300101');
  assert.match(lines[2]!, /^NGUYEN<<THI<ANH<TUYET</);
});

test('a card that never expires says so', async () => {
  const face = await renderCardFace(await card({ birthDate: '1950-03-03', expiryDate: null }), photo);
  assert.ok(pdftotext(face.pdf).includes('Không thời hạn'));
});

test('the PNGs are 300 dpi ID-1 images with ink on them, and the QR on the front scans and verifies', async () => {
  const data = await card();
  const face = await renderCardFace(data, photo);
  for (const side of [face.png.front, face.png.back]) {
    const p = await pixels(side);
    assert.deepEqual([p.width, p.height], [1011, 638]);
    let dark = 0;
    for (let i = 0; i < p.data.length; i += 4) if (p.data[i]! + p.data[i + 1]! + p.data[i + 2]! < 200) dark++;
    const share = dark / (p.width * p.height);
    assert.ok(share > 0.02 && share < 0.5, `dark share ${share}: text drawn, not blank, not black`);
  }
  const front = await pixels(face.png.front);
  const scanned = jsQR(new Uint8ClampedArray(front.data), front.width, front.height);
  assert.ok(scanned, 'jsQR finds the QR code');
  assert.equal(scanned.data, data.qr);
  const verdict = await verifyCardQr(scanned.data, { keys: [await publicJwk(key)] }, new Date('2026-07-01T00:00:00Z'));
  assert.equal(verdict.valid, true, verdict.failure?.reason);
  assert.equal(verdict.claims?.fullName, 'Nguyễn Thị Ánh Tuyết');
});

test('the photo must be a JPEG', async () => {
  const png = (await renderCardFace(await card(), photo)).png.front;
  await assert.rejects(renderCardFace(await card(), png), CardFaceError);
  await assert.rejects(renderCardFace(await card(), Buffer.from('not an image')), { code: 'ERR_CARD_FACE_PHOTO' });
});
