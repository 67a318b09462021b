// `cancuoc card`: identity card rules and offline checks from the command line.
//   card expiry --birth-date D --issue-date D [--explain]   the printed expiry date, or "none"
//   card verify-qr "<scanned text>" (--keys FILE | --url URL) [--at TIME]
//                                                            the QR's claims and whether it is genuine
// Exit codes: 0 done / valid, 1 the QR is not valid, 2 bad input. See docs/cards.md.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { CardDateError, cardValidity } from '../cards/expiry.ts';
import { verifyCardQr } from '../cards/qr.ts';

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('identity cards: validity rules, QR verification');

  card.command('expiry')
    .description('print the expiry date of a card (YYYY-MM-DD), or "none" when it never expires')
    .requiredOption('--birth-date <date>', "holder's date of birth, YYYY-MM-DD")
    .requiredOption('--issue-date <date>', 'date the card is issued, YYYY-MM-DD')
    .option('--explain', 'say why, rule by rule')
    .action((opts: { birthDate: string; issueDate: string; explain?: boolean }) => {
      let v;
      try {
        v = cardValidity(opts.birthDate, opts.issueDate);
      } catch (err) {
        if (!(err instanceof CardDateError)) throw err;
        process.stderr.write(`cancuoc card expiry: --${err.field === 'birthDate' ? 'birth-date' : 'issue-date'} ${err.message.replace(/^\w+: /, '')}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(`${v.expiryDate ?? 'none'}\n`);
      if (opts.explain) process.stdout.write(v.explanation.map((l) => `  ${l}\n`).join(''));
    });

  card.command('verify-qr')
    .description('verify the text of a card face QR code offline against our published keys; prints the claims and the verdict as JSON')
    .argument('<text>', 'the text a QR scanner read from the card (Base45)')
    .option('--keys <file>', 'the key set saved from GET /api/v1/pki/keys')
    .option('--url <url>', 'fetch the key set from this URL (e.g. https://host/api/v1/pki/keys)')
    .option('--at <time>', 'verify as at this date or ISO time (default: now)')
    .action(async (text: string, opts: { keys?: string; url?: string; at?: string }) => {
      const bad = (m: string) => {
        process.stderr.write(`cancuoc card verify-qr: ${m}\n`);
        process.exitCode = 2;
      };
      if (!opts.keys === !opts.url) return bad('give the published keys with exactly one of --keys FILE or --url URL');
      const at = opts.at ? new Date(opts.at) : new Date();
      if (Number.isNaN(at.getTime())) return bad(`--at must be a date or ISO time, got "${opts.at}"`);
      let keys: JSONWebKeySet;
      try {
        keys = opts.keys ? JSON.parse(readFileSync(opts.keys, 'utf8')) : await fetchKeys(opts.url!);
      } catch (err) {
        return bad(`cannot read the key set: ${(err as Error).message}`);
      }
      if (!keys || !Array.isArray(keys.keys)) return bad('the key set has no "keys" array (expected the body of GET /api/v1/pki/keys)');
      const r = await verifyCardQr(text, keys, at);
      const claims = r.claims ? { ...r.claims, photo: r.claims.photo ? `${r.claims.photo.length} bytes of JPEG` : undefined } : undefined;
      process.stdout.write(JSON.stringify({
        valid: r.valid,
        ...(r.failure ? { code: r.failure.code, reason: r.failure.reason } : {}),
        ...(r.kid ? { kid: r.kid, alg: r.alg } : {}),
        ...(claims ? { claims, claimsTrusted: r.valid } : {}),
      }, null, 2) + '\n');
      if (!r.valid) process.exitCode = 1;
    });
}

async function fetchKeys(url: string): Promise<JSONWebKeySet> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as JSONWebKeySet;
}
