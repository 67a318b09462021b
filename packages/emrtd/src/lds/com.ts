// EF.COM, 9303-10 §4.6.1: `60 { 5F01 LDS version "aabb", 5F36 Unicode version "aabbcc", 5C tag list }`.
import { encodeTlv } from '../tlv/index.ts';
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { dataGroupOfTag, dataGroupFile } from './files.ts';
import { kids, latin1, outer } from './decode-outer.ts';

export interface EfCom {
  /** Four digits `aabb`: LDS version aa.bb, e.g. `0107` for LDS 1.7. */
  ldsVersion: string;
  /** Six digits `aabbcc`, e.g. `040000` for Unicode 4.0.0. */
  unicodeVersion: string;
  /** Data group tags present, in file order (e.g. 0x61, 0x75). */
  tags: number[];
  /** The same list as data group numbers; unknown tags are left out. */
  dataGroups: number[];
}

export function decodeCom(bytes: Uint8Array): EfCom {
  const com = outer('COM', bytes, 0x60);
  const items = kids('COM', com);
  const get = (tag: number) => {
    const t = items.find((x) => x.tag === tag);
    if (!t) throw new LdsDecodeError('COM', `tag ${tag.toString(16).toUpperCase()} missing`);
    return t.value;
  };
  const ldsVersion = latin1(get(0x5f01));
  const unicodeVersion = latin1(get(0x5f36));
  if (!/^[0-9]{4}$/.test(ldsVersion)) throw new LdsDecodeError('COM', `LDS version ${JSON.stringify(ldsVersion)}`);
  if (!/^[0-9]{6}$/.test(unicodeVersion)) throw new LdsDecodeError('COM', `Unicode version ${JSON.stringify(unicodeVersion)}`);
  const tags = [...get(0x5c)];
  const dataGroups = tags.map(dataGroupOfTag).filter((n): n is number => n !== undefined);
  return { ldsVersion, unicodeVersion, tags, dataGroups };
}

/** EF.COM listing `dataGroups`; LDS 1.7 and Unicode 4.0.0 unless given. */
export function encodeCom(input: { dataGroups: readonly number[]; ldsVersion?: string; unicodeVersion?: string }): Uint8Array {
  const lds = input.ldsVersion ?? '0107';
  const uni = input.unicodeVersion ?? '040000';
  if (!/^[0-9]{4}$/.test(lds) || !/^[0-9]{6}$/.test(uni)) throw new LdsEncodeError('COM', 'versions are 4 and 6 digits');
  const tags = input.dataGroups.map((n) => {
    try {
      return dataGroupFile(n).tag!;
    } catch {
      throw new LdsEncodeError('COM', `no data group ${n}`);
    }
  });
  return encodeTlv(0x60, [
    encodeTlv(0x5f01, Buffer.from(lds, 'latin1')),
    encodeTlv(0x5f36, Buffer.from(uni, 'latin1')),
    encodeTlv(0x5c, Uint8Array.from(tags)),
  ]);
}
