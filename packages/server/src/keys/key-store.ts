// The platform's signing keys in a PKCS#11 token (graphene-pk11 over pkcs11js): EC key pairs
// generated inside the token (private keys sensitive and not extractable: they never leave it),
// public keys read back as SubjectPublicKeyInfo, and ECDSA signatures.
//
// Signing: SoftHSM2 (and several HSMs) refuse CKM_ECDSA_SHA256 (CKR_MECHANISM_INVALID), so the
// hash is computed here and the token signs the digest with CKM_ECDSA (PKCS#11 v2.40 §2.3.6),
// which returns r‖s. Every signature is reported to the sign hook (the audit log) before it is
// handed to the caller: a hook that fails withholds the signature.
import { createHash, type KeyObject } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import type { ExternalSigner } from '@cancuoc/emrtd';
import { curveByName, curveOfEcParams, ecParamsDer, type Curve, type CurveName, type HashName } from './curves.ts';
import { rawToDer } from './ecdsa.ts';
import { ckrOf, KeyStoreError } from './errors.ts';
import type { HsmConfig } from './hsm-config.ts';
import { openModule, type ModuleHandle } from './module.ts';
import { ecSpki, publicKeyOf, uncompressedPoint, type PublicKeyInfo } from './spki.ts';

export interface KeyInfo extends PublicKeyInfo {
  label: string;
}

export interface SignEvent {
  keyLabel: string;
  /** What the signature is for, named by the caller ('certificate', 'master-list', 'card-qr', 'jws', …). */
  purpose: string;
  /** Hash function of the digest (node:crypto name). */
  hash: string;
  /** Hex of the digest the token signed. */
  digest: string;
  at: Date;
}

/** Told of every signature before the caller gets it; the server wires it to the audit log. */
export type SignHook = (event: SignEvent) => void | Promise<void>;

export interface SignOptions {
  purpose: string;
  /** Defaults to the hash of the key's curve (SHA-256 for P-256 and brainpoolP256r1). */
  hash?: HashName;
}

/**
 * An emrtd external signer (cms/signer.ts) whose key stays in the token: ECDSA with the curve's
 * hash, DER signatures. `audited()` settles once every signature it made is reported.
 */
export interface TokenSigner extends ExternalSigner {
  readonly publicKey: KeyObject;
  /** The same signature as r‖s, the form JWS and COSE carry (RFC 9053 §2.1). */
  signRaw(data: Uint8Array): Buffer;
  audited(): Promise<void>;
}

const CKF_OS_LOCKING_OK = 2;
// Attribute types read by number: graphene names CKA_EC_PARAMS "paramsECDSA" when reading back.
const CKA_EC_PARAMS = 0x180;
const CKA_EC_POINT = 0x181;

export class KeyStore {
  readonly config: HsmConfig;
  private readonly module: ModuleHandle;
  private readonly slot: graphene.Slot;
  private readonly idle: graphene.Session[] = [];
  private readonly waiting: Array<(s: graphene.Session) => void> = [];
  private openSessions = 0;
  private readonly keys = new Map<string, { info: KeyInfo; handle: Buffer }>();
  private hook: SignHook | undefined;
  private closed = false;

  private constructor(config: HsmConfig, module: ModuleHandle, slot: graphene.Slot, hook?: SignHook) {
    this.config = config;
    this.module = module;
    this.slot = slot;
    this.hook = hook;
  }

  /** Loads the module, finds (or, for the built-in SoftHSM, creates) the token and logs in. */
  static open(config: HsmConfig, options: { onSign?: SignHook } = {}): KeyStore {
    const module = openModule(config, CKF_OS_LOCKING_OK);
    try {
      const slot = module.findSlot(config);
      const store = new KeyStore(config, module, slot, options.onSign);
      const first = store.acquireSync();
      const pin = module.userPin(config);
      try {
        first.login(pin, graphene.UserType.USER);
        module.loggedIn(slot, pin);
      } catch (err) {
        // Login state belongs to the process (PKCS#11 v2.40 §5.6): a second store on the same
        // token finds it logged in, and its PIN is then compared with the one that logged in.
        const ckr = ckrOf(err) === 'CKR_USER_ALREADY_LOGGED_IN' && !module.loggedIn(slot, pin) ? 'CKR_PIN_INCORRECT' : ckrOf(err);
        if (ckrOf(err) !== 'CKR_USER_ALREADY_LOGGED_IN' || ckr === 'CKR_PIN_INCORRECT') {
          store.release(first);
          throw new KeyStoreError('ERR_HSM_LOGIN', `login to token "${config.tokenLabel}" refused: ${ckr ?? (err as Error).message}`, { cause: err, ...(ckr ? { ckr } : {}) });
        }
      }
      store.release(first);
      return store;
    } catch (err) {
      module.release();
      throw err;
    }
  }

