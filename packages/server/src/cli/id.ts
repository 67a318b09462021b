// `cancuoc id`: personal identification numbers from the command line (packages/idnumber).
//   id parse <number>      what a number says, as one JSON object; exit 2 when it is invalid
//   id allocate …          the number a counter gives in a prefix under the deployment key
//   id counter <number>    the counter that gave a number under the deployment key
// See docs/id-numbers.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { todayInVietnam } from '../calendar.ts';
import {
  createIdAllocator,
  IdNumberError,
  parseIdNumber,
  provinceByCode,
  type IdNumberInfo,
  type Sex,
} from '@cancuoc/idnumber';

const KEY_ENV = 'CANCUOC_ID_NUMBER_KEY';

export function registerIdCommands(program: Command): void {
  const id = program.command('id').description('personal identification numbers (12 digits PPP G YY RRRRRR)');

  id.command('parse')
    .description('validate a number and print what it says as one JSON object; invalid: reason on stderr, exit 2')
    .argument('<number>', 'the 12-digit number')
    .option('--today <date>', 'reference date YYYY-MM-DD: a birth year after it is invalid (default: today in Vietnam)')
    .action((number: string, opts: { today?: string }) => {
      const today = opts.today ?? todayInVietnam();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) return fail(`--today must be a date YYYY-MM-DD, got "${today}"`);
      let r;
      try {
        r = parseIdNumber(number, { today });
      } catch (err) {
        if (err instanceof IdNumberError) return fail(`--today: ${err.message}`);
        throw err;
      }
      if (!r.ok) return fail(`invalid ID number ${JSON.stringify(number)}: ${r.error.message} (${r.error.code})`);
      print(describe(r.value));
    });

  id.command('allocate')
    .description('print the number that allocation counter gives in the prefix of a province, sex and birth year')
    .requiredOption('--province <code>', 'province of birth registration, e.g. 001 (or 01)')
    .requiredOption('--sex <sex>', 'male | female')
    .requiredOption('--birth-year <year>', '1900–2399')
    .requiredOption('--counter <n>', 'numbers the prefix had issued before this one, 0–999999')
    .option('--key-hex <hex>', 'allocation key, 32/48/64 hex digits (visible to other users in the process list: prefer the others)')
    .option('--key-file <file>', 'file holding the key in hex')
    .option('--data <dir>', `run-time data directory whose keys/id-number.key is read when no key option or ${KEY_ENV} is given (default ./var)`)
    .action((opts: { province: string; sex: string; birthYear: string; counter: string; keyHex?: string; keyFile?: string; data?: string }) => {
      if (opts.sex !== 'male' && opts.sex !== 'female') return fail(`--sex must be male or female, got "${opts.sex}"`);
      const birthYear = integer(opts.birthYear);
      if (birthYear === undefined) return fail(`--birth-year must be a year, got "${opts.birthYear}"`);
      const counter = integer(opts.counter);
      if (counter === undefined) return fail(`--counter must be a whole number, got "${opts.counter}"`);
      const key = readKey(opts);
      if (!key) return;
      try {
        const number = createIdAllocator(key).allocate({ provinceCode: opts.province, sex: opts.sex as Sex, birthYear, counter });
        const p = provinceByCode(opts.province)!;
        print({ number, prefix: number.slice(0, 6), counter, provinceCode: p.code, provinceName: p.name, sex: opts.sex, birthYear });
      } catch (err) {
        if (err instanceof IdNumberError) return fail(`${err.message} (${err.code})`);
        throw err;
      }
    });

  id.command('counter')
    .description('print the allocation counter that gives this number under the key (issued here iff below the prefix counter)')
    .argument('<number>', 'the 12-digit number')
    .option('--key-hex <hex>', 'allocation key in hex')
    .option('--key-file <file>', 'file holding the key in hex')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .action((number: string, opts: { keyHex?: string; keyFile?: string; data?: string }) => {
      const key = readKey(opts);
      if (!key) return;
      try {
        const counter = createIdAllocator(key).counterOf(number);
        print({ number, prefix: number.slice(0, 6), counter });
      } catch (err) {
        if (err instanceof IdNumberError) return fail(`invalid ID number ${JSON.stringify(number)}: ${err.message} (${err.code})`);
        throw err;
      }
    });
}

/** The fields of `id parse`, in the documented order. */
function describe(v: IdNumberInfo) {
  const p = provinceByCode(v.provinceCode)!;
  return {
    number: v.number,
    valid: true,
    provinceCode: v.provinceCode,
    provinceName: v.provinceName,
    sex: v.sex,
    birthYear: v.birthYear,
    century: v.century,
    centurySexDigit: v.centurySexDigit,
    prefix: v.prefix,
    serial: v.serial,
    provinceSince2025: p.since2025,
  };
}

/** The key from --key-hex, --key-file, $CANCUOC_ID_NUMBER_KEY or <data>/keys/id-number.key; never creates one. */
function readKey(opts: { keyHex?: string; keyFile?: string; data?: string }): Buffer | undefined {
  let hex: string | undefined;
  let from: string;
  if (opts.keyHex !== undefined) {
    [hex, from] = [opts.keyHex, '--key-hex'];
  } else {
    const file = opts.keyFile ?? (process.env[KEY_ENV] ? undefined : path.join(opts.data ?? 'var', 'keys', 'id-number.key'));
    if (file === undefined) {
      [hex, from] = [process.env[KEY_ENV], KEY_ENV];
    } else {
      from = file;
      try {
        hex = readFileSync(file, 'utf8').trim();
      } catch (err) {
        fail(`cannot read the ID-number key from ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; give --key-hex, --key-file or ${KEY_ENV}`);
        return undefined;
      }
    }
  }
  if (!hex || !/^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{48}|[0-9a-fA-F]{64})$/.test(hex)) {
    fail(`${from}: the key must be 32, 48 or 64 hex digits (an AES-128/192/256 key)`);
    return undefined;
  }
  return Buffer.from(hex, 'hex');
}

function integer(s: string): number | undefined {
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}


function print(value: object): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function fail(message: string): void {
  process.stderr.write(`cancuoc id: ${message}\n`);
  process.exitCode = 2;
}
