// The old-ID confirmation as a signed document (issue 16 item 5; DESIGN.md §6 "giấy xác nhận số
// CMND"): the register's statement that an old CMND number and the personal ID number are one
// person, signed in the token with the pki `document` key — as a JWS for machines (verify it with
// GET /api/v1/pki/keys) and as a PDF for people that carries the same JWS, printed and as a QR
// code, so that the paper can be checked by a machine too.
import fontkit from '@pdf-lib/fontkit';
import { randomUUID } from 'node:crypto';
import { PDFDocument, rgb } from 'pdf-lib';
import { toBuffer as qrPng } from 'qrcode';
import { signJws } from '../keys/jws.ts';
import { oldIdConfirmation, type Caller } from '../registry/service.ts';
import type { Services } from '../services.ts';
import { fonts } from './face/fonts.ts';

export const OLD_ID_CONFIRMATION_TYP = 'old-id-confirmation+jwt';

export interface OldIdClaims {
  iss: string; iat: number; jti: string; typ: 'old-id-confirmation';
  idNumber: string; oldIdNumber: string; fullName: string; birthDate: string; statement: string;
}

/**
 * The confirmation (read, authorised and audited by the register's oldIdConfirmation), signed as a
 * compact JWS (RFC 7515, ES256, `kid` as published) with the current document key.
 */
export async function signedOldIdConfirmation(services: Services, caller: Caller, idNumber: string, now = new Date()): Promise<{ claims: OldIdClaims; jws: string }> {
  const doc = await oldIdConfirmation(services, caller, idNumber);
  const key = await services.pki.currentKey('document');
  const claims: OldIdClaims = {
    iss: 'cancuoc', iat: Math.floor(now.getTime() / 1000), jti: randomUUID(), typ: 'old-id-confirmation',
    idNumber: doc.idNumber, oldIdNumber: doc.oldIdNumber, fullName: doc.fullName, birthDate: doc.birthDate, statement: doc.statement,
  };
  const jws = await signJws(services.pki.keyStore(), claims, key.label, { typ: OLD_ID_CONFIRMATION_TYP, purpose: 'old-id-confirmation' });
  return { claims, jws };
}

const MM = 72 / 25.4;

/** An A4 page: the statement in Vietnamese (DejaVu, embedded subset), the JWS as a QR code and as text, and attached. */
export async function oldIdConfirmationPdf(claims: OldIdClaims, jws: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`Giấy xác nhận số CMND ${claims.oldIdNumber}`);
  doc.setProducer('cancuoc');
  doc.setCreationDate(new Date(claims.iat * 1000));
  const regular = await doc.embedFont(fonts().regular.bytes, { subset: true });
  const bold = await doc.embedFont(fonts().bold.bytes, { subset: true });
  const mono = await doc.embedFont(fonts().mono.bytes, { subset: true });
  const page = doc.addPage([210 * MM, 297 * MM]);
  let y = 297 * MM - 25 * MM;
  const line = (text: string, o: { font?: typeof regular; size?: number; gap?: number } = {}) => {
    page.drawText(text, { x: 20 * MM, y, size: o.size ?? 11, font: o.font ?? regular, color: rgb(0, 0, 0) });
    y -= o.gap ?? 16;
  };
  line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { font: bold, size: 12 });
  line('Độc lập - Tự do - Hạnh phúc', { gap: 30 });
  line('GIẤY XÁC NHẬN SỐ CHỨNG MINH NHÂN DÂN', { font: bold, size: 14, gap: 26 });
  const [yy, mm, dd] = claims.birthDate.split('-');
  line(`Họ và tên: ${claims.fullName}`);
  line(`Ngày sinh: ${dd}/${mm}/${yy}`);
  line(`Số CMND đã cấp: ${claims.oldIdNumber}`);
  line(`Số định danh cá nhân: ${claims.idNumber}`, { gap: 22 });
  for (const part of wrap(claims.statement, 90)) line(part);
  y -= 10;
  const issued = new Date(claims.iat * 1000).toISOString();
  line(`Cấp lúc ${issued} (mã ${claims.jti}).`, { size: 9, gap: 14 });
  line('Văn bản được ký số (JWS, ES256). Kiểm tra bằng khóa công khai tại /api/v1/pki/keys:', { size: 9, gap: 14 });
  const qr = await qrPng(jws, { errorCorrectionLevel: 'L', margin: 1, scale: 2 });
  const image = await doc.embedPng(qr);
  const side = 70 * MM;
  page.drawImage(image, { x: 20 * MM, y: y - side, width: side, height: side });
  y -= side + 12;
  for (const part of wrap(jws, 95)) line(part, { font: mono, size: 6.5, gap: 8 });
  // The JWS as a file inside the PDF, for software that reads attachments.
  await doc.attach(Buffer.from(jws), 'old-id-confirmation.jws', { mimeType: 'application/jose', description: 'JWS of this confirmation' });
  return doc.save();
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  if (!text.includes(' ')) {
    for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
    return out;
  }
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur && (cur + ' ' + word).length > width) { out.push(cur); cur = word; } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  return out;
}
