// Draws the laid-out card as a two-page PDF (front, back) of the card's size with pdf-lib. The
// fonts are embedded as subsets through fontkit, with a ToUnicode map, so the Vietnamese text
// is real text (searchable, extractable with pdftotext), not outlines.
import fontkit from '@pdf-lib/fontkit';
import { clip, closePath, endPath, lineTo, moveTo, PDFDocument, popGraphicsState, pushGraphicsState, rgb, type PDFFont, type PDFImage } from 'pdf-lib';
import { fonts, type FontName } from './fonts.ts';
import { CARD_HEIGHT, CARD_WIDTH, type CardSide, type Rgb } from './layout.ts';

const PT = 72 / 25.4;
const colour = (c: Rgb) => rgb(c[0] / 255, c[1] / 255, c[2] / 255);

export async function renderPdf(sides: CardSide[], info: { title: string }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(info.title);
  doc.setProducer('cancuoc');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const embedded = {} as Record<FontName, PDFFont>;
  for (const name of ['regular', 'bold', 'mono'] as const) embedded[name] = await doc.embedFont(fonts()[name].bytes, { subset: true });
  const images = new Map<Uint8Array, PDFImage>();
  const H = CARD_HEIGHT * PT;
  for (const side of sides) {
    const page = doc.addPage([CARD_WIDTH * PT, H]);
    // Layout y grows downwards from the top edge; PDF y grows upwards from the bottom.
    const y = (mm: number) => H - mm * PT;
    for (const op of side.ops) {
      switch (op.kind) {
        case 'rect':
          page.drawRectangle({
            x: op.x * PT, y: y(op.y + op.h), width: op.w * PT, height: op.h * PT,
            ...(op.fill ? { color: colour(op.fill) } : {}),
            ...(op.stroke ? { borderColor: colour(op.stroke), borderWidth: (op.lineWidth ?? 0.2) * PT } : {}),
          });
          break;
        case 'text':
          page.drawText(op.text, { x: op.x * PT, y: y(op.y), size: op.size * PT, font: embedded[op.font], color: colour(op.color) });
          break;
        case 'circle':
          page.drawCircle({ x: op.cx * PT, y: y(op.cy), size: op.r * PT, color: colour(op.fill) });
          break;
        case 'polygon': {
          const path = op.points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'} ${px * PT} ${py * PT}`).join(' ') + ' Z';
          // drawSvgPath puts the path's origin at (x, y) with SVG's downward y axis.
          page.drawSvgPath(path, { x: 0, y: H, color: colour(op.fill) });
          break;
        }
        case 'image': {
          let img = images.get(op.jpeg);
          if (!img) {
            img = await doc.embedJpg(op.jpeg);
            images.set(op.jpeg, img);
          }
          // Crop by clipping: scale the whole image so the crop fills the frame.
          const sx = (op.w * PT) / op.crop.w;
          const sy = (op.h * PT) / op.crop.h;
          page.pushOperators(...clipTo(op.x * PT, y(op.y + op.h), op.w * PT, op.h * PT));
          page.drawImage(img, { x: op.x * PT - op.crop.x * sx, y: y(op.y + op.h) - (img.height - op.crop.y - op.crop.h) * sy, width: img.width * sx, height: img.height * sy });
          page.pushOperators(...restore());
          break;
        }
        case 'modules':
          // One rectangle per horizontal run of dark modules.
          for (let r = 0; r < op.size; r++) {
            for (let c = 0; c < op.size; ) {
              if (!op.dark[r * op.size + c]) { c++; continue; }
              let end = c;
              while (end < op.size && op.dark[r * op.size + end]) end++;
              page.drawRectangle({ x: (op.x + c * op.cell) * PT, y: y(op.y + (r + 1) * op.cell), width: (end - c) * op.cell * PT, height: op.cell * PT, color: colour(op.color) });
              c = end;
            }
          }
          break;
      }
    }
  }
  return doc.save({ useObjectStreams: true });
}


function clipTo(x: number, y: number, w: number, h: number) {
  return [pushGraphicsState(), moveTo(x, y), lineTo(x + w, y), lineTo(x + w, y + h), lineTo(x, y + h), closePath(), clip(), endPath()];
}
const restore = () => [popGraphicsState()];
