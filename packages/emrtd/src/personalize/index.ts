export { PersonalizationError, PersonValidationError } from './errors.ts';
export { validatePerson } from './person.ts';
export { CAN_PATTERN, encodeEfCvca, generateCan, personalizeCard, personalizeCardWith } from './personalize.ts';
export type { CardFileName, PersonalizedCard, PersonalizeInput, PersonalizeOptions, PersonalizeWithInput } from './personalize.ts';
export { SAMPLE_PERSON, samplePhoto, samplePki } from './sample.ts';
export type { SamplePki } from './sample.ts';
export { testPortrait, tinyJpeg } from './tiny-jpeg.ts';
