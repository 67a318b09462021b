// Integration: the virtual chip served to Debian's vsmartcard-vpcd virtual reader (inside pcscd),
// read back through PC/SC (pcsclite) by our reader — the path an independent reader would use.
// Needs the Debian packages pcscd, vsmartcard-vpcd, libpcsclite-dev (to build pcsclite).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { createVirtualChip } from '../chip/from-card.ts';
import { personalizeCard } from '../personalize/personalize.ts';
import { SAMPLE_PERSON, samplePhoto, samplePki } from '../personalize/sample.ts';
import { readCard } from '../reader/verify-card.ts';
import { connectPcsc } from './pcsc.ts';
import { serveOverVpcd, VPCD_DEFAULT_PORT } from './vpcd.ts';
import type { VpcdConnection } from './vpcd.ts';

function pcscdRunning(): boolean {
  try {
    execFileSync('pidof', ['pcscd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

describe('virtual chip in vpcd, read over PC/SC', () => {
  let daemon: ChildProcess | undefined;
  let conn: VpcdConnection | undefined;
  const pki = samplePki();

  before(async () => {
    if (!pcscdRunning()) {
      // pcscd loads the vpcd driver from /etc/reader.conf.d/vpcd (package vsmartcard-vpcd).
      daemon = spawn('pcscd', ['--foreground'], { stdio: 'ignore' });
    }
    for (let i = 0; i < 50 && !(await portOpen(VPCD_DEFAULT_PORT)); i++) await new Promise((r) => setTimeout(r, 100));
  });

  after(async () => {
    await conn?.close();
    if (daemon?.pid) process.kill(daemon.pid, 'SIGTERM');
  });

  for (const pace of [true, false]) {
    it(`personalised card (${pace ? 'PACE' : 'BAC only'}) reads and verifies through pcscd`, async () => {
      const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), pki: { dsCert: pki.dsCert, dsKey: pki.dsKey }, options: { pace } });
      conn = serveOverVpcd(createVirtualChip(card), { retryMs: 0, onExchange: (c, r) => process.env.VPCD_TRACE && console.error(Buffer.from(c).toString('hex'), Buffer.from(r).toString('hex').slice(0, 40)) });
      await conn.connected;
      const t = await connectPcsc({ reader: 'Virtual PCD 00 00', timeoutMs: 10_000 });
      try {
        assert.equal(Buffer.from(t.atr).toString('hex'), '3b80800101');
        const r = await readCard(t, { mrz: card.mrz.join('\n'), trust: { cscas: [pki.cscaCert] } });
        assert.equal(r.accessProtocol, pace ? 'PACE' : 'BAC');
        assert.equal(r.chipAuthentication.status, 'success');
        assert.equal(r.valid, true, JSON.stringify(r.passive.errors));
        assert.equal(r.parsed.dg13?.fullName, SAMPLE_PERSON.fullName);
      } finally {
        await t.close();
        await conn.close();
        conn = undefined;
        // pcscd polls the virtual slot (~400 ms): let it see the card leave before the next one.
        await new Promise((r) => setTimeout(r, 1500));
      }
    });
  }
});
