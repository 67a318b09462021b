// `cancuoc officer …`: officer accounts from the command line (the API has the same, for
// administrators). Works beside a running `cancuoc start` on the same data directory: it uses
// the PostgreSQL that is running (db/embedded.ts), and a disabled officer's sessions end at once
// in the running server too (auth/officers.ts, NOTIFY). Every change is audited as cli:officer.
import type { Command } from 'commander';
import { AuditWriter } from '../audit/log.ts';
import { ROLES, OfficerService, type Officer, type Role } from '../auth/officers.ts';
import { generatePassword } from '../auth/passwords.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { ProblemError } from '../problems.ts';
import { portOption } from './options.ts';

const MIN_PASSWORD = 12;

interface DbOptions { data?: string; pgPort?: number }

async function withOfficers<T>(opts: DbOptions, fn: (officers: OfficerService, audit: AuditWriter) => Promise<T>): Promise<T | undefined> {
  const db = await openDatabase(loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort }));
  try {
    return await fn(new OfficerService(db.sql), new AuditWriter(db.sql));
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return fail(err.message);
  } finally {
    await db.close();
  }
}

function fail(message: string): undefined {
  process.stderr.write(`cancuoc officer: ${message}\n`);
  process.exitCode = 2;
  return undefined;
}

/** The password from standard input (one line), so it never shows in the process list or history. */
async function readPasswordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password.length < MIN_PASSWORD || password.length > 200) return fail(`the password must have ${MIN_PASSWORD} to 200 characters, got ${password.length}`);
  return password;
}

const print = (o: Officer, extra: Record<string, unknown> = {}) => process.stdout.write(JSON.stringify({ ...o, ...extra }, null, 2) + '\n');

function dbOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption);
}

export function registerOfficerCommands(program: Command): void {
  const officer = program.command('officer').description('officer accounts');

  dbOptions(officer.command('create')
    .description('create an officer; the password is generated and printed once, or read from standard input with --password-stdin')
    .requiredOption('--username <name>', 'lower-case letters, digits, . _ -')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--jurisdiction <unitId>', 'generation-2 unit id for province/commune officers, e.g. 2:01 or 2:00004')
    .option('--name <displayName>', 'display name')
    .option('--password-stdin', `read the password (${MIN_PASSWORD}–200 characters) from the first line of standard input`))
    .action(async (opts: DbOptions & { username: string; role: string; jurisdiction?: string; name?: string; passwordStdin?: boolean }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) return fail(`--role must be one of ${ROLES.join(', ')}, got "${opts.role}"`);
      if (!/^[a-z0-9._-]{3,64}$/.test(opts.username)) return fail(`--username must be 3–64 lower-case letters, digits, . _ -, got "${opts.username}"`);
      const given = opts.passwordStdin ? await readPasswordFromStdin() : undefined;
      if (opts.passwordStdin && given === undefined) return;
      const password = given ?? generatePassword();
      await withOfficers(opts, async (officers, audit) => {
        const o = await officers.create({ username: opts.username, displayName: opts.name ?? opts.username, role: opts.role as Role, jurisdictionId: opts.jurisdiction, password });
        await audit.record({ actor: 'cli:officer', action: 'officer.create', details: { officerId: o.id, username: o.username, role: o.role, jurisdictionId: o.jurisdiction?.id ?? null } });
        print(o, given ? {} : { password });
      });
    });

  for (const [name, active, description] of [
    ['disable', false, 'disable an officer: no more logins, and every session ends at once (also in a running server)'],
    ['enable', true, 'enable a disabled officer again'],
  ] as const) {
    dbOptions(officer.command(name).description(description).requiredOption('--username <name>', 'the officer'))
      .action(async (opts: DbOptions & { username: string }) => {
        await withOfficers(opts, async (officers, audit) => {
          const found = await officers.byUsername(opts.username);
          if (!found) return fail(`no officer ${opts.username}`);
          const o = (await officers.setActive(found.id, active))!;
          await audit.record({ actor: 'cli:officer', action: active ? 'officer.enable' : 'officer.disable', details: { officerId: o.id, username: o.username } });
          print(o);
        });
      });
  }

  dbOptions(officer.command('password')
    .description('set an officer\'s password, read from the first line of standard input')
    .requiredOption('--username <name>', 'the officer'))
    .action(async (opts: DbOptions & { username: string }) => {
      const password = await readPasswordFromStdin();
      if (password === undefined) return;
      await withOfficers(opts, async (officers, audit) => {
        const found = await officers.byUsername(opts.username);
        if (!found) return fail(`no officer ${opts.username}`);
        await officers.setPassword(found.id, password);
        await audit.record({ actor: 'cli:officer', action: 'officer.password', details: { officerId: found.id, username: found.username } });
        print(found);
      });
    });

  dbOptions(officer.command('list').description('list officers as JSON lines, disabled ones included'))
    .action(async (opts: DbOptions) => {
      await withOfficers(opts, async (officers) => {
        for (const o of await officers.list()) process.stdout.write(JSON.stringify(o) + '\n');
      });
    });
}
