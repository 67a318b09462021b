// Test support for the cards module: photos and fingerprint images made with @napi-rs/canvas, the
// raw-body PUT of a photo, and an approved application made through the HTTP API (never rows faked
// behind the service), for the later stages' tests.
import { createCanvas } from '@napi-rs/canvas';
import type { TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, type Res } from '../registry/test-helpers.ts';

/**
 * A 3:4 portrait JPEG: a light background, a darker oval "face" and shoulders — enough contrast to
 * pass the luminance checks. `uniform` paints one flat grey instead.
 */
export function portraitJpeg(o: { width?: number; height?: number; uniform?: boolean; quality?: number } = {}): Buffer {
  const width = o.width ?? 600;
  const height = o.height ?? 800;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = o.uniform ? '#808080' : '#e8eef4';
  ctx.fillRect(0, 0, width, height);
  if (!o.uniform) {
    ctx.fillStyle = '#c89070';
    ctx.beginPath();
    ctx.ellipse(width / 2, height * 0.42, width * 0.22, height * 0.26, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#203040';
    ctx.fillRect(width * 0.15, height * 0.78, width * 0.7, height * 0.22);
    ctx.fillStyle = '#101010';
    ctx.fillRect(width * 0.38, height * 0.38, width * 0.06, height * 0.02);
    ctx.fillRect(width * 0.56, height * 0.38, width * 0.06, height * 0.02);
  }
  return canvas.encodeSync('jpeg', o.quality ?? 85);
}

/** A small greyscale ridge pattern as PNG or JPEG: a stand-in finger image of 500 ppi proportions. */
export function fingerImage(format: 'png' | 'jpeg' = 'png', width = 200, height = 250): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#202020';
  ctx.lineWidth = 3;
  for (let r = 8; r < width; r += 9) {
    ctx.beginPath();
    ctx.ellipse(width / 2, height / 2, r, r * 1.25, 0, 0, Math.PI * 2);
    ctx.stroke();
  }
  return format === 'png' ? canvas.encodeSync('png') : canvas.encodeSync('jpeg', 90);
}

/** The header of a WSQ file (SOI, a comment, the frame header SOF with height and width) and some bytes. */
export function wsqHeader(width = 416, height = 416): Buffer {
  const comment = Buffer.from('NIST_COM test');
  const b = Buffer.alloc(2 + 4 + comment.length + 2 + 17 + 8);
  let i = 0;
  b.writeUInt16BE(0xffa0, i); i += 2; // SOI
  b.writeUInt16BE(0xffa8, i); b.writeUInt16BE(2 + comment.length, i + 2); comment.copy(b, i + 4); i += 4 + comment.length; // COM
  b.writeUInt16BE(0xffa2, i); b.writeUInt16BE(17, i + 2); b[i + 4] = 0; b[i + 5] = 255; b.writeUInt16BE(height, i + 6); b.writeUInt16BE(width, i + 8);
  return b;
}

/** Ten fingers: PNG and JPEG images of quality 60, position 10 missing (amputated) unless `all`. */
export function tenFingers(o: { all?: boolean } = {}) {
  const png = fingerImage('png').toString('base64');
  const jpeg = fingerImage('jpeg').toString('base64');
  return Array.from({ length: 10 }, (_, i) => {
    const position = i + 1;
    if (position === 10 && !o.all) return { position, missingReason: 'amputated' };
    return { position, image: position % 2 === 0 ? jpeg : png, quality: 60 };
  });
}

/** PUT a photo as the raw image/jpeg body. */
export async function putPhoto(t: TestApp, id: string, auth: string, body: Buffer, contentType = 'image/jpeg'): Promise<Res> {
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/card-applications/${id}/photo`, headers: { authorization: auth, 'content-type': contentType }, payload: body });
  return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
}

export async function put(t: TestApp, url: string, auth: string, body: unknown): Promise<Res> {
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: { authorization: auth }, payload: body as object });
  return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
}

function must(res: Res, status: number, what: string): any {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * An application taken, photographed, fingerprinted, checked and approved through the API: a
 * commune officer of `unitId` takes it, a central officer approves it. Makes the person (an adult
 * living in `unitId`) unless `idNumber` is given. Returns the approved application.
 */
export async function createApprovedApplication(t: TestApp, o: {
  idNumber?: string; unitId?: string; kind?: 'first' | 'renewal' | 'reissue' | 'lost'; reissueReason?: string;
  taker?: string; approver?: string; fullName?: string; birthDate?: string; sex?: 'male' | 'female';
} = {}): Promise<{ id: string; reference: string; idNumber: string; [k: string]: any }> {
  const unitId = o.unitId ?? BA_DINH;
  const taker = o.taker ?? (await t.officer('commune', unitId)).authorization;
  const approver = o.approver ?? (await t.officer('central')).authorization;
  const idNumber = o.idNumber ?? (await adult(t, approver, { fullName: o.fullName ?? 'Nguyễn Văn Thẻ', sex: o.sex ?? 'male', birthDate: o.birthDate ?? '1990-05-17', unitId })).idNumber;
  const c = client(t);
  const app = must(await c.post('/card-applications', taker, { idNumber, kind: o.kind ?? 'first', ...(o.reissueReason ? { reissueReason: o.reissueReason } : {}), receivingUnitId: unitId }), 201, 'create the application');
  must(await putPhoto(t, app.id, taker, portraitJpeg()), 200, 'store the photo');
  must(await put(t, `/card-applications/${app.id}/fingerprints`, taker, { fingers: tenFingers() }), 200, 'store the fingerprints');
  const checks = must(await c.post(`/card-applications/${app.id}/checks`, taker, undefined), 200, 'run the checks');
  if (!checks.passed) throw new Error(`the checks failed: ${JSON.stringify(checks.failures)}`);
  return must(await c.post(`/card-applications/${app.id}/approval`, approver, {}), 200, 'approve');
}
