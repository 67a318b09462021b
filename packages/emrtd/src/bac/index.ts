export { BacError } from './errors.ts';
export { bacKeys, bacSessionKeys } from './keys.ts';
export type { BacKeys } from './keys.ts';
export { performBac } from './reader.ts';
export type { BacResult, RandomSource } from './reader.ts';
