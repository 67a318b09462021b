// Draws a laid-out card side as PNG with @napi-rs/canvas (Skia; its npm package ships the
// binary). The fonts are registered from the same TTF files the layout measured with.
import { createCanvas, GlobalFonts, loadImage, PngFilter, type SKRSContext2D } from '@napi-rs/canvas';
import { FONT_FILES, type FontName } from './fonts.ts';
import { CARD_HEIGHT, CARD_WIDTH, type CardSide, type Rgb } from './layout.ts';

const FAMILY: Record<FontName, string> = { regular: 'CancuocSans', bold: 'CancuocSansBold', mono: 'CancuocMono' };
let registered = false;

function registerFonts(): void {
  if (registered) return;
  for (const name of Object.keys(FAMILY) as FontName[]) {
    if (!GlobalFonts.registerFromPath(FONT_FILES[name], FAMILY[name])) throw new Error(`cannot load the font ${FONT_FILES[name]}`);
  }
  registered = true;
}

// zlib level 3 without row filters: a card side is flat colour and text, which filtering does not
// help; on this machine this encodes 4–5× faster than libpng's default (level 6, all five filters
// tried per row) and the file is ~25 % smaller (bench:card-primitives; lossless either way).
const PNG_OPTIONS = { compressionLevel: 3, filters: PngFilter.None };

const css = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** PNG of one side at `dpi` (300 by default: 1011 × 638 pixels). */
export async function renderSidePng(side: CardSide, dpi = 300): Promise<Buffer> {
  registerFonts();
  const k = dpi / 25.4;
  const canvas = createCanvas(Math.round(CARD_WIDTH * k), Math.round(CARD_HEIGHT * k));
  const ctx: SKRSContext2D = canvas.getContext('2d');
  for (const op of side.ops) {
    switch (op.kind) {
      case 'rect':
        if (op.fill) {
          ctx.fillStyle = css(op.fill);
          ctx.fillRect(op.x * k, op.y * k, op.w * k, op.h * k);
        }
        if (op.stroke) {
          ctx.strokeStyle = css(op.stroke);
          ctx.lineWidth = (op.lineWidth ?? 0.2) * k;
          ctx.strokeRect(op.x * k, op.y * k, op.w * k, op.h * k);
        }
        break;
      case 'text':
        ctx.fillStyle = css(op.color);
        ctx.font = `${op.size * k}px ${FAMILY[op.font]}`;
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(op.text, op.x * k, op.y * k);
        break;
      case 'circle':
        ctx.fillStyle = css(op.fill);
        ctx.beginPath();
        ctx.arc(op.cx * k, op.cy * k, op.r * k, 0, 2 * Math.PI);
        ctx.fill();
        break;
      case 'polygon':
        ctx.fillStyle = css(op.fill);
        ctx.beginPath();
        op.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * k, y * k) : ctx.lineTo(x * k, y * k)));
        ctx.closePath();
        ctx.fill();
        break;
      case 'image': {
        const img = await loadImage(Buffer.from(op.jpeg));
        ctx.drawImage(img, op.crop.x, op.crop.y, op.crop.w, op.crop.h, op.x * k, op.y * k, op.w * k, op.h * k);
        break;
      }
      case 'modules': {
        // One path of a rectangle per horizontal run of dark modules, filled once (a fillRect
        // per module is a native call each: ≈ 2,000 for a version 12 symbol). Module edges are
        // rounded to whole pixels: neighbours meet without a hairline, and no module grows (a
        // scanner measures the 1:1:3:1:1 finder patterns); the runs cover the same pixels.
        ctx.fillStyle = css(op.color);
        ctx.beginPath();
        const edge = (cells: number, origin: number) => Math.round((origin + cells * op.cell) * k);
        for (let r = 0; r < op.size; r++) {
          for (let c = 0; c < op.size;) {
            if (!op.dark[r * op.size + c]) { c++; continue; }
            let end = c;
            while (end < op.size && op.dark[r * op.size + end]) end++;
            const x0 = edge(c, op.x);
            const y0 = edge(r, op.y);
            ctx.rect(x0, y0, edge(end, op.x) - x0, edge(r + 1, op.y) - y0);
            c = end;
          }
        }
        ctx.fill();
        break;
      }
    }
  }
  return canvas.encode('png', PNG_OPTIONS);
}