  /** Replaces the sign hook (the server wires the audit log here). */
  setSignHook(hook: SignHook | undefined): void {
    this.hook = hook;
  }

  /** Generates an EC key pair in the token. The label must be new. */
  generateKey(label: string, curveName: CurveName): KeyInfo {
    this.assertOpen();
    if (!/^[\x21-\x7e]{1,64}$/.test(label)) throw new KeyStoreError('ERR_HSM_CONFIG', `key label ${JSON.stringify(label)}: 1–64 printable ASCII characters without spaces`);
    if (this.findKey(label)) throw new KeyStoreError('ERR_HSM_KEY_EXISTS', `the token already holds a key labelled ${label}`);
    const curve = curveByName(curveName);
    const id = Buffer.from(label, 'ascii');
    const session = this.acquireSync();
    try {
      session.generateKeyPair(
        graphene.KeyGenMechanism.EC,
        { class: graphene.ObjectClass.PUBLIC_KEY, keyType: graphene.KeyType.EC, token: true, private: false, verify: true, paramsEC: ecParamsDer(curve), label, id },
        { class: graphene.ObjectClass.PRIVATE_KEY, keyType: graphene.KeyType.EC, token: true, private: true, sensitive: true, extractable: false, sign: true, derive: false, label, id },
      );
    } catch (err) {
      throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', `the token did not generate a ${curve.name} key: ${ckrOf(err) ?? (err as Error).message}`, { cause: err, ckr: ckrOf(err) });
    } finally {
      this.release(session);
    }
    return this.key(label);
  }

  hasKey(label: string): boolean {
    return this.findKey(label) !== undefined;
  }

  key(label: string): KeyInfo {
    const k = this.findKey(label);
    if (!k) throw new KeyStoreError('ERR_HSM_KEY_NOT_FOUND', `the token holds no private key labelled ${label}`);
    return k.info;
  }

  /** Labels of the private keys in the token. */
  labels(): string[] {
    this.assertOpen();
    const session = this.acquireSync();
    try {
      const found = session.find({ class: graphene.ObjectClass.PRIVATE_KEY });
      const out: string[] = [];
      for (let i = 0; i < found.length; i++) out.push(found.items(i).getAttribute({ label: null }).label as string);
      return out.sort();
    } finally {
      this.release(session);
    }
  }

  /** Removes both halves of a key pair (e.g. a Document Signer key after its usage period, 9303-12 §5.1). */
  destroyKey(label: string): void {
    this.assertOpen();
    const session = this.acquireSync();
    try {
      session.destroy({ label, class: graphene.ObjectClass.PRIVATE_KEY });
      session.destroy({ label, class: graphene.ObjectClass.PUBLIC_KEY });
      this.keys.delete(label);
    } finally {
      this.release(session);
    }
  }

  /** Hashes `data` and signs the digest in the token; returns r‖s once the sign hook has it. */
  async sign(label: string, data: Uint8Array, options: SignOptions): Promise<Buffer> {
    const hash = options.hash ?? this.key(label).curve.hash;
    return this.signDigest(label, createHash(hash).update(data).digest(), { ...options, hash });
  }

  /** Signs a digest computed by the caller (with `options.hash`). */
  async signDigest(label: string, digest: Uint8Array, options: SignOptions): Promise<Buffer> {
    const k = this.requireKey(label);
    const hash = options.hash ?? k.info.curve.hash;
    const raw = this.config.async ? await this.signDigestAsync(k, digest) : this.signDigestSync(k, Buffer.from(digest));
    await this.hook?.({ keyLabel: label, purpose: options.purpose, hash, digest: Buffer.from(digest).toString('hex'), at: new Date() });
    return raw;
  }

  /** C_Sign on libuv's thread pool, on a session of the pool (waits for one when all are busy). */
  private async signDigestAsync(k: { info: KeyInfo; handle: Buffer }, digest: Uint8Array): Promise<Buffer> {
    const label = k.info.label;
    const session = await this.acquire();
    let raw: Buffer;
    try {
      raw = await new Promise<Buffer>((resolve, reject) => {
        try {
          session.createSign('ECDSA', this.privateKey(session, k.handle)).once(Buffer.from(digest), (err, sig) => (err ? reject(err) : resolve(Buffer.from(sig))));
        } catch (err) {
          reject(err);
        }
      });
    } catch (err) {
      throw new KeyStoreError('ERR_HSM_SIGN', `signing with ${label} failed: ${ckrOf(err) ?? (err as Error).message}`, { cause: err, ckr: ckrOf(err) });
    } finally {
      this.release(session);
    }
    return raw;
  }

