// A structurally valid baseline JPEG container (SOI, APP0/JFIF, SOF0 with the given size, COM
// padding, EOI) for tests and benchmarks that need a face image of a given byte size. The pixel
// data is not decodable; LDS encoding only reads the markers (ITU T.81 §B.2).

export function syntheticJpeg(width: number, height: number, totalBytes = 1024): Uint8Array {
  const head = [
    0xff, 0xd8, // SOI
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // APP0 JFIF
    0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03,
    0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, // SOF0, 3 components
  ];
  const out = new Uint8Array(Math.max(totalBytes, head.length + 6));
  out.set(head, 0);
  let off = head.length;
  // COM segments (max 65535 bytes each) fill up to the requested size, then EOI.
  while (out.length - off - 2 > 4) {
    const len = Math.min(0xffff, out.length - off - 2 - 2);
    out[off] = 0xff;
    out[off + 1] = 0xfe;
    out[off + 2] = len >> 8;
    out[off + 3] = len & 0xff;
    for (let i = 4; i < len + 2; i++) out[off + i] = 0x41 + (i % 26);
    off += len + 2;
  }
  out[out.length - 2] = 0xff;
  out[out.length - 1] = 0xd9;
  return out;
}
