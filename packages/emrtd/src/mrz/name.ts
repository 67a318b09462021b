// The name field of the MRZ, 9303-3 §4.6: primary identifier, '<<', secondary identifier
// components separated by '<', filled with '<'; truncated when too long.
import { transliterate } from './transliterate.ts';

/**
 * Builds the name field of `width` characters.
 *
 * Truncation (9303-3 §4.6) when the whole name does not fit: the secondary identifier is cut at
 * the end first, as long as the primary identifier, the `<<` separator and at least one
 * character of the secondary identifier fit; otherwise the primary identifier is cut so that
 * the first initial of the secondary identifier still fits.
 */
export function formatName(primary: string, secondary: string, width: number): string {
  const p = transliterate(primary);
  const s = transliterate(secondary);
  let name = s ? `${p}<<${s}` : p;
  if (name.length > width) {
    if (!s) name = p.slice(0, width);
    else if (p.length + 3 <= width) name = name.slice(0, width);
    else name = `${p.slice(0, width - 3)}<<${s[0]}`;
  }
  return name.padEnd(width, '<');
}

/**
 * Splits a Vietnamese full name into family name (the first word) and the other names
 * (middle and given names), the order used on the card and in the MRZ.
 */
export function splitVietnameseName(fullName: string): { primary: string; secondary: string } {
  const words = fullName.trim().split(/\s+/u).filter(Boolean);
  return { primary: words[0] ?? '', secondary: words.slice(1).join(' ') };
}

/** Reads a name field back: `ERIKSSON<<ANNA<MARIA<<<` → primary `ERIKSSON`, secondary `ANNA MARIA`. */
export function parseName(field: string): { primary: string; secondary: string } {
  const trimmed = field.replace(/<+$/, '');
  const sep = trimmed.indexOf('<<');
  const primary = sep < 0 ? trimmed : trimmed.slice(0, sep);
  const secondary = sep < 0 ? '' : trimmed.slice(sep + 2);
  const clean = (s: string) => s.replace(/<+/g, ' ').trim();
  return { primary: clean(primary), secondary: clean(secondary) };
}
