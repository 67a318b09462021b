// Public API of @cancuoc/emrtd. Each area adds its own export lines.
export { EmrtdError } from './errors.ts';
export * from './tlv/index.ts';
export * from './mrz/index.ts';
export * from './lds/index.ts';
export * from './cms/index.ts';
export * from './pki/index.ts';
export * from './pa/index.ts';
