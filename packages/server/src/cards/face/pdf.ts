// Draws the laid-out card as a two-page PDF (front, back) of the card's size, written directly
// (ISO 32000-1): the page descriptions are a few dozen operators, the fonts are objects built
// once (pdf-fonts.ts), the photo is the JPEG itself (DCTDecode, §7.4.8), and the content streams
// are deflated by node:zlib. The text is real text: glyphs of the embedded subsets with a
// ToUnicode map, so the Vietnamese is searchable and pdftotext extracts it. pdf-lib did the same
// at ≈ 200 ms a card on this machine, most of it re-parsing and re-subsetting the three fonts,
// shaping every string again and deflating in JavaScript; this writer takes a few milliseconds.
import { deflateSync } from 'node:zlib';
import { shapeText, type FontName, type ShapedGlyph } from './fonts.ts';
import { CARD_HEIGHT, CARD_WIDTH, type CardSide, type Op, type Rgb } from './layout.ts';
import { pdfFont, type PdfFont } from './pdf-fonts.ts';

const PT = 72 / 25.4;
const FONT_NAMES: readonly FontName[] = ['regular', 'bold', 'mono'];
const RESOURCE: Record<FontName, string> = { regular: 'F1', bold: 'F2', mono: 'F3' };
// Bézier control distance for a quarter circle (the usual 4/3·(√2 − 1)).
const KAPPA = 0.5522847498;

const num = (x: number) => {
  const s = x.toFixed(3);
  return s.includes('.') ? s.replace(/\.?0+$/, '') || '0' : s;
};
const colour = (c: Rgb) => c.map((v) => num(v / 255)).join(' ');

/** What a JPEG's frame header says (ITU-T T.81 §B.2.2): size and number of components. */
function jpegFrame(b: Uint8Array): { width: number; height: number; components: number; bits: number } {
  let i = 2;
  while (i + 9 < b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { bits: b[i + 4]!, height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]!, components: b[i + 9]! };
    }
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  throw new Error('the JPEG has no frame header');
}

const COLOUR_SPACE: Record<number, string> = { 1: '/DeviceGray', 3: '/DeviceRGB', 4: '/DeviceCMYK' };

/** PDF text string (§7.9.2.2): UTF-16BE with its byte order mark, as hex. */
const textString = (s: string) => `<feff${Buffer.from(s, 'utf16le').swap16().toString('hex')}>`;

