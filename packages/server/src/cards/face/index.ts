// The card face: (card data, photo JPEG) → PNG of each side and a two-page PDF. Pure: no I/O
// beyond reading the shipped fonts.
import { imageMime, imageSize } from '@cancuoc/emrtd';
import { layoutBack, layoutFront, type CardFaceData } from './layout.ts';
import { renderPdf } from './pdf.ts';
import { renderSidePng } from './png.ts';

export type { CardFaceData } from './layout.ts';
export { CARD_HEIGHT, CARD_WIDTH } from './layout.ts';

export class CardFaceError extends Error {
  readonly code: 'ERR_CARD_FACE_PHOTO';
  constructor(message: string) {
    super(message);
    this.name = 'CardFaceError';
    this.code = 'ERR_CARD_FACE_PHOTO';
  }
}

export interface CardFace {
  png: { front: Buffer; back: Buffer };
  pdf: Uint8Array;
}

export async function renderCardFace(data: CardFaceData, photo: Uint8Array, options: { dpi?: number } = {}): Promise<CardFace> {
  // A copy of its own: pdf-lib reads the bytes through a DataView that ignores a Buffer's offset in Node's pool.
  const photoJpeg = Uint8Array.from(photo);
  if (imageMime(photoJpeg) !== 'image/jpeg') throw new CardFaceError('the photo is not a JPEG');
  const size = imageSize(photoJpeg);
  if (!size || size.width < 1 || size.height < 1) throw new CardFaceError('the JPEG photo has no readable size');
  const front = layoutFront(data, { jpeg: photoJpeg, ...size });
  const back = layoutBack(data);
  const [f, b, pdf] = await Promise.all([renderSidePng(front, options.dpi), renderSidePng(back, options.dpi), renderPdf([front, back], { title: `Căn cước công dân ${data.idNumber}` })]);
  return { png: { front: f, back: b }, pdf };
}
