// Machine-readable zone, 9303 Parts 3, 4 and 5.
export { MrzCheckDigitError, MrzError, MrzFormatError, MrzInputError } from './errors.ts';
export { checkDigit } from './check-digit.ts';
export { transliterate } from './transliterate.ts';
export { formatName, parseName, splitVietnameseName } from './name.ts';
export { isoToMrzDate, mrzDateToIso } from './dates.ts';
export { formatTd1 } from './generate.ts';
export type { Td1Fields } from './generate.ts';
export { NEVER_EXPIRES_MRZ_DATE, vietnamTd1 } from './vietnam.ts';
export type { VietnamMrzInput } from './vietnam.ts';
export { parseMrz, splitMrzLines } from './parse.ts';
export { mrzInformation, mrzKeyInfo } from './key-info.ts';
export type { Mrz, MrzFormat, MrzKeyInfo, MrzSex } from './types.ts';
