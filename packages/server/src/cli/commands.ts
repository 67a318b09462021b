// The list of command groups. Add one import and one call per module.
import type { Command } from 'commander';

export function registerCommands(program: Command): void {
  void program;
}
