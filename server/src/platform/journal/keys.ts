import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import smCrypto from 'sm-crypto';
import type { SignatureAlgorithm } from '../config';

/**
 * The platform's checkpoint signing key (DESIGN.md invariant 1: signed checkpoints). It is created
 * at first use under `<dataDir>/keys/` (directory 0700, private key 0600) and its public half is
 * exported beside it so anyone can check a published checkpoint with stock tools:
 *
 * - Ed25519 (default): `checkpoint-private.pem` (PKCS#8), `checkpoint-public.pem` (SPKI);
 *   signatures are plain Ed25519 over the signed note's bytes (`openssl pkeyutl -verify -rawin`).
 * - SM2 (国密, GB/T 32918, when configured): `checkpoint-sm2-private.hex`, `checkpoint-sm2-public.hex`
 *   (uncompressed point 04‖x‖y) and `checkpoint-sm2-public.pem` (SPKI); signatures are SM2 with SM3
 *   and the default user id 1234567812345678, DER encoded (as `openssl pkeyutl -digest sm3` expects).
 *
 * key_id = the first 16 hex digits of SHA-256 over the public key's SPKI DER, for both algorithms.
 */
export interface VerifyKey {
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly publicKeyPem: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface SigningKey extends VerifyKey {
  sign(message: Uint8Array): Buffer;
}

export const keysDirName = 'keys';
const sm2UserId = '1234567812345678';

export function keysDir(dataDir: string): string {
  return join(dataDir, keysDirName);
}

const files = {
  ed25519: { priv: 'checkpoint-private.pem', pub: 'checkpoint-public.pem' },
  sm2: { priv: 'checkpoint-sm2-private.hex', pub: 'checkpoint-sm2-public.pem', pubHex: 'checkpoint-sm2-public.hex' },
} as const;

/**
 * The signing key of `algorithm` in `dataDir` (the embedded default, for one process), created on
 * first use. Creation writes the private key with O_EXCL, so two processes starting together end up
 * with the same key. The file is re-read when it changes (rotation, issue 10 §1).
 */
export function loadOrCreateSigningKey(dataDir: string, algorithm: SignatureAlgorithm): SigningKey {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privPath = defaultKeyFile(dataDir, algorithm);
  if (!existsSync(privPath)) writeNew(privPath, generatePrivateKeyText(algorithm));
  const key = readKeyFile(privPath);
  if (key.algorithm !== algorithm) throw new Error(`密钥文件 ${privPath} 中是 ${key.algorithm} 密钥，不是 ${algorithm}`);
  exportPublic(dir, key);
  return key;
}

/** Where the embedded default keeps the private key of `algorithm`. */
export function defaultKeyFile(dataDir: string, algorithm: SignatureAlgorithm): string {
  return join(keysDir(dataDir), files[algorithm].priv);
}

/** A new private key as the text of its file: PKCS#8 PEM (Ed25519) or 64 hex digits (SM2). */
export function generatePrivateKeyText(algorithm: SignatureAlgorithm): string {
  return algorithm === 'ed25519' ? newEd25519Pem() : `${smCrypto.sm2.generateKeyPairHex().privateKey}\n`;
}

/** A signing key from a private key file's text; the algorithm is read from the content. */
export function signingKeyFromText(text: string): SigningKey {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return sm2Key(t.toLowerCase());
  if (t.startsWith('-----BEGIN PRIVATE KEY-----')) {
    const priv = createPrivateKey(t);
    if (priv.asymmetricKeyType !== 'ed25519') throw new Error(`不支持的检查点私钥类型：${priv.asymmetricKeyType}`);
    return ed25519Key(t);
  }
  throw new Error('检查点私钥格式无法识别：应为 Ed25519 私钥（PKCS#8 PEM）或 SM2 私钥（64 位十六进制）');
}

// path → the key read at (mtime, inode, size): a file replaced in place (rotation) is read again
const fileCache = new Map<string, { stamp: string; key: SigningKey }>();

/** The signing key in `path`, re-read only when the file changed. Throws when it is missing or malformed. */
export function readKeyFile(path: string): SigningKey {
  const st = statSync(path);
  const stamp = `${st.mtimeMs}:${st.ino}:${st.size}`;
  const hit = fileCache.get(path);
  if (hit?.stamp === stamp) return hit.key;
  let key: SigningKey;
  try {
    key = signingKeyFromText(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`无法读取检查点私钥文件 ${path}：${(e as Error).message}`);
  }
  fileCache.set(path, { stamp, key });
  return key;
}

export interface KeySourceConfig {
  dataDir: string;
  checkpointSignature: SignatureAlgorithm;
  checkpointKeyFile?: string | undefined;
}

/** The file this process's private key comes from: CHECKPOINT_KEY_FILE, else the embedded default. */
export function keyFileOf(config: KeySourceConfig): string {
  return config.checkpointKeyFile ?? defaultKeyFile(config.dataDir, config.checkpointSignature);
}

/**
 * This process's private signing key (issue 10 §1): CHECKPOINT_KEY_FILE when set (its algorithm
 * must be CHECKPOINT_SIGNATURE's), else the embedded default in DATA_DIR/keys/ (made on first use).
 * Undefined when the key file is set but absent: the process then serves and verifies, never signs.
 */
export function readSigningKey(config: KeySourceConfig): SigningKey | undefined {
  if (!config.checkpointKeyFile) return loadOrCreateSigningKey(config.dataDir, config.checkpointSignature);
  if (!existsSync(config.checkpointKeyFile)) return undefined;
  const key = readKeyFile(config.checkpointKeyFile);
  if (key.algorithm !== config.checkpointSignature) {
    throw new Error(
      `CHECKPOINT_KEY_FILE（${config.checkpointKeyFile}）中是 ${key.algorithm} 密钥，而 CHECKPOINT_SIGNATURE 为 ${config.checkpointSignature}`,
    );
  }
  return key;
}

function newEd25519Pem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function writeNew(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  chmodSync(path, 0o600);
}

/** The public key is derived from the private one each time; the exported files are for people. */
function exportPublic(dir: string, key: SigningKey): void {
  const f = files[key.algorithm];
  writeIfChanged(join(dir, f.pub), key.publicKeyPem);
  if (key.algorithm === 'sm2') writeIfChanged(join(dir, files.sm2.pubHex), `${sm2PointFromPem(key.publicKeyPem)}\n`);
}

function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text, { mode: 0o644 });
}

