// The card face as a list of drawing operations in millimetres on an ID-1 card (ISO/IEC 7810:
// 85.60 × 53.98 mm), laid out like the chip citizen identity card of 2021 (CĂN CƯỚC CÔNG DÂN):
// front — national emblem, the state's name and motto in Vietnamese and English, the QR code,
// the title, the photo, number, name, date of birth, sex, nationality, place of origin, place of
// residence and expiry; back — identifying marks, chip, issue date, the issuing authority,
// fingerprint frames and the TD1 machine readable zone. Both renderers (PNG, PDF) draw the same
// list, so the two outputs cannot drift apart; text is wrapped here with the real font metrics.
import { vietnamTd1 } from '@cancuoc/emrtd';
import { create as createQr } from 'qrcode';
import { textWidth, type FontName } from './fonts.ts';

export const CARD_WIDTH = 85.6;
export const CARD_HEIGHT = 53.98;

export type Rgb = readonly [number, number, number];

export type Op =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill?: Rgb; stroke?: Rgb; lineWidth?: number }
  | { kind: 'text'; x: number; y: number; text: string; size: number; font: FontName; color: Rgb }
  | { kind: 'polygon'; points: Array<[number, number]>; fill: Rgb }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: Rgb }
  | { kind: 'image'; x: number; y: number; w: number; h: number; jpeg: Uint8Array; crop: { x: number; y: number; w: number; h: number } }
  | { kind: 'modules'; x: number; y: number; cell: number; size: number; dark: Uint8Array; color: Rgb };

export interface CardSide { ops: Op[] }

export interface CardFaceData {
  /** 12-digit personal identification number (the card number). */
  idNumber: string;
  /** NFC, with diacritics; printed in capitals. */
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** As printed: "Việt Nam". */
  nationality: string;
  nativePlace: string;
  residence: string;
  identifyingMarks: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD, or null: "Không thời hạn". */
  expiryDate: string | null;
  /** Text of the signed QR code (cards/qr.ts). */
  qr: string;
  /** Card access number for PACE, printed on the back when the card has one. */
  can?: string;
  /** Name printed under the issuing authority's title. */
  signatory?: string;
}

/** Photo size as read from the JPEG; the layout crops it to the 3:4 frame around its centre. */
export interface PhotoInfo { jpeg: Uint8Array; width: number; height: number }

