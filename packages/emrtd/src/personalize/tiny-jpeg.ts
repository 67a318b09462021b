/**
 * A tiny baseline JPEG encoder (ITU-T T.81, sequential DCT, Huffman) for greyscale images whose
 * 8×8 blocks are flat: each block codes only its DC coefficient, then end-of-block. It produces
 * real, decodable JPEG files of a few hundred bytes, used as test photos (no third-party image
 * is committed). Not a general encoder: texture inside a block is averaged away.
 */

const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]; // T.81 Table K.3 (luminance DC)
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const QUANT = 16;

/** Canonical Huffman codes from BITS/HUFFVAL (T.81 Annex C). */
function huffmanCodes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
  const out = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) out.set(values[k++]!, { code: code++, length: len });
    code <<= 1;
  }
  return out;
}

class BitWriter {
  readonly bytes: number[] = [];
  #acc = 0;
  #n = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.#acc = (this.#acc << 1) | ((value >> i) & 1);
      if (++this.#n === 8) this.#flushByte();
    }
  }
  #flushByte(): void {
    this.bytes.push(this.#acc);
    if (this.#acc === 0xff) this.bytes.push(0x00); // byte stuffing, T.81 §F.1.2.3
    this.#acc = 0;
    this.#n = 0;
  }
  finish(): number[] {
    while (this.#n !== 0) this.write(1, 1); // pad with 1-bits
    return this.bytes;
  }
}

const segment = (marker: number, body: number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];

/** Encodes a width×height greyscale image; `shade(bx, by)` gives the grey level (0–255) of block (bx, by). */
export function tinyJpeg(width: number, height: number, shade: (bx: number, by: number) => number): Uint8Array {
  const dc = huffmanCodes(DC_BITS, DC_VALUES);
  const bw = Math.ceil(width / 8);
  const bh = Math.ceil(height / 8);
  const w = new BitWriter();
  let prev = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      // Flat block of level v: F(0,0) = 8·(v − 128) (T.81 §A.3.3), quantised by QUANT.
      const level = Math.max(0, Math.min(255, Math.round(shade(bx, by))));
      const q = Math.round((8 * (level - 128)) / QUANT);
      const diff = q - prev;
      prev = q;
      const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const c = dc.get(size)!;
      w.write(c.code, c.length);
      if (size > 0) w.write(diff > 0 ? diff : diff + (1 << size) - 1, size);
      w.write(0, 1); // AC: end of block, the only AC code ('0')
    }
  }
  const scan = w.finish();
  return new Uint8Array([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(QUANT)]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES]),
    ...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]),
    ...segment(0xc0, [0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]),
    ...segment(0xda, [0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]),
    ...scan,
    0xff, 0xd9,
  ]);
}

/** The test portrait: a 48×64 oval "face" on a light background (what `fixtures/face.jpg` holds). */
export function testPortrait(): Uint8Array {
  return tinyJpeg(48, 64, (bx, by) => {
    const dx = (bx - 2.5) / 2.2;
    const dy = (by - 3.5) / 3.2;
    const inFace = dx * dx + dy * dy <= 1;
    if (by === 3 && (bx === 1 || bx === 4)) return 40; // eyes
    if (by === 5 && bx >= 2 && bx <= 3) return 90; // mouth
    return inFace ? 170 : 235;
  });
}
