import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/store';
import { manualClock } from '../clock';
import type { Store } from '../db/connect';
import { instanceId } from '../instance';
import { createJournal } from './append';
import { type CheckpointContext, createCheckpoint, formatNote, latestCheckpoint } from './checkpoint';
import { currentKey, keyRegisterAction, loadPublicKeys, registerStartupKeys, signerStatus } from './key-registry';
import { generatePrivateKeyText, loadOrCreateSigningKey, signingKeyFromText } from './keys';
import { rootAt } from './leaves';
import { checkRotationLink, keyRotateAction, type RotationPayload, rotateKey } from './rotate';
import { fillJournal } from './testing';
import { verifyJournal } from './verify';

// Issue 10 §1: checkpoint keys belong to the deployment. Two "processes" are two contexts on one
// store, each with its own CHECKPOINT_KEY_FILE; on PostgreSQL (DATABASE_URL) the same file runs there.
const clock = manualClock('2026-03-02T01:00:00Z');
const journal = createJournal('sha256', clock);
const dir = mkdtempSync(join(tmpdir(), 'sanxiang-keys-'));

function keyFile(name: string, alg: 'ed25519' | 'sm2' = 'ed25519'): string {
  const path = join(dir, name);
  writeFileSync(path, generatePrivateKeyText(alg), { mode: 0o600 });
  return path;
}

let store: Store;
const warnings: string[] = [];
const proc = (file: string, dataDir = join(dir, 'data')): CheckpointContext => ({
  db: store.db,
  config: { dataDir, checkpointSignature: 'ed25519', checkpointKeyFile: file },
  clock,
  journal,
  warn: (m) => warnings.push(m),
});

async function verify(extra: Parameters<typeof verifyJournal>[1]['publicKeys'] = []) {
  const registered = await loadPublicKeys(store.db);
  return verifyJournal(store.db, {
    hashAlgorithm: 'sha256',
    publicKeys: [...registered, ...extra],
    registeredKeys: new Set(registered.map((k) => `${k.keyId}/${k.algorithm}`)),
  });
}

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

