// The three card fonts as PDF objects (ISO 32000-1 §9.7: a Type0 font, Identity-H, over a
// CIDFontType2 with the TrueType subset in FontFile2 and a ToUnicode CMap, §9.10.3, so the text
// extracts as Vietnamese). The subset holds the glyphs of printable ASCII and the Vietnamese
// alphabet (with fontkit's ligatures), built and compressed once per process; a card whose text
// needs a glyph beyond it gets a subset with those glyphs added, memoised by the glyphs added.
// Before this, pdf-lib parsed and subset each font again for every PDF (≈ 100 ms a card here).
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { fonts, shapeText, unitsPerEm, type FontName, type ShapedGlyph } from './fonts.ts';

const VIETNAMESE = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz';
const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
/** Every character alone, then the words that make fontkit's ligatures. */
const REPERTOIRE = [...new Set([...ASCII, ...VIETNAMESE, ...VIETNAMESE.toLocaleUpperCase('vi')])].concat(['ff', 'fi', 'fl', 'ffi', 'ffl']);

export interface PdfFont {
  /** Subset glyph number (the CID written in the content stream, Identity-H) of each font glyph id. */
  cid: Map<number, number>;
  /** The five objects of the font, numbered from `first` (Type0 font first). */
  objects(first: number): Buffer[];
}

interface Fontkit {
  createSubset(): { includeGlyph(id: number): number; encodeStream(): NodeJS.EventEmitter };
  italicAngle: number; ascent: number; descent: number; capHeight: number; xHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  post: { isFixedPitch: number };
  postscriptName: string;
}

const base = new Map<FontName, Map<number, ShapedGlyph>>();
const built = new Map<string, Promise<PdfFont>>();
const MAX_SUBSETS = 1000;

function repertoire(font: FontName): Map<number, ShapedGlyph> {
  let r = base.get(font);
  if (!r) {
    r = new Map();
    for (const text of REPERTOIRE) for (const g of shapeText(text, font).glyphs) if (!r.has(g.id)) r.set(g.id, g);
    base.set(font, r);
  }
  return r;
}

/** The font with every glyph in `used` (glyph id → glyph as shaped). */
export function pdfFont(font: FontName, used: Map<number, ShapedGlyph>): Promise<PdfFont> {
  const glyphs = repertoire(font);
  const extra = [...used.keys()].filter((id) => !glyphs.has(id)).sort((a, b) => a - b);
  const key = `${font}:${extra.join(',')}`;
  let f = built.get(key);
  if (!f) {
    const all = new Map(glyphs);
    for (const id of extra) all.set(id, used.get(id)!);
    f = build(font, all);
    if (built.size >= MAX_SUBSETS) built.clear();
    built.set(key, f);
  }
  return f;
}

const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/\.?0+$/, ''));
const hex4 = (x: number) => x.toString(16).padStart(4, '0');
const utf16Hex = (codePoints: number[]) => Buffer.from(String.fromCodePoint(...codePoints), 'utf16le').swap16().toString('hex');

async function build(font: FontName, glyphs: Map<number, ShapedGlyph>): Promise<PdfFont> {
  const fk = fonts()[font].font as unknown as Fontkit;
  const subset = fk.createSubset();
  const cid = new Map<number, number>();
  for (const id of glyphs.keys()) cid.set(id, subset.includeGlyph(id));
  const ttf = await new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    subset.encodeStream().on('data', (b: Uint8Array) => parts.push(Buffer.from(b))).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
  });
  const scale = 1000 / unitsPerEm(font);
  // A subset's name starts with a six-letter tag (§9.6.4), here derived from its glyphs.
  const tag = [...createHash('sha256').update(`${font}:${[...cid.keys()].join(',')}`).digest().subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  const name = `${tag}+${fk.postscriptName}`;
  const byCid = [...glyphs.values()].map((g) => ({ c: cid.get(g.id)!, g })).sort((a, b) => a.c - b.c);
  const widths = `[${byCid[0]!.c} [${byCid.map(({ g }) => n(g.advanceWidth * scale)).join(' ')}]]`;
  // ToUnicode (§9.10.3): bfchar blocks of at most 100 entries (Adobe TN 5411).
  const lines: string[] = [];
  for (let i = 0; i < byCid.length; i += 100) {
    const block = byCid.slice(i, i + 100).filter(({ g }) => g.codePoints.length > 0);
    lines.push(`${block.length} beginbfchar`, ...block.map(({ c, g }) => `<${hex4(c)}> <${utf16Hex(g.codePoints)}>`), 'endbfchar');
  }
  const cmap = [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def', '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000> <ffff>', 'endcodespacerange', ...lines, 'endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end',
  ].join('\n');
  const fontFile = deflateSync(ttf);
  const toUnicode = deflateSync(Buffer.from(cmap, 'latin1'));
  const flags = (fk.post.isFixedPitch ? 1 : 0) | 4; // FixedPitch, Symbolic (glyphs beyond Adobe's standard Latin set), §9.8.2
  const b = fk.bbox;
  return {
    cid,
    objects: (first) => [
      Buffer.from(`<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${first + 1} 0 R] /ToUnicode ${first + 4} 0 R >>`),
      Buffer.from(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /CIDToGIDMap /Identity /FontDescriptor ${first + 2} 0 R /W ${widths} >>`),
      Buffer.from(`<< /Type /FontDescriptor /FontName /${name} /Flags ${flags} /FontBBox [${[b.minX, b.minY, b.maxX, b.maxY].map((v) => n(v * scale)).join(' ')}] /ItalicAngle ${n(fk.italicAngle)} /Ascent ${n(fk.ascent * scale)} /Descent ${n(fk.descent * scale)} /CapHeight ${n((fk.capHeight || fk.ascent) * scale)} /XHeight ${n((fk.xHeight || 0) * scale)} /StemV 0 /FontFile2 ${first + 3} 0 R >>`),
      Buffer.concat([Buffer.from(`<< /Length ${fontFile.length} /Length1 ${ttf.length} /Filter /FlateDecode >>\nstream\n`), fontFile, Buffer.from('\nendstream')]),
      Buffer.concat([Buffer.from(`<< /Length ${toUnicode.length} /Filter /FlateDecode >>\nstream\n`), toUnicode, Buffer.from('\nendstream')]),
    ],
  };
}
