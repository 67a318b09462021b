// Public API of @cancuoc/emrtd. Each area adds its own export lines.
export { CardProtocolStepError, EmrtdError } from './errors.ts';
export * from './tlv/index.ts';
export * from './mrz/index.ts';
export * from './lds/index.ts';
export * from './cms/index.ts';
export * from './pki/index.ts';
export * from './pa/index.ts';
export * from './crypto/index.ts';
export * from './iso7816/index.ts';
export * from './bac/index.ts';
export * from './pace/index.ts';
export * from './ca/index.ts';
export * from './aa/index.ts';
export * from './chip/index.ts';
export * from './reader/index.ts';
export * from './transport/index.ts';
export * from './personalize/index.ts';
export * from './eac/index.ts';
