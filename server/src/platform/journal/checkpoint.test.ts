import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/store';
import { manualClock } from '../clock';
import type { Store } from '../db/connect';
import { instanceId } from '../instance';
import { createJournal } from './append';
import { checkCheckpoint, createCheckpoint, latestCheckpoint, parseNote } from './checkpoint';
import { loadPublicKeys } from './key-registry';
import { dataDirPublicKeys, keysDir, loadOrCreateSigningKey } from './keys';
import { checkTailAgainstCheckpoint } from './tail';
import { fillJournal, tamper } from './testing';

const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-cp-'));
const clock = manualClock('2026-01-05T01:00:00Z');
const journal = createJournal('sha256', clock);
let store: Store;
const ctx = () => ({ db: store.db, config: { dataDir, checkpointSignature: 'ed25519' as const }, clock, journal });

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

describe('platform key', () => {
  it('is created once, private 0600, public exported beside it', () => {
    const key = loadOrCreateSigningKey(dataDir, 'ed25519');
    expect(statSync(join(keysDir(dataDir), 'checkpoint-private.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(keysDir(dataDir), 'checkpoint-public.pem'), 'utf8')).toBe(key.publicKeyPem);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(dataDirPublicKeys(dataDir).map((k) => k.keyId)).toContain(key.keyId);
  });

  it('signs with SM2 when configured, verifiable by its exported public key', () => {
    const key = loadOrCreateSigningKey(dataDir, 'sm2');
    const msg = Buffer.from('sanxiang-journal/v1\n1\n', 'utf8');
    const sig = key.sign(msg);
    const pub = dataDirPublicKeys(dataDir).find((k) => k.algorithm === 'sm2');
    expect(pub?.keyId).toBe(key.keyId);
    expect(pub?.verify(msg, sig)).toBe(true);
    expect(pub?.verify(Buffer.from('other'), sig)).toBe(false);
    expect(readFileSync(join(keysDir(dataDir), 'checkpoint-sm2-public.hex'), 'utf8')).toMatch(/^04[0-9a-f]{128}\n$/);
    // and by stock openssl (SM3 digest, default distinguishing id)
    const dir = mkdtempSync(join(tmpdir(), 'sanxiang-sm2-'));
    writeFileSync(join(dir, 'note.txt'), msg);
    writeFileSync(join(dir, 'sig.bin'), sig);
    const out = execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        join(keysDir(dataDir), 'checkpoint-sm2-public.pem'),
        '-rawin',
        '-in',
        join(dir, 'note.txt'),
        '-sigfile',
        join(dir, 'sig.bin'),
        '-digest',
        'sm3',
        '-pkeyopt',
        'distid:1234567812345678',
      ],
      { encoding: 'utf8', stdio: 'pipe' },
    );
    expect(out).toMatch(/Signature Verified Successfully/);
  });
});

describe('createCheckpoint', () => {
  it('has nothing to sign in an empty journal', async () => {
    expect(await createCheckpoint(ctx())).toBeUndefined();
  });

  it('signs the entries before it and journals the act after them', async () => {
    await fillJournal(store.db, journal, 9); // + the key's registration (seq 9), journaled before the first signature
    const view = await createCheckpoint(ctx());
    expect(view).toMatchObject({ treeSize: 10, hashAlgorithm: 'sha256', signatureAlgorithm: 'ed25519' });
    expect(parseNote(view!.signedNote)).toMatchObject({ treeSize: 10, hashAlgorithm: 'sha256' });
    expect(checkCheckpoint(view!, await loadPublicKeys(store.db))).toBeUndefined();
    expect(await latestCheckpoint(store.db)).toEqual(view);
    const act = await store.db.selectFrom('journal_entry').selectAll().where('seq', '=', 10).executeTakeFirstOrThrow();
    expect(act.action).toBe('journal.checkpoint');
    expect(JSON.parse(act.payload)).toMatchObject({ treeSize: 10, rootHash: view!.rootHash, signer: instanceId });
    // its own record alone is not news
    expect(await createCheckpoint(ctx())).toBeUndefined();
  });

  it('is verifiable by stock openssl with the exported public key', async () => {
    await fillJournal(store.db, journal, 3, 100);
    const view = (await createCheckpoint(ctx()))!;
    const dir = mkdtempSync(join(tmpdir(), 'sanxiang-openssl-'));
    writeFileSync(join(dir, 'note.txt'), view.signedNote);
    writeFileSync(join(dir, 'sig.bin'), Buffer.from(view.signature, 'base64'));
    const pub = join(keysDir(dataDir), 'checkpoint-public.pem');
    const run = () =>
      execFileSync(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', join(dir, 'note.txt'), '-sigfile', join(dir, 'sig.bin')],
        {
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    expect(run()).toMatch(/Signature Verified Successfully/);
    writeFileSync(join(dir, 'note.txt'), view.signedNote.replace(/\n\d+\n/, '\n99\n'));
    expect(run).toThrow();
  });
});

describe('checkTailAgainstCheckpoint', () => {
  it('is quiet for an intact journal', async () => {
    await createCheckpoint(ctx());
    expect(await checkTailAgainstCheckpoint(store.db, 'sha256')).toBeUndefined();
  });

  it('warns when the entries after a checkpoint were changed', async () => {
    const cp = (await latestCheckpoint(store.db))!;
    await tamper(store.db, 'journal_entry', `update journal_entry set action = 'x.y' where seq = ${cp.treeSize}`);
    expect(await checkTailAgainstCheckpoint(store.db, 'sha256')).toMatch(/记录链断裂/);
  });

  it('warns when entries the checkpoint covered are gone', async () => {
    const cp = (await latestCheckpoint(store.db))!;
    await tamper(store.db, 'journal_entry', `delete from journal_entry where seq >= ${cp.treeSize - 2}`);
    expect(await checkTailAgainstCheckpoint(store.db, 'sha256')).toMatch(/已丢失/);
  });
});
