// The primitives card production is built of, per second on this machine, each beside the raw
// primitive it cannot beat, measured interleaved in the same run (bench/lib/rates.ts):
//   - ECDSA signatures in the PKCS#11 token (SoftHSM2: hash in Node, CKM_ECDSA in the token),
//     synchronous (the default), and on the thread pool one and four at a time —
//     beside node:crypto signing with a key in memory (what an HSM call adds is the price of
//     keeping the key out of the process);
//   - the signed card QR (CWT → COSE_Sign1 in the token → zlib → Base45) beside its one token
//     signature;
//   - the card face as PNG (both sides, 300 dpi) beside encoding two blank canvases of that size
//     with the same settings, and as PDF beside the same writer's PDF with the three font subsets
//     and nothing drawn.
// Run: flock /tmp/cancuoc-heavy.lock npm run bench:card-primitives   (BENCH_ROUNDS=5: quicker, noisier)
import 'reflect-metadata';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas, PngFilter } from '@napi-rs/canvas';
import { CARD_HEIGHT, CARD_WIDTH, layoutBack, layoutFront, type CardFaceData } from '../packages/server/src/cards/face/layout.ts';
import { renderPdf } from '../packages/server/src/cards/face/pdf.ts';
import { renderSidePng } from '../packages/server/src/cards/face/png.ts';
import { signCardQr } from '../packages/server/src/cards/qr.ts';
import { hsmConfig } from '../packages/server/src/keys/hsm-config.ts';
import { KeyStore } from '../packages/server/src/keys/key-store.ts';
import { imageSize } from '../packages/emrtd/src/index.ts';
import { interleavedRatesAsync } from './lib/rates.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-bench-hsm-'));
const config = hsmConfig(dir, { CANCUOC_PKCS11_SESSIONS: '4' });
const store = KeyStore.open(config);
// The same token signing on libuv's thread pool (CANCUOC_PKCS11_ASYNC=1).
const pooled = KeyStore.open({ ...config, async: true });
const cleanup = () => {
  pooled.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
};
try {
  const p256 = store.generateKey('bench-p256', 'P-256');
  const bp256 = store.generateKey('bench-bp256', 'brainpoolP256r1');
  const nodeP256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const nodeBp256 = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' }).privateKey;
  const digest = createHash('sha256').update('card').digest();
  const syncP256 = store.signer(p256.label, 'bench');
  const syncBp256 = store.signer(bp256.label, 'bench');
  const data = Buffer.from('an EF.SOD signedAttrs of about a hundred bytes '.repeat(2));

  const person = {
    idNumber: '001090001234', fullName: 'Nguyễn Thị Ánh Tuyết', birthDate: '1990-01-01', sex: 'female' as const,
    address: 'Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội', nativePlace: 'Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội',
    issueDate: '2026-06-01', expiryDate: '2030-01-01',
  };
  const qrSigner = { store, keyLabel: p256.label, issuer: 'VN-C06' };
  const qr = await signCardQr(person, qrSigner);
  const photo = Uint8Array.from(readFileSync(new URL('../packages/emrtd/src/personalize/fixtures/face.jpg', import.meta.url)));
  const face: CardFaceData = { ...person, nationality: 'Việt Nam', residence: person.address, identifyingMarks: 'Nốt ruồi C:1cm dưới sau đuôi mắt trái', qr, can: '123456' };
  const photoInfo = { jpeg: photo, ...imageSize(photo)! };
  const k = 300 / 25.4;
  // The writer's own document with its three font subsets and nothing drawn on the two pages.
  const blankPdf = () => renderPdf([{ ops: [] }, { ops: [] }], { title: 'bench' });
  // As png.ts encodes a side.
  const pngOptions = { compressionLevel: 3, filters: PngFilter.None };

  const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
  console.log(`card primitives on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), interleaved 200 ms slices, median of ${rounds} rounds`);
  const r = Object.fromEntries((await interleavedRatesAsync({
    hsmSync: async () => { for (let i = 0; i < 20; i++) await syncP256.sign(data); return 20; },
    hsmAsync1: async () => { await pooled.signDigest(p256.label, digest, { purpose: 'bench' }); return 1; },
    hsmAsync4: async () => { await Promise.all([0, 1, 2, 3].map(() => pooled.signDigest(p256.label, digest, { purpose: 'bench' }))); return 4; },
    hsmSign1: async () => { await store.signDigest(p256.label, digest, { purpose: 'bench' }); return 1; },
    nodeP256: async () => { for (let i = 0; i < 20; i++) sign('sha256', data, { key: nodeP256, dsaEncoding: 'ieee-p1363' }); return 20; },
    hsmBpSync: async () => { for (let i = 0; i < 20; i++) await syncBp256.sign(data); return 20; },
    nodeBp256: async () => { for (let i = 0; i < 20; i++) sign('sha256', data, { key: nodeBp256, dsaEncoding: 'ieee-p1363' }); return 20; },
    qr: async () => { await signCardQr(person, qrSigner); return 1; },
    png: async () => { await Promise.all([renderSidePng(layoutFront(face, photoInfo)), renderSidePng(layoutBack(face))]); return 1; },
    pngFloor: async () => {
      const w = Math.round(CARD_WIDTH * k);
      const h = Math.round(CARD_HEIGHT * k);
      await Promise.all([createCanvas(w, h).encode('png', pngOptions), createCanvas(w, h).encode('png', pngOptions)]);
      return 1;
    },
    pdf: async () => { await renderPdf([layoutFront(face, photoInfo), layoutBack(face)], { title: 'bench' }); return 1; },
    pdfFloor: async () => { await blankPdf(); return 1; },
  }, { warmup: 3 })).map((x) => [x.name, x.perSecond]));
  await syncP256.audited();
  await syncBp256.audited();

  const rate = (x: number) => `${x.toFixed(0).padStart(7)}/s`;
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;
  console.log(`HSM ECDSA P-256 (SoftHSM2 over PKCS#11)`);
  console.log(`  node:crypto sign, key in memory           ${rate(r.nodeP256!)}`);
  console.log(`  token, synchronous (Signer, certificates) ${rate(r.hsmSync!)}  (${pct(r.hsmSync!, r.nodeP256!)} of node:crypto)`);
  console.log(`  token, KeyStore.signDigest (default)      ${rate(r.hsmSign1!)}  (${pct(r.hsmSign1!, r.nodeP256!)})`);
  console.log(`  token, thread pool, 1 in flight           ${rate(r.hsmAsync1!)}  (${pct(r.hsmAsync1!, r.nodeP256!)})`);
  console.log(`  token, thread pool, 4 in flight           ${rate(r.hsmAsync4!)}  (${pct(r.hsmAsync4!, r.nodeP256!)})`);
  console.log(`HSM ECDSA brainpoolP256r1 (the Document Signer's curve)`);
  console.log(`  node:crypto sign, key in memory           ${rate(r.nodeBp256!)}`);
  console.log(`  token, synchronous                        ${rate(r.hsmBpSync!)}  (${pct(r.hsmBpSync!, r.nodeBp256!)} of node:crypto)`);
  console.log(`card QR: CWT → COSE_Sign1 in the token → zlib → Base45`);
  console.log(`  bound: its token signature (signDigest)   ${rate(r.hsmSign1!)}`);
  console.log(`  sign + encode                             ${rate(r.qr!)}  (${pct(r.qr!, r.hsmSign1!)} of the bound)`);
  console.log(`card face PNG, front + back at 300 dpi (1011 × 638)`);
  console.log(`  bound: encode two blank canvases          ${rate(r.pngFloor!)}`);
  console.log(`  layout + draw + encode                    ${rate(r.png!)}  (${pct(r.png!, r.pngFloor!)} of the bound)`);
  console.log(`card face PDF, 2 pages, 3 font subsets, photo, QR`);
  console.log(`  bound: its fonts, nothing drawn          ${rate(r.pdfFloor!)}`);
  console.log(`  layout + draw + save                      ${rate(r.pdf!)}  (${pct(r.pdf!, r.pdfFloor!)} of the bound)`);
} finally {
  cleanup();
}
