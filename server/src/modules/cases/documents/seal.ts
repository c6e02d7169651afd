/**
 * Electronic seals (电子签章, R-C07): the adapter a jurisdiction's seal service plugs into
 * (contract in docs/documents.md). Signing a document version always records the platform's own
 * attestation in the journal (signer account, time, document hash); a seal service, when
 * configured (SEAL_SERVICE), adds its seal certificate and signature over the same hash.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';

export interface SealRequest {
  /** hex hash of the .docx bytes (the journal's algorithm) */
  documentHash: string;
  hashAlgorithm: string;
  document: Buffer;
  title: string;
  signer: { userId: string; name: string };
  agencyName: string;
}

export interface SealResult {
  /** shown beside the signature, e.g. 演示签章（非真实电子签章） */
  label: string;
  /** the seal's certificate (PEM or the service's own form) */
  certificate: string;
  /** the service's signature over the document hash, base64 */
  signature: string;
}

export interface SealService {
  readonly name: string;
  seal(req: SealRequest): Promise<SealResult>;
}

/**
 * The demo adapter: an Ed25519 key made when the server starts, clearly labelled as no real seal.
 * It shows the flow end to end; it proves nothing to anyone outside this server.
 */
export function demoSealService(): SealService {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const certificate = JSON.stringify({
    issuer: '三项制度平台演示',
    notice: '演示签章（非真实电子签章）',
    publicKey: pem,
    keyId: createHash('sha256').update(pem).digest('hex').slice(0, 16),
  });
  return {
    name: 'demo',
    async seal(req) {
      const message = Buffer.from(`${req.hashAlgorithm}:${req.documentHash}`);
      return { label: '演示签章（非真实电子签章）', certificate, signature: sign(null, message, privateKey).toString('base64') };
    },
  };
}

let configured: SealService | null | undefined;

/** The seal service SEAL_SERVICE names: `demo`, or `none` (default: the journal attestation alone). */
export function sealService(env: NodeJS.ProcessEnv = process.env): SealService | null {
  if (configured === undefined) configured = env.SEAL_SERVICE === 'demo' ? demoSealService() : null;
  return configured;
}
