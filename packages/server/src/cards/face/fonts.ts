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

/** Width in mm of `text` set at `size` mm. */
export function textWidth(text: string, font: FontName, size: number): number {
  const f = fonts()[font].font as unknown as { layout(t: string): { advanceWidth: number }; unitsPerEm: number };
  return (f.layout(text).advanceWidth / f.unitsPerEm) * size;
}