export async function renderPdf(sides: CardSide[], info: { title: string }): Promise<Uint8Array> {
  // Shape every text once: the glyphs decide the font subsets, then the content streams.
  const shaped = new Map<Op, ShapedGlyph[]>();
  const used: Record<FontName, Map<number, ShapedGlyph>> = { regular: new Map(), bold: new Map(), mono: new Map() };
  for (const side of sides) {
    for (const op of side.ops) {
      if (op.kind !== 'text') continue;
      const glyphs = shapeText(op.text, op.font).glyphs;
      shaped.set(op, glyphs);
      for (const g of glyphs) if (!used[op.font].has(g.id)) used[op.font].set(g.id, g);
    }
  }
  const fonts = {} as Record<FontName, PdfFont>;
  for (const f of FONT_NAMES) fonts[f] = await pdfFont(f, used[f]);

  // Objects: 1 catalog, 2 pages, 3 info, five per font, then per page: page, content; then images.
  const objects: Buffer[] = [];
  const FONT_FIRST = 4;
  const fontObj = (f: FontName) => FONT_FIRST + FONT_NAMES.indexOf(f) * 5;
  const pageFirst = FONT_FIRST + FONT_NAMES.length * 5;
  const imageFirst = pageFirst + sides.length * 2;
  const images = new Map<Uint8Array, { obj: number; name: string; width: number; height: number }>();
  const imageObjects: Buffer[] = [];
  const H = CARD_HEIGHT * PT;
  const W = CARD_WIDTH * PT;
  const pageObjects: Buffer[] = [];
  const fontResources = FONT_NAMES.map((f) => `/${RESOURCE[f]} ${fontObj(f)} 0 R`).join(' ');

  sides.forEach((side, p) => {
    const c: string[] = [];
    const drawn = new Set<string>();
    // Layout y grows downwards from the top edge; PDF y grows upwards from the bottom.
    const y = (mm: number) => H - mm * PT;
    for (const op of side.ops) {
      switch (op.kind) {
        case 'rect': {
          const box = `${num(op.x * PT)} ${num(y(op.y + op.h))} ${num(op.w * PT)} ${num(op.h * PT)} re`;
          if (op.fill) c.push(`${colour(op.fill)} rg`);
          if (op.stroke) c.push(`${colour(op.stroke)} RG ${num((op.lineWidth ?? 0.2) * PT)} w`);
          c.push(`${box} ${op.fill && op.stroke ? 'B' : op.stroke ? 'S' : 'f'}`);
          break;
        }
        case 'text': {
          const glyphs = shaped.get(op)!;
          const cid = fonts[op.font].cid;
          const hex = glyphs.map((g) => cid.get(g.id)!.toString(16).padStart(4, '0')).join('');
          c.push(`${colour(op.color)} rg BT /${RESOURCE[op.font]} ${num(op.size * PT)} Tf 1 0 0 1 ${num(op.x * PT)} ${num(y(op.y))} Tm <${hex}> Tj ET`);
          break;
        }
        case 'circle': {
          const cx = op.cx * PT;
          const cy = y(op.cy);
          const r = op.r * PT;
          const k = r * KAPPA;
          const pts = (...v: number[]) => v.map(num).join(' ');
          c.push(`${colour(op.fill)} rg`, `${pts(cx + r, cy)} m`,
            `${pts(cx + r, cy + k, cx + k, cy + r, cx, cy + r)} c`, `${pts(cx - k, cy + r, cx - r, cy + k, cx - r, cy)} c`,
            `${pts(cx - r, cy - k, cx - k, cy - r, cx, cy - r)} c`, `${pts(cx + k, cy - r, cx + r, cy - k, cx + r, cy)} c`, 'f');
          break;
        }
        case 'polygon':
          c.push(`${colour(op.fill)} rg`, op.points.map(([px, py], i) => `${num(px * PT)} ${num(y(py))} ${i === 0 ? 'm' : 'l'}`).join(' ') + ' h f');
          break;
        case 'image': {
          let img = images.get(op.jpeg);
          if (!img) {
            const frame = jpegFrame(op.jpeg);
            const cs = COLOUR_SPACE[frame.components];
            if (!cs) throw new Error(`a JPEG of ${frame.components} components`);
            img = { obj: imageFirst + images.size, name: `Im${images.size + 1}`, width: frame.width, height: frame.height };
            images.set(op.jpeg, img);
            // Adobe's CMYK JPEGs are stored inverted (§8.9.5.2 Decode).
            const decode = frame.components === 4 ? ' /Decode [1 0 1 0 1 0 1 0]' : '';
            imageObjects.push(Buffer.concat([
              Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${frame.width} /Height ${frame.height} /ColorSpace ${cs} /BitsPerComponent ${frame.bits}${decode} /Filter /DCTDecode /Length ${op.jpeg.length} >>\nstream\n`),
              Buffer.from(op.jpeg.buffer, op.jpeg.byteOffset, op.jpeg.byteLength), Buffer.from('\nendstream'),
            ]));
          }
          drawn.add(img.name);
          // Crop by clipping: scale the whole image so the crop fills the frame.
          const sx = (op.w * PT) / op.crop.w;
          const sy = (op.h * PT) / op.crop.h;
          const fx = op.x * PT;
          const fy = y(op.y + op.h);
          c.push(`q ${num(fx)} ${num(fy)} ${num(op.w * PT)} ${num(op.h * PT)} re W n`,
            `${num(img.width * sx)} 0 0 ${num(img.height * sy)} ${num(fx - op.crop.x * sx)} ${num(fy - (img.height - op.crop.y - op.crop.h) * sy)} cm /${img.name} Do Q`);
          break;
        }
        case 'modules': {
          // One rectangle per horizontal run of dark modules, filled together.
          const runs: string[] = [];
          for (let r = 0; r < op.size; r++) {
            for (let col = 0; col < op.size;) {
              if (!op.dark[r * op.size + col]) { col++; continue; }
              let end = col;
              while (end < op.size && op.dark[r * op.size + end]) end++;
              runs.push(`${num((op.x + col * op.cell) * PT)} ${num(y(op.y + (r + 1) * op.cell))} ${num((end - col) * op.cell * PT)} ${num(op.cell * PT)} re`);
              col = end;
            }
          }
          c.push(`${colour(op.color)} rg`, ...runs, 'f');
          break;
        }
      }
    }
    const content = deflateSync(Buffer.from(c.join('\n'), 'latin1'));
    const xobjects = [...images.values()].filter((i) => drawn.has(i.name)).map((i) => `/${i.name} ${i.obj} 0 R`).join(' ');
    pageObjects.push(
      Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(W)} ${num(H)}] /Resources << /Font << ${fontResources} >>${xobjects ? ` /XObject << ${xobjects} >>` : ''} >> /Contents ${pageFirst + p * 2 + 1} 0 R >>`),
      Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`), content, Buffer.from('\nendstream')]),
    );
  });

  objects.push(
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from(`<< /Type /Pages /Kids [${sides.map((_, p) => `${pageFirst + p * 2} 0 R`).join(' ')}] /Count ${sides.length} >>`),
    // Fixed dates: the same card makes the same file.
    Buffer.from(`<< /Title ${textString(info.title)} /Producer (cancuoc) /CreationDate (D:19700101000000Z) /ModDate (D:19700101000000Z) >>`),
  );
  for (const f of FONT_NAMES) objects.push(...fonts[f].objects(fontObj(f)));
  objects.push(...pageObjects, ...imageObjects);
  return serialise(objects);
}

/** Header, numbered objects, cross-reference table and trailer (§7.5). */
function serialise(objects: Buffer[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const head = Buffer.from(`${i + 1} 0 obj\n`);
    const tail = Buffer.from('\nendobj\n');
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

