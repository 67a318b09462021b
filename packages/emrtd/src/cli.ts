// Command-line entry of the emrtd package: the server's `cancuoc` program calls
// registerEmrtdCommands(program). Each command's code lives beside the module it drives.
import type { Command } from 'commander';
import { registerMrzCommand } from './mrz/cli.ts';
import { registerVerifyCommand } from './pa/cli.ts';
import { registerPkiCommand } from './pki/cli.ts';
import { registerChipCardCommands } from './chip/cli.ts';

export function registerEmrtdCommands(program: Command): void {
  registerMrzCommand(program);
  registerPkiCommand(program);
  const chip = program.command('chip').description('identity card chip: verify, personalise, read (ICAO 9303)');
  registerVerifyCommand(chip);
  registerChipCardCommands(chip);
}
