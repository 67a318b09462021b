export { VirtualChip } from './virtual-chip.ts';
export type { VirtualChipOptions } from './virtual-chip.ts';
export { PACE_PROFILE, VIETNAM_PROFILE } from './profile.ts';
export type { ChipProfile } from './profile.ts';
export { createVirtualChip } from './from-card.ts';
export type { CardImage, CreateChipOptions } from './from-card.ts';
export { CardDirectoryError, CHIP_KEYS_FILE, loadCardDirectory, writeCardDirectory } from './card-directory.ts';
export { RecordingTransceiver, scriptedRandom } from './testing.ts';