  /**
   * A signer for @cancuoc/emrtd's certificate, CRL and CMS builders (the `…With` functions). Each
   * signature is reported to the hook as it is made; await `audited()` (or use `withSigner`)
   * before releasing what was signed.
   */
  signer(label: string, purpose: string, hash?: HashName): TokenSigner {
    const k = this.requireKey(label);
    const alg = hash ?? k.info.curve.hash;
    const pending: Array<void | Promise<void>> = [];
    const signRaw = (data: Uint8Array): Buffer => {
      const digest = createHash(alg).update(data).digest();
      const raw = this.signDigestSync(k, digest);
      const event = { keyLabel: label, purpose, hash: alg, digest: digest.toString('hex'), at: new Date() };
      pending.push(this.hook?.(event));
      return raw;
    };
    return {
      publicKey: k.info.publicKey,
      algorithm: { kind: 'ecdsa', hash: alg },
      sign: async (data: Uint8Array): Promise<Uint8Array> => rawToDer(signRaw(data)),
      signRaw,
      audited: async () => {
        await Promise.all(pending);
      },
    };
  }

  /** Runs a build with a token signer and returns its result once its signatures are audited. */
  async withSigner<T>(label: string, purpose: string, build: (signer: TokenSigner) => T | Promise<T>): Promise<T> {
    const signer = this.signer(label, purpose);
    const result = await build(signer);
    await signer.audited();
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.idle.splice(0)) {
      try {
        s.close();
      } catch {
        // the module is finalised below anyway
      }
    }
    this.module.release();
  }

  private signDigestSync(k: { info: KeyInfo; handle: Buffer }, digest: Buffer): Buffer {
    const session = this.acquireSync();
    try {
      return Buffer.from(session.createSign('ECDSA', this.privateKey(session, k.handle)).once(digest));
    } catch (err) {
      throw new KeyStoreError('ERR_HSM_SIGN', `signing with ${k.info.label} failed: ${ckrOf(err) ?? (err as Error).message}`, { cause: err, ckr: ckrOf(err) });
    } finally {
      this.release(session);
    }
  }

  private privateKey(session: graphene.Session, handle: Buffer): graphene.PrivateKey {
    const key = session.getObject<graphene.PrivateKey>(handle);
    if (!key) throw new KeyStoreError('ERR_HSM_KEY_NOT_FOUND', 'the key disappeared from the token');
    return key;
  }

  private requireKey(label: string): { info: KeyInfo; handle: Buffer } {
    const k = this.findKey(label);
    if (!k) throw new KeyStoreError('ERR_HSM_KEY_NOT_FOUND', `the token holds no private key labelled ${label}`);
    return k;
  }

  private findKey(label: string): { info: KeyInfo; handle: Buffer } | undefined {
    this.assertOpen();
    const cached = this.keys.get(label);
    if (cached) return cached;
    const session = this.acquireSync();
    try {
      const priv = session.find({ class: graphene.ObjectClass.PRIVATE_KEY, label });
      if (priv.length === 0) return undefined;
      const pub = session.find({ class: graphene.ObjectClass.PUBLIC_KEY, label });
      if (pub.length === 0) throw new KeyStoreError('ERR_HSM_KEY_NOT_FOUND', `the token holds the private key ${label} but not its public key`);
      const pubKey = pub.items(0);
      const curve = curveOfEcParams(pubKey.getAttribute(CKA_EC_PARAMS));
      const spki = ecSpki(curve, uncompressedPoint(pubKey.getAttribute(CKA_EC_POINT), curve));
      const entry = { info: { label, curve, spki, publicKey: publicKeyOf(spki) }, handle: priv.items(0).handle };
      this.keys.set(label, entry);
      return entry;
    } finally {
      this.release(session);
    }
  }

  /** A session for a synchronous call: an idle one, or a new one beyond the pool if all are busy. */
  private acquireSync(): graphene.Session {
    this.assertOpen();
    const s = this.idle.pop();
    if (s) return s;
    this.openSessions++;
    return this.slot.open(graphene.SessionFlag.SERIAL_SESSION | graphene.SessionFlag.RW_SESSION);
  }

  /** A session for an asynchronous call: waits when the pool's `sessions` are all signing. */
  private acquire(): Promise<graphene.Session> {
    this.assertOpen();
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    if (this.openSessions < this.config.sessions) return Promise.resolve(this.acquireSync());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: graphene.Session): void {
    const next = this.waiting.shift();
    if (next) return next(session);
    if (this.closed || this.idle.length >= this.config.sessions) {
      this.openSessions--;
      try {
        session.close();
      } catch {
        // closing a session of a finalised module
      }
      return;
    }
    this.idle.push(session);
  }

  private assertOpen(): void {
    if (this.closed) throw new KeyStoreError('ERR_HSM_CLOSED', 'the key store is closed');
  }
}
