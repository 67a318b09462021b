// A PKCS#11 module is loaded and initialised once per process (C_Initialize may be called only
// once, PKCS#11 v2.40 §5.4) and shared by every KeyStore on it; the last one out finalises it.
// For the built-in SoftHSM2 token this is also where the token is created on first start:
// C_InitToken on a free slot with the SO PIN, then C_InitPIN for the user PIN.
import * as graphene from 'graphene-pk11';
import { ckrOf, KeyStoreError } from './errors.ts';
import type { HsmConfig } from './hsm-config.ts';
import { prepareSoftHsm } from './softhsm.ts';

export interface ModuleHandle {
  findSlot(config: HsmConfig): graphene.Slot;
  userPin(config: HsmConfig): string;
  /** Records the PIN that logged in to `slot`; false when another PIN did. */
  loggedIn(slot: graphene.Slot, pin: string): boolean;
  release(): void;
}

interface Loaded {
  module: graphene.Module;
  refs: number;
  softhsmConf?: string;
  pins?: { userPin: string; soPin: string };
  /** PIN that logged in, by slot ID. */
  logins: Map<bigint, string>;
}

const loaded = new Map<string, Loaded>();

export function openModule(config: HsmConfig, flags: number): ModuleHandle {
  let entry = loaded.get(config.module);
  let pins: { userPin: string; soPin: string } | undefined;
  if (config.softhsm) {
    pins = prepareSoftHsm(config.softhsm);
    if (entry && entry.softhsmConf !== config.softhsm.confFile) {
      throw new KeyStoreError('ERR_HSM_CONFIG', `SoftHSM2 is already initialised in this process with ${entry.softhsmConf}; one process uses one SoftHSM configuration`);
    }
    // Read by SoftHSM in C_Initialize (below); Node's process.env writes through to setenv().
    process.env.SOFTHSM2_CONF = config.softhsm.confFile;
  }
  if (!entry) {
    let module: graphene.Module;
    try {
      module = graphene.Module.load(config.module, 'cancuoc');
      module.initialize({ flags });
    } catch (err) {
      throw new KeyStoreError('ERR_HSM_MODULE', `cannot load the PKCS#11 module ${config.module}: ${(err as Error).message}`, { cause: err, ckr: ckrOf(err) });
    }
    entry = { module, refs: 0, logins: new Map(), ...(config.softhsm ? { softhsmConf: config.softhsm.confFile } : {}), ...(pins ? { pins } : {}) };
    loaded.set(config.module, entry);
  }
  entry.refs++;
  const e = entry;
  let released = false;
  return {
    findSlot: (c) => findSlot(e, c),
    userPin: (c) => {
      const pin = c.pin ?? e.pins?.userPin;
      if (!pin) throw new KeyStoreError('ERR_HSM_CONFIG', 'no user PIN for the token: set CANCUOC_PKCS11_PIN');
      return pin;
    },
    loggedIn: (slot, pin) => {
      const id = slot.handle.readBigUInt64LE();
      const first = e.logins.get(id);
      if (first === undefined) e.logins.set(id, pin);
      return first === undefined || first === pin;
    },
    release() {
      if (released) return;
      released = true;
      if (--e.refs > 0) return;
      loaded.delete(config.module);
      try {
        e.module.finalize();
      } catch {
        // already finalised
      }
    },
  };
}

function tokenSlots(module: graphene.Module): graphene.Slot[] {
  const slots = module.getSlots(true);
  const out: graphene.Slot[] = [];
  for (let i = 0; i < slots.length; i++) out.push(slots.items(i));
  return out;
}

const isInitialised = (slot: graphene.Slot) => (slot.getToken().flags & graphene.TokenFlag.TOKEN_INITIALIZED) !== 0;

function findSlot(entry: Loaded, config: HsmConfig): graphene.Slot {
  const match = (s: graphene.Slot) => isInitialised(s) && (config.slotId !== undefined ? s.handle.readBigUInt64LE() === config.slotId : s.getToken().label === config.tokenLabel);
  let slot = tokenSlots(entry.module).find(match);
  if (slot) return slot;
  if (!config.softhsm || !entry.pins) {
    const seen = tokenSlots(entry.module).filter(isInitialised).map((s) => `"${s.getToken().label}" (slot ${s.handle.readBigUInt64LE()})`);
    throw new KeyStoreError('ERR_HSM_TOKEN_NOT_FOUND', `no token ${config.slotId !== undefined ? `in slot ${config.slotId}` : `labelled "${config.tokenLabel}"`} in ${config.module}; it has ${seen.join(', ') || 'no initialised token'}`);
  }
  // First start of the built-in SoftHSM token: initialise a free slot (SoftHSM always offers one).
  const free = tokenSlots(entry.module).find((s) => !isInitialised(s));
  if (!free) throw new KeyStoreError('ERR_HSM_TOKEN_NOT_FOUND', `SoftHSM offers no free slot for the token "${config.tokenLabel}"`);
  // graphene's Slot.initToken fails on pkcs11js's return value; call C_InitToken directly.
  free.lib.C_InitToken(free.handle, entry.pins.soPin, config.tokenLabel);
  // SoftHSM gives an initialised token a new slot ID: look it up again.
  slot = tokenSlots(entry.module).find((s) => isInitialised(s) && s.getToken().label === config.tokenLabel);
  if (!slot) throw new KeyStoreError('ERR_HSM_TOKEN_NOT_FOUND', `SoftHSM did not show the token "${config.tokenLabel}" after creating it`);
  const session = slot.open(graphene.SessionFlag.SERIAL_SESSION | graphene.SessionFlag.RW_SESSION);
  try {
    session.login(entry.pins.soPin, graphene.UserType.SO);
    session.initPin(entry.pins.userPin);
    session.logout();
  } finally {
    session.close();
  }
  return slot;
}
