// The list of command groups. Add one import and one call per module.
import type { Command } from 'commander';
import { registerAuditCommands } from './audit.ts';
import { registerCardCommands } from './card.ts';
import { registerOfficerCommands } from './officer.ts';
import { registerPlatformCommands } from './platform.ts';
import { registerEmrtdCommands } from '@cancuoc/emrtd/cli';
import { registerIdCommands } from './id.ts';
import { registerSeedCommand } from './seed.ts';
import { registerImportExportCommands } from './import-export.ts';
import { registerQualityCommands } from './quality.ts';

export function registerCommands(program: Command): void {
  registerPlatformCommands(program);
  registerOfficerCommands(program);
  registerAuditCommands(program);
  registerEmrtdCommands(program);
  registerIdCommands(program);
  registerSeedCommand(program);
  registerImportExportCommands(program);
  registerCardCommands(program);
  registerQualityCommands(program);
}