export function keyIdOf(spkiDer: Uint8Array): string {
  return createHash('sha256').update(spkiDer).digest('hex').slice(0, 16);
}

function ed25519Key(privatePem: string): SigningKey {
  const priv = createPrivateKey(privatePem);
  const verifyKey = ed25519VerifyKey(createPublicKey(priv));
  return { ...verifyKey, sign: (message) => nodeSign(null, message, priv) };
}

function ed25519VerifyKey(pub: KeyObject): VerifyKey {
  const der = pub.export({ type: 'spki', format: 'der' });
  return {
    algorithm: 'ed25519',
    keyId: keyIdOf(der),
    publicKeyPem: pub.export({ type: 'spki', format: 'pem' }).toString(),
    verify: (message, signature) => {
      try {
        return nodeVerify(null, message, pub, signature);
      } catch {
        return false;
      }
    },
  };
}

// SubjectPublicKeyInfo of an SM2 key: id-ecPublicKey (1.2.840.10045.2.1) with the curve
// sm2p256v1 (1.2.156.10197.1.301), then the 65-byte uncompressed point. Fixed-length, so a prefix.
const sm2SpkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

function sm2Key(privateHex: string): SigningKey {
  // in sm-crypto 0.5 but missing from @types/sm-crypto 0.3
  const point = (smCrypto.sm2 as unknown as { getPublicKeyFromPrivateKey(k: string): string }).getPublicKeyFromPrivateKey(privateHex);
  const verifyKey = sm2VerifyKey(point);
  return {
    ...verifyKey,
    sign: (message) =>
      Buffer.from(
        smCrypto.sm2.doSignature(Array.from(message), privateHex, { hash: true, der: true, publicKey: point, userId: sm2UserId }),
        'hex',
      ),
  };
}

function sm2VerifyKey(pointHex: string): VerifyKey {
  const der = Buffer.concat([sm2SpkiPrefix, Buffer.from(pointHex, 'hex')]);
  return {
    algorithm: 'sm2',
    keyId: keyIdOf(der),
    publicKeyPem: toPem(der),
    verify: (message, signature) => {
      try {
        return smCrypto.sm2.doVerifySignature(Array.from(message), Buffer.from(signature).toString('hex'), pointHex, {
          hash: true,
          der: true,
          userId: sm2UserId,
        });
      } catch {
        return false;
      }
    },
  };
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PUBLIC KEY-----\n${b64}-----END PUBLIC KEY-----\n`;
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function sm2PointFromPem(pem: string): string {
  return pemToDer(pem).subarray(sm2SpkiPrefix.length).toString('hex');
}

/** A verify key from an SPKI PEM (Ed25519 or SM2), e.g. one published by the portal. */
export function verifyKeyFromPem(pem: string): VerifyKey {
  const der = pemToDer(pem);
  if (der.length === sm2SpkiPrefix.length + 65 && der.subarray(0, sm2SpkiPrefix.length).equals(sm2SpkiPrefix)) {
    return sm2VerifyKey(der.subarray(sm2SpkiPrefix.length).toString('hex'));
  }
  const pub = createPublicKey(pem);
  if (pub.asymmetricKeyType !== 'ed25519') throw new Error(`不支持的检查点公钥类型：${pub.asymmetricKeyType}`);
  return ed25519VerifyKey(pub);
}

/**
 * Every public key file in `<dataDir>/keys/` (`*-public.pem`). Only the start-up registration of an
 * upgraded deployment reads them (key-registry.ts); verification reads the database (loadPublicKeys).
 */
export function dataDirPublicKeys(dataDir: string): VerifyKey[] {
  const dir = keysDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('-public.pem'))
    .sort()
    .map((f) => verifyKeyFromPem(readFileSync(join(dir, f), 'utf8')));
}

/** Writes the public files of `key` beside the embedded default (for people and stock tools). */
export function exportPublicKey(dataDir: string, key: SigningKey): void {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  exportPublic(dir, key);
}
