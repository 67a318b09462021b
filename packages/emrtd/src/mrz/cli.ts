// `cancuoc mrz`: prints the three TD1 lines of a Vietnamese identity card.
import type { Command } from 'commander';
import { MrzError } from './errors.ts';
import { vietnamTd1 } from './vietnam.ts';

export function registerMrzCommand(program: Command): void {
  program
    .command('mrz')
    .description('print the TD1 machine-readable zone of a Vietnamese identity card (ICAO 9303-5)')
    .requiredOption('--id-number <digits>', '12-digit personal identification number')
    .requiredOption('--name <name>', 'full name, family name first, with diacritics ("Nguyễn Văn A")')
    .requiredOption('--birth-date <YYYY-MM-DD>', 'date of birth')
    .requiredOption('--sex <male|female>', 'sex')
    .requiredOption('--expiry <YYYY-MM-DD|none>', `expiry date, or "none" for a card that never expires (written 991231)`)
    .action((opts: { idNumber: string; name: string; birthDate: string; sex: string; expiry: string }) => {
      try {
        const lines = vietnamTd1({
          idNumber: opts.idNumber,
          fullName: opts.name,
          birthDate: opts.birthDate,
          sex: opts.sex as 'male' | 'female',
          expiryDate: opts.expiry === 'none' ? null : opts.expiry,
        });
        process.stdout.write(lines.join('\n') + '\n');
      } catch (err) {
        if (!(err instanceof MrzError)) throw err;
        process.stderr.write(`cancuoc mrz: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}
