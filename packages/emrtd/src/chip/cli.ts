// `cancuoc chip personalize | read | serve`: write a card's chip files, read and verify a card
// (the virtual chip from a card directory, or a PC/SC reader), serve a card to vsmartcard-vpcd.
// Exit codes: 0 success / valid, 1 card not valid or refused, 2 bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EmrtdError } from '../errors.ts';
import { MrzError } from '../mrz/errors.ts';
import { readPkiDirectory } from '../pki/directory.ts';
import { CAN_PATTERN, personalizeCard } from '../personalize/personalize.ts';
import type { PersonalizeOptions } from '../personalize/personalize.ts';
import { PersonValidationError } from '../personalize/errors.ts';
import { readCard, trustStoreOf } from '../reader/verify-card.ts';
import { loadPkd } from '../pa/cli.ts';
import type { CardVerification, TrustInput } from '../reader/verify-card.ts';
import type { Transceiver } from '../iso7816/transceiver.ts';
import { connectPcsc } from '../transport/pcsc.ts';
import { serveOverVpcd, VPCD_DEFAULT_PORT } from '../transport/vpcd.ts';
import { PASSPORT_ATR } from '../transport/atr.ts';
import { toHex } from '../crypto/bytes.ts';
import { loadCardDirectory, writeCardDirectory } from './card-directory.ts';
import { readPrivateKey } from '../eac/directory.ts';
import { createVirtualChip } from './from-card.ts';

class BadInput extends Error {}
const collect = (v: string, prev: string[] = []) => [...prev, v];

