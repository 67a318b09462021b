// The list of command groups. Add one import and one call per module.
import type { Command } from 'commander';
import { registerEmrtdCommands } from '@cancuoc/emrtd/cli';

export function registerCommands(program: Command): void {
  registerEmrtdCommands(program);
  void program;
}