describe('the deployment signs with one key', () => {
  const fileA = keyFile('a.pem');
  const fileB = keyFile('b.pem');
  const a = () => proc(fileA);
  const b = () => proc(fileB);

  it("registers the first signer's key (journaled); the other process serves but does not sign, and says so once", async () => {
    await fillJournal(store.db, journal, 3);
    const first = await createCheckpoint(a());
    expect(first?.keyId).toBe(signingKeyFromText(readFileSync(fileA, 'utf8')).keyId);
    const reg = await store.db.selectFrom('journal_entry').selectAll().where('action', '=', keyRegisterAction).execute();
    expect(reg).toHaveLength(1);
    expect(JSON.parse(reg[0]!.payload)).toMatchObject({ keyId: first?.keyId, reason: 'first', registeredBy: instanceId });

    await fillJournal(store.db, journal, 2, 10);
    expect(await createCheckpoint(b())).toBeUndefined();
    expect(await createCheckpoint(b())).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/未登记为本部署的当前密钥.*不签发检查点/);
    expect((await signerStatus(b())).reason).toMatch(new RegExp(`当前的检查点密钥为 key_id ${first?.keyId}`));

    const second = await createCheckpoint(a());
    expect(second?.keyId).toBe(first?.keyId);
    // who signed is in the checkpoint's entry (the acceptance counts signers from these)
    const act = await store.db
      .selectFrom('journal_entry')
      .select('payload')
      .where('action', '=', 'journal.checkpoint')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(act.payload)).toMatchObject({ treeSize: second?.treeSize, signer: instanceId });
    expect((await verify()).ok).toBe(true);
  });

  it('a process whose key file is missing serves and verifies, never signs', async () => {
    await fillJournal(store.db, journal, 1, 20);
    const status = await signerStatus(proc(join(dir, 'absent.pem')));
    expect(status.reason).toMatch(/找不到检查点私钥文件 .*absent\.pem/);
    expect(await createCheckpoint(proc(join(dir, 'absent.pem')))).toBeUndefined();
  });

  it('refuses a key file of another algorithm than CHECKPOINT_SIGNATURE', async () => {
    const sm2 = keyFile('sm2.hex', 'sm2');
    await expect(signerStatus(proc(sm2))).rejects.toThrow(/sm2 密钥，而 CHECKPOINT_SIGNATURE 为 ed25519/);
  });

  it('rotate-key: the new key signs (read again from the replaced file), the old stays registered, verify passes across', async () => {
    const before = (await currentKey(store.db))!;
    const mtime = statSync(fileA).mtimeMs;
    clock.advance(60_000);
    const r = await rotateKey(a());
    expect(r.oldKey.keyId).toBe(before.keyId);
    expect(r.checkpoint?.keyId).toBe(r.newKey.keyId);
    expect(statSync(fileA).mode & 0o777).toBe(0o600);
    expect(statSync(fileA).mtimeMs).not.toBe(mtime);
    expect(statSync(r.retiredFile).mode & 0o777).toBe(0o600);
    expect(signingKeyFromText(readFileSync(r.retiredFile, 'utf8')).keyId).toBe(before.keyId);

    const keys = await loadPublicKeys(store.db);
    expect(keys.map((k) => [k.keyId, k.retiredAt === null])).toEqual([
      [before.keyId, false],
      [r.newKey.keyId, true],
    ]);
    // the same context (same file path) signs next with the new key: no restart
    await fillJournal(store.db, journal, 2, 30);
    expect((await createCheckpoint(a()))?.keyId).toBe(r.newKey.keyId);
    const v = await verify();
    expect(v.firstBad).toBeUndefined();
    expect(v.checkpoints).toBeGreaterThanOrEqual(4);

    // the link statement is signed by both keys; a wrong signature or a swapped key is named
    const entry = await store.db
      .selectFrom('journal_entry')
      .select('payload')
      .where('action', '=', keyRotateAction)
      .executeTakeFirstOrThrow();
    const link = JSON.parse(entry.payload) as RotationPayload;
    expect(checkRotationLink(link, keys)).toBeUndefined();
    expect(checkRotationLink({ ...link, oldSignature: link.newSignature }, keys)).toMatch(/旧密钥 .* 对轮换声明的签名无效/);
    expect(checkRotationLink({ ...link, newKeyId: before.keyId }, keys)).toBeDefined();
  });

  it('refuses to rotate with a key file that does not hold the current key', async () => {
    await expect(rotateKey(b())).rejects.toThrow(/不是本部署当前的检查点密钥/);
  });

  it('reports a checkpoint signed by a key the deployment never registered, and what a given key shows', async () => {
    await fillJournal(store.db, journal, 2, 40);
    const stray = signingKeyFromText(generatePrivateKeyText('ed25519'));
    const tail = await store.db.selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const treeSize = Number(tail.seq) + 1;
    const root = await rootAt(store.db, {}, 'sha256', treeSize);
    const note = formatNote({ treeSize, rootHash: root, hashAlgorithm: 'sha256', signedAt: clock.now() });
    await store.db
      .insertInto('journal_checkpoint')
      .values({
        tree_size: treeSize,
        root_hash: root.toString('hex'),
        hash_algorithm: 'sha256',
        signature_algorithm: 'ed25519',
        key_id: stray.keyId,
        signed_at: clock.now(),
        signed_note: note,
        signature: stray.sign(Buffer.from(note)).toString('base64'),
      })
      .execute();
    const plain = await verify();
    expect(plain.ok).toBe(false);
    expect(plain.firstBad?.reason).toBe(`检查点（树大小 ${treeSize}）所用公钥 key_id ${stray.keyId} 未在本部署登记`);
    const given = await verify([stray]);
    expect(given.firstBad?.reason).toMatch(new RegExp(`所用公钥 key_id ${stray.keyId} 未在本部署登记（所给公钥能验证其签名`));
    expect((await latestCheckpoint(store.db))?.keyId).toBe(stray.keyId);
  });

  it('keeps key rows: no delete, no change but retiring once', async () => {
    const [old, cur] = await loadPublicKeys(store.db);
    await expect(store.db.deleteFrom('journal_key').where('key_id', '=', old!.keyId).execute()).rejects.toThrow(/不能删除或修改/);
    await expect(
      store.db.updateTable('journal_key').set({ retired_at: new Date() }).where('key_id', '=', old!.keyId).execute(),
    ).rejects.toThrow(/不能删除或修改/);
    await expect(
      store.db.updateTable('journal_key').set({ public_key_pem: old!.publicKeyPem }).where('key_id', '=', cur!.keyId).execute(),
    ).rejects.toThrow(/不能删除或修改/);
  });
});