const BLACK: Rgb = [0, 0, 0];
const RED: Rgb = [200, 16, 46];
const NAVY: Rgb = [22, 45, 90];
const GREY: Rgb = [80, 80, 80];
const YELLOW: Rgb = [255, 205, 0];
const EMBLEM_RED: Rgb = [218, 37, 29];
const FRONT_BG: Rgb = [233, 241, 247];
const BACK_BG: Rgb = [240, 244, 246];
const GOLD: Rgb = [212, 175, 55];
const NO_EXPIRY = 'Không thời hạn';

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Splits `text` into lines no wider than `width` mm, breaking at spaces (or anywhere in an overlong word). */
export function wrap(text: string, font: FontName, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, font, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (textWidth(line, font, size) > width) {
      let cut = line.length - 1;
      while (cut > 1 && textWidth(line.slice(0, cut), font, size) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

class Side {
  readonly ops: Op[] = [];
  text(x: number, y: number, text: string, size: number, font: FontName = 'regular', color: Rgb = BLACK): number {
    this.ops.push({ kind: 'text', x, y, text, size, font, color });
    return x + textWidth(text, font, size);
  }
  centred(cx: number, y: number, text: string, size: number, font: FontName = 'regular', color: Rgb = BLACK): void {
    this.text(cx - textWidth(text, font, size) / 2, y, text, size, font, color);
  }
  /** A bilingual label ("Họ và tên / Full name:") then the value, wrapped; returns the next baseline. */
  field(x: number, y: number, right: number, label: string, english: string, value: string, opts: { valueFont?: FontName; valueSize?: number; newLine?: boolean; lineGap?: number; maxLines?: number } = {}): number {
    const size = 1.75;
    const valueSize = opts.valueSize ?? 2.15;
    const gap = opts.lineGap ?? 2.7;
    let cx = this.text(x, y, `${label} / `, size, 'regular', GREY);
    cx = this.text(cx, y, `${english}: `, size * 0.9, 'regular', GREY);
    const font = opts.valueFont ?? 'bold';
    let lines: string[];
    let first: number;
    if (opts.newLine) {
      lines = wrap(value, font, valueSize, right - x);
      // Room above for the marks of capitals (Ễ, Ố) under the label.
      y += gap + 0.35;
      first = x;
    } else if (textWidth(value, font, valueSize) <= right - cx) {
      lines = [value];
      first = cx;
    } else {
      lines = wrap(value, font, valueSize, right - x);
      y += gap;
      first = x;
    }
    lines = lines.slice(0, opts.maxLines ?? 3);
    lines.forEach((l, i) => this.text(i === 0 ? first : x, y + i * gap, l, valueSize, font, BLACK));
    return y + lines.length * gap;
  }
}

/** A five-pointed star (the emblem's) as polygon points. */
function star(cx: number, cy: number, r: number): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  return pts;
}

/** The QR alphanumeric character set (ISO/IEC 18004 §7.4.4). */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

function qrModules(text: string, x: number, y: number, size: number): Op {
  // Error correction M (15 %): a scratched card still scans. Base45 is QR alphanumeric data
  // (RFC 9285 §1), said so as one segment: left to find the segments itself, qrcode searches for
  // the cheapest split of the text (a shortest path over every character, ≈ 10 ms a card here)
  // and finds this one segment.
  const qr = ALPHANUMERIC.test(text)
    ? createQr([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' })
    : createQr(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2; // margin inside the white square (ISO/IEC 18004 asks 4 modules; the light card around it gives the rest)
  const cell = size / (n + 2 * quiet);
  return { kind: 'modules', x: x + quiet * cell, y: y + quiet * cell, cell, size: n, dark: Uint8Array.from(qr.modules.data), color: BLACK };
}

export function layoutFront(d: CardFaceData, photo: PhotoInfo): CardSide {
  const s = new Side();
  s.ops.push({ kind: 'rect', x: 0, y: 0, w: CARD_WIDTH, h: CARD_HEIGHT, fill: FRONT_BG });
  // National emblem, simplified: the red disc and the yellow star.
  s.ops.push({ kind: 'circle', cx: 11, cy: 9.5, r: 7, fill: YELLOW });
  s.ops.push({ kind: 'circle', cx: 11, cy: 9.5, r: 6.2, fill: EMBLEM_RED });
  s.ops.push({ kind: 'polygon', points: star(11, 9.8, 4.2), fill: YELLOW });
  const cx = 43;
  s.centred(cx, 5, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1.9, 'bold', NAVY);
  s.centred(cx, 7.8, 'Độc lập - Tự do - Hạnh phúc', 1.95, 'bold', NAVY);
  s.centred(cx, 10.3, 'SOCIALIST REPUBLIC OF VIET NAM', 1.6, 'regular', NAVY);
  s.centred(cx, 12.5, 'Independence - Freedom - Happiness', 1.6, 'regular', NAVY);
  s.centred(cx, 17.2, 'CĂN CƯỚC CÔNG DÂN', 3.3, 'bold', RED);
  s.centred(cx, 20.1, 'Citizen Identity Card', 1.9, 'regular', RED);
  // QR code, top right, on white.
  s.ops.push({ kind: 'rect', x: 67, y: 2, w: 17, h: 17, fill: [255, 255, 255] });
  s.ops.push(qrModules(d.qr, 67, 2, 17));
  // Photo 20 × 26.7 mm (3:4), cropped around its centre.
  const frame = { x: 3, y: 19, w: 20, h: 26.67 };
  const want = frame.w / frame.h;
  const crop = photo.width / photo.height > want
    ? { w: photo.height * want, h: photo.height, x: (photo.width - photo.height * want) / 2, y: 0 }
    : { w: photo.width, h: photo.width / want, x: 0, y: (photo.height - photo.width / want) / 2 };
  s.ops.push({ kind: 'image', ...frame, jpeg: photo.jpeg, crop });
  s.ops.push({ kind: 'rect', ...frame, stroke: GREY, lineWidth: 0.15 });
  // Expiry under the photo.
  s.text(3, 48.3, 'Có giá trị đến:', 1.6, 'regular', GREY);
  s.text(3, 50.4, 'Date of expiry', 1.45, 'regular', GREY);
  s.text(3, 52.8, d.expiryDate ? dmy(d.expiryDate) : NO_EXPIRY, 2.0, 'bold');
  // Personal data.
  const x = 25;
  const right = CARD_WIDTH - 2.5;
  let cxNo = s.text(x, 24.6, 'Số / ', 1.9, 'regular', GREY);
  cxNo = s.text(cxNo, 24.6, 'No.: ', 1.7, 'regular', GREY);
  s.text(cxNo + 0.5, 24.8, d.idNumber, 3.1, 'bold', RED);
  let y = s.field(x, 28.3, right, 'Họ và tên', 'Full name', d.fullName.normalize('NFC').toLocaleUpperCase('vi'), { newLine: true, valueSize: 2.55, maxLines: 2 });
  y = s.field(x, y + 0.6, right, 'Ngày sinh', 'Date of birth', dmy(d.birthDate));
  const sexEnd = s.field(x, y, 48, 'Giới tính', 'Sex', d.sex === 'male' ? 'Nam' : 'Nữ');
  s.field(49, y, right, 'Quốc tịch', 'Nationality', d.nationality);
  y = s.field(x, sexEnd, right, 'Quê quán', 'Place of origin', d.nativePlace.normalize('NFC'), { maxLines: 2, valueFont: 'regular' });
  s.field(x, y, right, 'Nơi thường trú', 'Place of residence', d.residence.normalize('NFC'), { maxLines: 2, valueFont: 'regular', newLine: true });
  return { ops: s.ops };
}

export function layoutBack(d: CardFaceData): CardSide {
  const s = new Side();
  s.ops.push({ kind: 'rect', x: 0, y: 0, w: CARD_WIDTH, h: CARD_HEIGHT, fill: BACK_BG });
  s.field(3, 5, 52, 'Đặc điểm nhân dạng', 'Personal identification', d.identifyingMarks.normalize('NFC'), { newLine: true, valueFont: 'regular', maxLines: 2 });
  // The chip (contacts of ISO/IEC 7816-2), top right.
  s.ops.push({ kind: 'rect', x: 63, y: 3.5, w: 11, h: 9, fill: GOLD, stroke: [150, 120, 30], lineWidth: 0.2 });
  for (const yy of [6.5, 9.5]) s.ops.push({ kind: 'rect', x: 63, y: yy, w: 11, h: 0.15, fill: [150, 120, 30] });
  s.ops.push({ kind: 'rect', x: 68.4, y: 3.5, w: 0.15, h: 9, fill: [150, 120, 30] });
  if (d.can) s.text(63, 15, `CAN ${d.can}`, 1.9, 'mono', BLACK);
  s.field(3, 16, 52, 'Ngày, tháng, năm', 'Date, month, year', dmy(d.issueDate));
  s.centred(28, 20, 'CỤC TRƯỞNG CỤC CẢNH SÁT', 1.8, 'bold', NAVY);
  s.centred(28, 22.4, 'QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI', 1.8, 'bold', NAVY);
  const english = wrap('DIRECTOR GENERAL OF THE POLICE DEPARTMENT FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER', 'regular', 1.3, 48);
  english.forEach((l, i) => s.centred(28, 24.6 + i * 1.8, l, 1.3, 'regular', NAVY));
  if (d.signatory) s.centred(28, 33.5, d.signatory.normalize('NFC'), 2.0, 'bold');
  // Fingerprint frames (the images come with the production flow).
  for (const [fx, vi, en] of [[56, 'Ngón trỏ trái', 'Left index finger'], [70.5, 'Ngón trỏ phải', 'Right index finger']] as const) {
    s.ops.push({ kind: 'rect', x: fx, y: 19, w: 13, h: 14, fill: [255, 255, 255], stroke: GREY, lineWidth: 0.15 });
    s.centred(fx + 6.5, 17.2, vi, 1.35, 'regular', GREY);
    s.centred(fx + 6.5, 35, en, 1.2, 'regular', GREY);
  }
  // Machine readable zone, TD1 (9303-5 §4.2): a white band across the bottom, three lines of 30.
  s.ops.push({ kind: 'rect', x: 0, y: 37.5, w: CARD_WIDTH, h: CARD_HEIGHT - 37.5, fill: [255, 255, 255] });
  const mrz = vietnamTd1({ idNumber: d.idNumber, fullName: d.fullName, birthDate: d.birthDate, sex: d.sex, expiryDate: d.expiryDate });
  const size = 78 / 30 / (textWidth('<', 'mono', 1));
  mrz.forEach((line, i) => s.text(3.8, 42.2 + i * 4.6, line, size, 'mono'));
  return { ops: s.ops };
}
