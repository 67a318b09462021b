// The fonts of the card face: DejaVu Sans (regular, bold) and DejaVu Sans Mono (the MRZ), read
// from the `dejavu-fonts-ttf` npm package, which ships the TTF files with their licence
// (Bitstream Vera licence; DejaVu changes public domain: node_modules/dejavu-fonts-ttf/LICENSE).
// DejaVu covers the Vietnamese alphabet with precomposed glyphs (ă â đ ê ô ơ ư and the five tones
// on each vowel), so NFC text renders without combining marks. The MRZ should be OCR-B
// (9303-3 §4.2); no openly licensed OCR-B is packaged, so a monospace face stands in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';

export type FontName = 'regular' | 'bold' | 'mono';

const require = createRequire(import.meta.url);
const DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_FILES: Record<FontName, string> = {
  regular: path.join(DIR, 'DejaVuSans.ttf'),
  bold: path.join(DIR, 'DejaVuSans-Bold.ttf'),
  mono: path.join(DIR, 'DejaVuSansMono.ttf'),
};

let cache: Record<FontName, { bytes: Buffer; font: ReturnType<typeof fontkit.create> }> | undefined;

export function fonts() {
  cache ??= Object.fromEntries((Object.keys(FONT_FILES) as FontName[]).map((n) => {
    const bytes = readFileSync(FONT_FILES[n]);
    return [n, { bytes, font: fontkit.create(bytes) }];
  })) as NonNullable<typeof cache>;
  return cache;
}

/** A glyph as fontkit's layout gives it: id in the font, advance in font units, the text it draws. */
export interface ShapedGlyph { id: number; advanceWidth: number; codePoints: number[] }
interface Shaped { advance: number; glyphs: ShapedGlyph[] }
interface FontkitLayout { glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }>; advanceWidth: number }

// Shaping (fontkit's layout: cmap, GSUB ligatures, GPOS kerning) costs ≈ 0.1–1 ms a call, and a
// card face shapes a few hundred strings (every candidate line of a wrap, every text the PDF
// draws). It is memoised per word: DejaVu has no substitution or kerning across a space, so a
// text's shaping is its words' with a space between (fonts.test.ts holds this to the full
// layout), and the words of names and places repeat from card to card. The memo is dropped
// whole when it grows past MAX_WORDS, which bounds it without bookkeeping.
const MAX_WORDS = 50_000;
const shaped = new Map<string, Shaped>();

function shapeWord(font: FontName, word: string): Shaped {
  const key = `${font}\u0000${word}`;
  let s = shaped.get(key);
  if (!s) {
    const run = (fonts()[font].font as unknown as { layout(t: string): FontkitLayout }).layout(word);
    s = { advance: run.advanceWidth, glyphs: run.glyphs.map((g) => ({ id: g.id, advanceWidth: g.advanceWidth, codePoints: [...g.codePoints] })) };
    if (shaped.size >= MAX_WORDS) shaped.clear();
    shaped.set(key, s);
  }
  return s;
}

/** The glyphs of `text` in `font` and its advance in font units, as fontkit lays it out. */
export function shapeText(text: string, font: FontName): Shaped {
  const words = text.split(' ');
  if (words.length === 1) return shapeWord(font, text);
  const space = shapeWord(font, ' ');
  const glyphs: ShapedGlyph[] = [];
  let advance = 0;
  words.forEach((w, i) => {
    if (i > 0) {
      glyphs.push(...space.glyphs);
      advance += space.advance;
    }
    if (w === '') return;
    const s = shapeWord(font, w);
    glyphs.push(...s.glyphs);
    advance += s.advance;
  });
  return { advance, glyphs };
}

/** Units per em of `font` (2048 for DejaVu). */
export function unitsPerEm(font: FontName): number {
  return (fonts()[font].font as unknown as { unitsPerEm: number }).unitsPerEm;
}

/** Width in mm of `text` set at `size` mm. */
export function textWidth(text: string, font: FontName, size: number): number {
  return (shapeText(text, font).advance / unitsPerEm(font)) * size;
}
