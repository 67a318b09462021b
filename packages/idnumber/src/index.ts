// @cancuoc/idnumber — Vietnamese 12-digit personal identification numbers `PPP G YY RRRRRR`:
// parse, validate, check against a person, allocate. Pure: no I/O, no clock, no randomness.
export { provinces, provinceByCode, normaliseProvinceCode, type Province } from './provinces.ts';
export {
  CENTURY_SEX_DIGITS,
  MIN_BIRTH_YEAR,
  MAX_BIRTH_YEAR,
  centurySexDigit,
  birthYearOf,
  type CenturySex,
  type Sex,
} from './century-sex.ts';
export {
  parseIdNumber,
  parseIdNumberOrThrow,
  isValidIdNumber,
  ID_NUMBER_LENGTH,
  type IdNumberInfo,
  type ParseOptions,
  type ParseResult,
} from './parse.ts';
export { formatPrefix, parsePrefix, type PrefixParts } from './prefix.ts';
export { checkIdNumberMatches, yearOfBirthDate, type MatchResult, type PersonFacts } from './match.ts';
export {
  allocateIdNumber,
  createIdAllocator,
  SERIALS_PER_PREFIX,
  type AllocationRequest,
  type IdAllocator,
} from './allocate.ts';
export { ff1Encrypt, ff1Decrypt } from './ff1.ts';
export type { Today } from './today.ts';
export * from './errors.ts';
