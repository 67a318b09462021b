// Given names by sex from packages/server/data/names (vietnamese-namedb, MIT): boy.txt and
// girl.txt hold middle + given name pairs ("Minh Khang"), the *_one_word files single given
// names, which older generations typically carry behind the middle names Văn / Thị.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../data/names/', import.meta.url));

export interface NamePools {
  readonly male: readonly string[];
  readonly female: readonly string[];
  readonly maleOneWord: readonly string[];
  readonly femaleOneWord: readonly string[];
}

function read(file: string): string[] {
  // The source writes some capital Đ as Ð (U+00D0, Icelandic eth), which looks the same but is
  // another letter: normalise to Đ/đ (U+0110/U+0111) so that search and sorting treat them right.
  const lines = readFileSync(DIR + file, 'utf8').replace(/\u00d0/g, '\u0110').replace(/\u00f0/g, '\u0111')
    .split('\n').map((l) => l.normalize('NFC').trim().replace(/\s+/g, ' '));
  return [...new Set(lines.filter((l) => l.length > 0 && /^[\p{L} ]+$/u.test(l)))];
}

let cached: NamePools | undefined;

export function loadNamePools(): NamePools {
  cached ??= Object.freeze({ male: read('boy.txt'), female: read('girl.txt'), maleOneWord: read('boy_one_word.txt'), femaleOneWord: read('girl_one_word.txt') });
  return cached;
}

/** Lower-case ASCII form (for e-mail addresses): strips diacritics, đ → d. */
export function asciiFold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/[^a-z0-9]/g, '');
}
