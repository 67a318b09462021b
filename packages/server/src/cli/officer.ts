// `cancuoc officer create`: accounts for officers, from the command line (the API has the same).
import type { Command } from 'commander';
import { ROLES, OfficerService, type Role } from '../auth/officers.ts';
import { generatePassword } from '../auth/passwords.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { ProblemError } from '../problems.ts';
import { portOption } from './options.ts';

export function registerOfficerCommands(program: Command): void {
  const officer = program.command('officer').description('officer accounts');
  officer.command('create')
    .description('create an officer; prints the generated password once')
    .requiredOption('--username <name>', 'lower-case letters, digits, . _ -')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--jurisdiction <unitId>', 'generation-2 unit id for province/commune officers, e.g. 2:01 or 2:00004')
    .option('--name <displayName>', 'display name')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .action(async (opts: { username: string; role: string; jurisdiction?: string; name?: string; data?: string; pgPort?: number }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        process.stderr.write(`--role must be one of ${ROLES.join(', ')}, got "${opts.role}"\n`);
        process.exitCode = 2;
        return;
      }
      const db = await openDatabase(loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort }));
      try {
        const password = generatePassword();
        const o = await new OfficerService(db.sql).create({ username: opts.username, displayName: opts.name ?? opts.username, role: opts.role as Role, jurisdictionId: opts.jurisdiction, password });
        process.stdout.write(JSON.stringify({ ...o, password }, null, 2) + '\n');
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 2;
      } finally {
        await db.close();
      }
    });
}