describe('an upgraded deployment', () => {
  it('registers the keys in DATA_DIR/keys/ that signed before the table existed, so old checkpoints verify', async () => {
    const up = await openTestStore();
    try {
      const upJournal = createJournal('sha256', clock);
      const dataDirA = mkdtempSync(join(tmpdir(), 'sanxiang-up-a-'));
      const dataDirB = mkdtempSync(join(tmpdir(), 'sanxiang-up-b-'));
      const oldA = loadOrCreateSigningKey(dataDirA, 'ed25519');
      const oldB = loadOrCreateSigningKey(dataDirB, 'ed25519');
      // what two processes of the previous version left: checkpoints by two keys, no journal_key rows
      const sign = async (key: typeof oldA, at: string) => {
        const tail = await up.db.selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
        const treeSize = Number(tail.seq) + 1;
        const root = await rootAt(up.db, {}, 'sha256', treeSize);
        const signedAt = new Date(at);
        const note = formatNote({ treeSize, rootHash: root, hashAlgorithm: 'sha256', signedAt });
        await up.db
          .insertInto('journal_checkpoint')
          .values({
            tree_size: treeSize,
            root_hash: root.toString('hex'),
            hash_algorithm: 'sha256',
            signature_algorithm: 'ed25519',
            key_id: key.keyId,
            signed_at: signedAt,
            signed_note: note,
            signature: key.sign(Buffer.from(note)).toString('base64'),
          })
          .execute();
      };
      await fillJournal(up.db, upJournal, 3);
      await sign(oldA, '2026-01-01T00:00:00Z');
      await fillJournal(up.db, upJournal, 3, 3);
      await sign(oldB, '2026-01-02T00:00:00Z');
      expect(await loadPublicKeys(up.db)).toEqual([]);

      const ctxOf = (dataDir: string): CheckpointContext => ({
        db: up.db,
        config: { dataDir, checkpointSignature: 'ed25519' },
        clock,
        journal: upJournal,
      });
      expect((await registerStartupKeys(ctxOf(dataDirA))).key?.keyId).toBe(oldA.keyId);
      const b = await registerStartupKeys(ctxOf(dataDirB));
      expect(b.key).toBeUndefined();
      expect(b.reason).toMatch(/已于 .* 停用/);
      const keys = await loadPublicKeys(up.db);
      expect(keys.map((k) => [k.keyId, k.validFrom.toISOString(), k.retiredAt === null])).toEqual([
        [oldA.keyId, '2026-01-01T00:00:00.000Z', true],
        [oldB.keyId, '2026-01-02T00:00:00.000Z', false],
      ]);
      // again: nothing new to register
      await registerStartupKeys(ctxOf(dataDirA));
      expect(await up.db.selectFrom('journal_entry').select('seq').where('action', '=', keyRegisterAction).execute()).toHaveLength(2);
      expect((await createCheckpoint(ctxOf(dataDirA)))?.keyId).toBe(oldA.keyId);
      expect(await createCheckpoint({ ...ctxOf(dataDirB), warn: () => {} })).toBeUndefined();
      const registered = await loadPublicKeys(up.db);
      const v = await verifyJournal(up.db, {
        hashAlgorithm: 'sha256',
        publicKeys: registered,
        registeredKeys: new Set(registered.map((k) => `${k.keyId}/${k.algorithm}`)),
      });
      expect(v.firstBad).toBeUndefined();
      expect(v.checkpoints).toBe(3);
      expect(existsSync(join(dataDirA, 'keys', 'checkpoint-public.pem'))).toBe(true);
    } finally {
      await up.close();
    }
  });
});

describe('an SM2 key in CHECKPOINT_KEY_FILE', () => {
  it('is detected from its content (64 hex digits) and signs; verify passes', async () => {
    const sm = await openTestStore();
    try {
      const smJournal = createJournal('sha256', clock);
      await fillJournal(sm.db, smJournal, 2);
      const file = keyFile('sm2-signer.hex', 'sm2');
      const ctx: CheckpointContext = {
        db: sm.db,
        config: { dataDir: join(dir, 'sm2-data'), checkpointSignature: 'sm2', checkpointKeyFile: file },
        clock,
        journal: smJournal,
      };
      const view = await createCheckpoint(ctx);
      expect(view).toMatchObject({ signatureAlgorithm: 'sm2', keyId: signingKeyFromText(readFileSync(file, 'utf8')).keyId });
      const registered = await loadPublicKeys(sm.db);
      expect(registered.map((k) => k.algorithm)).toEqual(['sm2']);
      const v = await verifyJournal(sm.db, { hashAlgorithm: 'sha256', publicKeys: registered });
      expect(v.firstBad).toBeUndefined();
    } finally {
      await sm.close();
    }
  });
});
