// Terminal Authentication, reader side (9303-11 §7.1, TR-03110-3 §B.11): after Chip
// Authentication, send the terminal's certificate chain (each: MSE:Set DST with its CAR, then
// PSO:Verify Certificate with body and signature), select the inspection system key (MSE:Set AT
// with its CHR), and sign the chip's challenge: ECDSA plain over ID_PICC ‖ r_PICC ‖ Comp(PK_PCD).
import { sign, type KeyObject } from 'node:crypto';
import { concat } from '../crypto/bytes.ts';
import { command, type CommandApdu } from '../iso7816/apdu.ts';
import type { CardChannel } from '../iso7816/channel.ts';
import { SW } from '../iso7816/status.ts';
import { encodeTlv } from '../tlv/index.ts';
import { decodeCvc } from './cvc.ts';
import { TerminalAuthenticationError } from './errors.ts';

export interface TerminalCredentials {
  /** The chain from the one the chip trusts down: [link CVCA …,] DV certificate, IS certificate. */
  certificates: readonly Uint8Array[];
  /** The inspection system's private key (EC, on the CVCA's curve). */
  privateKey: KeyObject;
}

export interface TerminalAuthenticationInput extends TerminalCredentials {
  /** ID_PICC: the document number and its check digit (BAC), or Comp(chip's PACE ephemeral key). */
  idPicc: Uint8Array;
  /** The x-coordinate of the terminal's Chip Authentication ephemeral key. */
  ephemeralX: Uint8Array;
}

export interface TerminalAuthenticationResult {
  chr: string;
  rights: number;
}

async function expect(channel: CardChannel, apdu: CommandApdu, what: string): Promise<Uint8Array> {
  const r = await channel.send(apdu);
  if (r.sw !== SW.SUCCESS) throw new TerminalAuthenticationError(`${what} refused`, r.sw);
  return r.data;
}

export async function performTerminalAuthentication(channel: CardChannel, o: TerminalAuthenticationInput): Promise<TerminalAuthenticationResult> {
  if (o.certificates.length === 0) throw new TerminalAuthenticationError('no terminal certificate given', 0);
  const certs = o.certificates.map((c) => {
    try {
      return decodeCvc(c);
    } catch (e) {
      throw new TerminalAuthenticationError('a terminal certificate does not read', 0, { cause: e });
    }
  });
  for (const c of certs) {
    await expect(channel, command(0x00, 0x22, 0x81, 0xb6, encodeTlv(0x83, Buffer.from(c.car, 'latin1'))), `MSE:Set DST ${c.car}`);
    await expect(channel, command(0x00, 0x2a, 0x00, 0xbe, concat(c.body, encodeTlv(0x5f37, c.signature))), `PSO:Verify Certificate ${c.chr}`);
  }
  const terminal = certs.at(-1)!;
  await expect(channel, command(0x00, 0x22, 0x81, 0xa4, encodeTlv(0x83, Buffer.from(terminal.chr, 'latin1'))), 'MSE:Set AT (TA)');
  const r = await expect(channel, command(0x00, 0x84, 0x00, 0x00, undefined, 8), 'GET CHALLENGE');
  if (r.length !== 8) throw new TerminalAuthenticationError(`challenge of ${r.length} bytes`, 0);
  const signature = sign(terminal.hash, concat(o.idPicc, r, o.ephemeralX), { key: o.privateKey, dsaEncoding: 'ieee-p1363' });
  await expect(channel, command(0x00, 0x82, 0x00, 0x00, signature), 'EXTERNAL AUTHENTICATE (TA)');
  return { chr: terminal.chr, rights: certs.reduce((m, c) => (c.role === 'cvca' ? m : m & c.rights), 0x3f) };
}
