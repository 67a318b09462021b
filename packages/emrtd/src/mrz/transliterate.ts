// Transliteration of names into the MRZ alphabet, 9303-3 §6 (Latin characters with diacritics
// lose them; a few letters have fixed multi-letter forms) and §4.6 (punctuation in names).

/** Letters that NFD does not decompose, with their 9303-3 §6 transliteration. */
const SPECIAL: Record<string, string> = {
  Đ: 'D', // Vietnamese and South Slavic D with stroke
  Ð: 'D',
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'OE',
  ß: 'SS',
  Þ: 'TH',
  Ĳ: 'IJ',
  Ł: 'L',
  Ħ: 'H',
  Ŧ: 'T',
  Ŋ: 'N',
  ı: 'I',
  ĸ: 'K',
};

/**
 * Upper-case MRZ transliteration of free text: diacritics dropped (Vietnamese "Nguyễn Văn Đức" →
 * "NGUYEN VAN DUC"), apostrophes removed, any other non-letter (space, hyphen, comma) → '<'.
 * Characters with no Latin transliteration are dropped.
 */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const up = ch.toUpperCase();
    const special = SPECIAL[up] ?? SPECIAL[ch];
    if (special) {
      out += special;
      continue;
    }
    const base = up.normalize('NFD').replace(/\p{M}/gu, '');
    if (/^[A-Z]+$/.test(base)) out += base;
    else if (/^[0-9]$/.test(base)) out += base; // digits are not expected in names; kept as-is
    else if (ch === "'" || ch === '’' || ch === '`') continue;
    else if (/[\s\-,.‐–]/u.test(ch)) out += '<';
  }
  return out.replace(/<+/g, '<').replace(/^<|<$/g, '');
}