function fail(command: string, err: unknown): void {
  if (err instanceof PersonValidationError) {
    for (const p of err.problems) process.stderr.write(`cancuoc chip ${command}: person.${p.field}: ${p.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (!(err instanceof BadInput || err instanceof EmrtdError)) throw err;
  const sw = (err as { sw?: number }).sw;
  process.stderr.write(`cancuoc chip ${command}: ${err.message}${sw ? ` [status word ${sw.toString(16).toUpperCase().padStart(4, '0')}]` : ''}${err instanceof EmrtdError ? ` (${err.code})` : ''}\n`);
  process.exitCode = err instanceof BadInput || err instanceof MrzError ? 2 : 1;
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new BadInput(`${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function readKey(path: string) {
  readInput(path, 'terminal key');
  try {
    return readPrivateKey(path);
  } catch (e) {
    throw new BadInput(`terminal key ${path}: ${(e as Error).message}`);
  }
}

function parseDate(s: string | undefined, option = '--at'): Date | undefined {
  if (s === undefined) return undefined;
  const d = new Date(`${s}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new BadInput(`${option} ${s} is not a YYYY-MM-DD date`);
  return d;
}

/** JSON view of a read: parsed data and verdicts; file contents as sizes (the face can be written with --face). */
function summary(r: CardVerification): unknown {
  return {
    valid: r.valid,
    accessProtocol: r.accessProtocol,
    ...(r.pace ? { pace: r.pace } : {}),
    ...(r.paceFallback ? { paceFallback: r.paceFallback } : {}),
    chipAuthentication: r.chipAuthentication,
    terminalAuthentication: r.terminalAuthentication,
    activeAuthentication: r.activeAuthentication,
    passive: r.passive,
    ...(r.cardSecurity ? { cardSecurity: r.cardSecurity } : {}),
    parsed: {
      mrz: r.parsed.mrz ?? null,
      mrzLines: r.parsed.mrzLines ?? null,
      dg13: r.parsed.dg13 ?? null,
      faceImages: r.parsed.faceImages.map((f) => ({ mime: f.mime ?? null, width: f.width, height: f.height, bytes: f.data.length })),
    },
    files: Object.fromEntries(Object.entries(r.files).map(([k, v]) => [k, v.length])),
    denied: r.denied,
    missing: r.missing,
    parseErrors: r.parseErrors,
  };
}

export function registerChipCardCommands(chip: Command): void {
  chip
    .command('personalize')
    .description('write the chip files of a Vietnamese identity card (EF.COM, EF.SOD, EF.CardAccess, DG1, DG2, DG13, DG14, DG15) and its private keys')
    .requiredOption('--pki <dir>', 'PKI directory from `cancuoc pki init` (ds.pem, ds.key.pem)')
    .requiredOption('--person <file>', 'person JSON (idNumber, fullName, birthDate, sex, … see README)')
    .requiredOption('--photo <file>', 'face image, JPEG or JPEG 2000')
    .requiredOption('--out <dir>', 'card directory to write')
    .option('--bac-only', 'no PACE: BAC only, like the deployed Vietnamese card')
    .option('--cipher <alg>', 'PACE / Chip Authentication cipher: AES-128, AES-192, AES-256, 3DES', 'AES-128')
    .option('--curve <name>', 'curve of PACE and the chip keys (brainpoolP256r1, prime256v1, …)', 'brainpoolP256r1')
    .option('--aa <kind>', 'Active Authentication key: ec, rsa or none', 'ec')
    .option('--no-ca', 'no Chip Authentication key')
    .option('--cam', 'offer PACE with Chip Authentication Mapping (and generic mapping), write EF.CardSecurity (AES only)')
    .option('--can <digits>', 'card access number for PACE, 6 digits, printed on the card face (generated when not given)')
    .option('--fingerprint <position=file>', 'a finger image for DG3 (WSQ, JPEG, JPEG 2000 or PNG), position 1–10 or right-index…; needs --cvca (repeatable)', collect, [])
    .option('--cvca <file>', 'a CVCA certificate (.cvcert) the chip trusts for Terminal Authentication (EAC; repeatable, at most 2)', collect, [])
    .option('--chip-date <YYYY-MM-DD>', "the chip's starting date for Terminal Authentication (default today)")
    .action((o: { pki: string; person: string; photo: string; out: string; bacOnly?: boolean; cipher: string; curve: string; aa: string; ca: boolean; can?: string; fingerprint: string[]; cvca: string[]; chipDate?: string; cam?: boolean }) => {
      try {
        if (!['AES-128', 'AES-192', 'AES-256', '3DES'].includes(o.cipher)) throw new BadInput(`--cipher ${o.cipher}: use AES-128, AES-192, AES-256 or 3DES`);
        if (!['ec', 'rsa', 'none'].includes(o.aa)) throw new BadInput(`--aa ${o.aa}: use ec, rsa or none`);
        if (o.can !== undefined && !CAN_PATTERN.test(o.can)) throw new BadInput(`--can ${o.can}: the CAN is 6 digits`);
        if (o.can !== undefined && o.bacOnly) throw new BadInput('--can needs PACE: a BAC-only card has no CAN');
        let person: unknown;
        try {
          person = JSON.parse(readInput(o.person, 'person file').toString('utf8'));
        } catch (e) {
          if (e instanceof BadInput) throw e;
          throw new BadInput(`person file ${o.person} is not JSON: ${(e as Error).message}`);
        }
        const photo = new Uint8Array(readInput(o.photo, 'photo'));
        const pki = readPkiDirectory(o.pki);
        const fingerprints = o.fingerprint.map((spec) => {
          const m = /^([a-z-]+|[0-9]{1,2})=(.+)$/.exec(spec);
          if (!m) throw new BadInput(`--fingerprint ${spec}: expected POSITION=FILE`);
          const position = /^[0-9]+$/.test(m[1]!) ? Number(m[1]) : (m[1] as 'right-index');
          return { position, image: new Uint8Array(readInput(m[2]!, 'finger image')) };
        });
        const chipDate = parseDate(o.chipDate, '--chip-date');
        const eac = o.cvca.length ? { trustPoints: o.cvca.map((f) => new Uint8Array(readInput(f, 'CVCA certificate'))), ...(chipDate ? { date: chipDate } : {}) } : undefined;
        const options: PersonalizeOptions = { pace: !o.bacOnly, cipher: o.cipher as PersonalizeOptions['cipher'] & string, curve: o.curve, activeAuthentication: o.aa as 'ec', chipAuthentication: o.ca, ...(o.can ? { can: o.can } : {}), ...(eac ? { eac } : {}), ...(o.cam ? { paceMapping: 'CAM' as const } : {}) };
        const card = personalizeCard({ person, photo, pki: { dsCert: pki.dsCert, dsKey: pki.dsKey }, options, ...(fingerprints.length ? { fingerprints } : {}) });
        writeCardDirectory(o.out, card);
        process.stdout.write(JSON.stringify({ out: o.out, files: Object.keys(card.files), chipKeys: Object.keys(card.chipKeys), mrz: card.mrz, can: card.can ?? null }, null, 2) + '\n');
      } catch (err) {
        fail('personalize', err);
      }
    });

  chip
    .command('read')
    .description('read a card over BAC/PACE and secure messaging (the virtual chip of a card directory, or a PC/SC reader), verify it, print JSON')
    .option('--card <dir>', 'card directory (from `chip personalize`), read through the virtual chip')
    .option('--pcsc [reader]', 'read the card in a PC/SC reader instead (optionally the reader whose name contains this)')
    .option('--mrz <lines>', 'the MRZ: three lines (TD1) or two (TD3), separated by newlines or a literal \\n')
    .option('--can <digits>', 'card access number (printed on the card face): PACE with the CAN instead of the MRZ')
    .option('--bac', 'use BAC even when the card offers PACE')
    .option('--csca <file>', 'trusted CSCA certificate(s), PEM or DER (repeatable)', collect, [])
    .option('--masterlist <file>', 'trusted ICAO master list (repeatable)', collect, [])
    .option('--crl <file>', 'CRL (repeatable)', collect, [])
    .option('--at <YYYY-MM-DD>', 'date at which certificates are judged (default today)')
    .option('--face <file>', 'write the first face image (JPEG / JPEG 2000) here')
    .option('--terminal-cert <file>', 'Terminal Authentication: the chain from the CVCA the chip trusts down (DV, then IS .cvcert; repeatable)', collect, [])
    .option('--terminal-key <file>', "Terminal Authentication: the inspection system's private key")
    .option('--pkd <file>', 'ICAO PKD LDIF download (master lists, Document Signers, CRLs; repeatable)', collect, [])
    .action(async (o: { card?: string; pcsc?: string | boolean; mrz?: string; can?: string; bac?: boolean; csca: string[]; masterlist: string[]; crl: string[]; at?: string; face?: string; terminalCert: string[]; terminalKey?: string; pkd: string[] }) => {
      let close: (() => Promise<void>) | undefined;
      try {
        if (!o.card === !o.pcsc) throw new BadInput('give either --card DIR or --pcsc');
        if (!o.mrz && !o.can) throw new BadInput('give --mrz (or --can for PACE)');
        const mrz = o.mrz?.replace(/\\n/g, '\n').trim();
        const at = parseDate(o.at);
        const trust: TrustInput = {
          cscas: o.csca.map((f) => new Uint8Array(readInput(f, 'CSCA'))),
          masterLists: o.masterlist.map((f) => new Uint8Array(readInput(f, 'master list'))),
          crls: o.crl.map((f) => new Uint8Array(readInput(f, 'CRL'))),
        };
        const store = trustStoreOf(trust);
        const pkd = await loadPkd(store, o.pkd);
        let t: Transceiver;
        if (o.card) {
          t = createVirtualChip(loadCardDirectory(o.card));
        } else {
          const p = await connectPcsc(typeof o.pcsc === 'string' ? { reader: o.pcsc } : {});
          close = () => p.close();
          t = p;
        }
        if (!o.terminalCert.length !== !o.terminalKey) throw new BadInput('Terminal Authentication needs both --terminal-cert and --terminal-key');
        const terminal = o.terminalKey
          ? { certificates: o.terminalCert.map((f) => new Uint8Array(readInput(f, 'terminal certificate'))), privateKey: readKey(o.terminalKey) }
          : undefined;
        const r = await readCard(t, { ...(mrz ? { mrz } : {}), ...(o.can ? { can: o.can } : {}), ...(o.bac ? { accessProtocol: 'BAC' as const } : {}), trust: store, ...(at ? { at } : {}), ...(terminal ? { terminal } : {}) });
        if (o.face && r.parsed.faceImages[0]) writeFileSync(o.face, r.parsed.faceImages[0].data);
        process.stdout.write(JSON.stringify({ ...(summary(r) as object), ...(pkd.length ? { pkd } : {}) }, null, 2) + '\n');
        process.exitCode = r.valid ? 0 : 1;
      } catch (err) {
        fail('read', err);
      } finally {
        await close?.().catch(() => undefined);
      }
    });

  chip
    .command('serve')
    .description('put the card of a card directory into the vsmartcard-vpcd virtual reader (pcscd) until stopped, for any PC/SC application')
    .requiredOption('--card <dir>', 'card directory (from `chip personalize`)')
    .option('--vpcd <host:port>', 'where vpcd listens', `127.0.0.1:${VPCD_DEFAULT_PORT}`)
    .option('--trace', 'print every APDU exchange on stderr')
    .action(async (o: { card: string; vpcd: string; trace?: boolean }) => {
      try {
        const m = /^(.+):(\d{1,5})$/.exec(o.vpcd);
        if (!m || Number(m[2]) > 65535) throw new BadInput(`--vpcd ${o.vpcd}: expected host:port`);
        const chip = createVirtualChip(loadCardDirectory(o.card));
        const conn = serveOverVpcd(chip, {
          host: m[1]!,
          port: Number(m[2]),
          ...(o.trace
            ? {
                onExchange: (c: Uint8Array, r: Uint8Array) => {
                  process.stderr.write(`> ${toHex(c)}\n< ${toHex(r)}\n`);
                  if (r.length >= 2 && r[r.length - 2] === 0x64 && r[r.length - 1] === 0x00) process.stderr.write(`! internal failure: ${chip.lastInternalError?.message ?? 'unknown'}\n`);
                },
              }
            : {}),
        });
        process.stderr.write(`serving ${o.card} to vpcd at ${o.vpcd} (ATR ${toHex(PASSPORT_ATR)}); reconnects if pcscd restarts; Ctrl-C to stop\n`);
        await conn.connected;
        process.stderr.write('connected: the card is in the virtual reader\n');
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await conn.close();
      } catch (err) {
        fail('serve', err);
      }
    });
}
