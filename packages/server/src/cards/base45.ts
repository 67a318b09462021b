// Base45 (RFC 9285): bytes as characters of the QR code alphanumeric set, so that a QR code
// holds them in alphanumeric mode (5.5 bits per character). Each pair of bytes [a, b] is the
// number a·256 + b = c + d·45 + e·45², written as the characters c d e (§4); a last single byte
// as two characters. Decoding refuses what an encoder cannot produce (§6).
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export class Base45Error extends Error {
  readonly code = 'ERR_BASE45';
  constructor(message: string) {
    super(message);
    this.name = 'Base45Error';
  }
}

const VALUE = new Map([...BASE45_ALPHABET].map((c, i) => [c, i]));

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    for (let k = 0; k < 3; k++) {
      out += BASE45_ALPHABET[n % 45];
      n = Math.floor(n / 45);
    }
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

export function base45Decode(text: string): Uint8Array {
  const values = [...text].map((c, i) => {
    const v = VALUE.get(c);
    if (v === undefined) throw new Base45Error(`character ${JSON.stringify(c)} at position ${i + 1} is not in the Base45 alphabet (0-9 A-Z space $ % * + - . / :)`);
    return v;
  });
  if (values.length % 3 === 1) throw new Base45Error(`a Base45 text has 3n or 3n+2 characters, this one has ${values.length} (truncated?)`);
  const out = new Uint8Array(Math.floor(values.length / 3) * 2 + (values.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < values.length; i += 3) {
    if (i + 2 < values.length) {
      const n = values[i]! + values[i + 1]! * 45 + values[i + 2]! * 2025;
      if (n > 0xffff) throw new Base45Error(`characters ${i + 1}–${i + 3} encode ${n}, more than two bytes hold (RFC 9285 §6)`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = values[i]! + values[i + 1]! * 45;
      if (n > 0xff) throw new Base45Error(`the last two characters encode ${n}, more than a byte holds (RFC 9285 §6)`);
      out[o++] = n;
    }
  }
  return out;
}
