import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyDb } from '../db/tables';
import { loadPublicKeys, type VerifyKey, verifyKeyFromPem } from '../journal';
import { filesIn, keysDirOf } from './files';

/**
 * The keys a restored journal is verified with, as `journal verify` loads them: the deployment's
 * registered public keys (journal_key, issue 10 §1), each checkpoint's key required to be among
 * them. A store from before the key registry has none registered yet (the server registers the
 * DATA_DIR keys at its next start): then the public key files restored into DATA_DIR/keys.
 */
export async function verifyKeysFor(
  db: AnyDb,
  dataDir: string,
): Promise<{ publicKeys: VerifyKey[]; registeredKeys?: ReadonlySet<string> }> {
  const registered = await loadPublicKeys(db);
  if (registered.length) return { publicKeys: registered, registeredKeys: new Set(registered.map((k) => `${k.keyId}/${k.algorithm}`)) };
  const dir = keysDirOf(dataDir);
  const files = (await filesIn(dir)).filter((f) => f.endsWith('-public.pem'));
  return { publicKeys: files.map((f) => verifyKeyFromPem(readFileSync(join(dir, f), 'utf8'))) };
}
