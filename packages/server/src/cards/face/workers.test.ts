// Faces rendered on worker threads are the faces rendered in the calling thread, byte for byte;
// a bad photo is refused with the same error; jobs beyond the workers queue and all complete.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CardFaceError, renderCardFace } from './index.ts';
import { FaceWorkers, faceWorkerCount } from './workers.ts';

const photo = readFileSync(new URL('../../../../emrtd/src/personalize/fixtures/face.jpg', import.meta.url));
const face = (i: number) => ({
  idNumber: `00109000${String(1000 + i)}`, fullName: `Nguyễn Thị Ánh Tuyết ${i}`, birthDate: '1990-01-01', sex: 'female' as const, nationality: 'Việt Nam',
  nativePlace: 'Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội', residence: 'Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội', identifyingMarks: 'Không',
  issueDate: '2026-06-01', expiryDate: '2030-01-01', qr: `NCF${'A1B2C3D4E5'.repeat(30)}${i}`, can: '123456',
});
const workers = new FaceWorkers(2);
test.after(() => workers.close());

test('five faces on two workers are the faces rendered here, byte for byte', async () => {
  const faces = await Promise.all([0, 1, 2, 3, 4].map((i) => workers.render(face(i), photo)));
  for (const [i, f] of faces.entries()) {
    const here = await renderCardFace(face(i), photo);
    assert.ok(f.png.front.equals(here.png.front), `front ${i}`);
    assert.ok(f.png.back.equals(here.png.back), `back ${i}`);
    assert.ok(Buffer.from(f.pdf).equals(Buffer.from(here.pdf)), `pdf ${i}`);
  }
  assert.ok(photo.length > 0, 'the caller\'s photo is not taken from it (the worker gets a copy)');
});

test('a photo that is not a JPEG is refused as in the calling thread', async () => {
  await assert.rejects(workers.render(face(0), Buffer.from('not an image')), (e: unknown) => e instanceof CardFaceError && e.code === 'ERR_CARD_FACE_PHOTO');
});

test('CANCUOC_FACE_WORKERS: a whole number, 0 for none; the default follows the cores', () => {
  assert.equal(faceWorkerCount({ CANCUOC_FACE_WORKERS: '0' }), 0);
  assert.equal(faceWorkerCount({ CANCUOC_FACE_WORKERS: '3' }), 3);
  assert.ok(faceWorkerCount({}) >= 1 && faceWorkerCount({}) <= 4);
  assert.throws(() => faceWorkerCount({ CANCUOC_FACE_WORKERS: 'many' }), /whole number/);
});
