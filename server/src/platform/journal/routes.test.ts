import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/store';
import { scratchBlobStore } from '../blobs/testing';
import { manualClock } from '../clock';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import type { Store } from '../db/connect';
import { errorHandler } from '../http/error-handler';
import { ErrorBody } from '../http/schemas';
import { validatorCompiler } from '../http/validation';
import { createJournal } from './append';
import { createCheckpoint } from './checkpoint';
import { verifyKeyFromPem } from './keys';
import { treeHasher, verifyConsistency, verifyInclusion } from './merkle';
import { rotateKey } from './rotate';
import { journalPublicRoutes } from './routes';
import { fillJournal } from './testing';

// Until app.ts mounts the plugin: the app's validator, error schema and error handler.
let store: Store;
let app: FastifyInstance;
let ctx: AppContext;
const h = treeHasher('sha256');
const bytes = (hex: string) => Buffer.from(hex, 'hex');

beforeAll(async () => {
  store = await openTestStore();
  const clock = manualClock('2026-05-20T02:00:00Z');
  const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-routes-'));
  ctx = {
    store,
    db: store.db,
    config: loadConfig({ DATA_DIR: dataDir }),
    clock,
    journal: createJournal('sha256', clock),
    blobs: scratchBlobStore(),
  };
  app = Fastify();
  app.addSchema(ErrorBody);
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler(ctx));
  await app.register(journalPublicRoutes, { prefix: '/api/v1/public', ctx });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = (url: string) => app.inject({ url: `/api/v1/public${url}` });

describe('public journal routes', () => {
  it('400 on bad input, 404 before the first checkpoint', async () => {
    expect((await get('/journal/checkpoints/latest')).statusCode).toBe(404);
    expect((await get('/journal/proofs/inclusion?seq=-1')).statusCode).toBe(400);
    expect((await get('/journal/proofs/inclusion?seq=0&extra=1')).statusCode).toBe(400);
    expect((await get('/journal/proofs/consistency?from=0&to=3')).statusCode).toBe(400);
    expect((await get('/journal/checkpoints?limit=0')).statusCode).toBe(400);
  });

  it('publishes checkpoints, newest first, page by page', async () => {
    for (let i = 0; i < 3; i++) {
      // the first signature registers the key first (one entry): 4 + 1, then 5 and 5
      await fillJournal(store.db, ctx.journal, i === 0 ? 4 : 5, i * 10);
      await createCheckpoint(ctx);
    }
    const latest = (await get('/journal/checkpoints/latest')).json();
    expect(latest.treeSize).toBe(17); // 3 × 5 entries + 2 checkpoint records before the last one
    const page1 = (await get('/journal/checkpoints?limit=2')).json();
    expect(page1.items.map((c: { treeSize: number }) => c.treeSize)).toEqual([17, 11]);
    const page2 = (await get(`/journal/checkpoints?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ items: [{ treeSize: 5 }], nextCursor: null });
  });

  it('serves the public key that checks the signatures', async () => {
    const res = await get('/journal/public-key');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ algorithm: 'ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const key = verifyKeyFromPem(body.pem);
    const latest = (await get('/journal/checkpoints/latest')).json();
    expect(key.verify(Buffer.from(latest.signedNote), Buffer.from(latest.signature, 'base64'))).toBe(true);
  });

  it('proves inclusion against the signed root', async () => {
    const latest = (await get('/journal/checkpoints/latest')).json();
    for (const seq of [0, 6, 16]) {
      const res = await get(`/journal/proofs/inclusion?seq=${seq}`);
      expect(res.statusCode).toBe(200);
      const p = res.json();
      expect(p).toMatchObject({ seq, treeSize: 17, rootHash: latest.rootHash, checkpoint: { treeSize: 17 } });
      expect(p.leafHash).toBe(h.hashLeaf(bytes(p.entryHash)).toString('hex'));
      verifyInclusion(h, seq, 17, bytes(p.leafHash), p.proof.map(bytes), bytes(latest.rootHash));
    }
    expect((await get('/journal/proofs/inclusion?seq=17')).statusCode).toBe(404);
    expect((await get('/journal/proofs/inclusion?seq=1&treeSize=999')).statusCode).toBe(400);
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    const [newer, older] = (await get('/journal/checkpoints?limit=2')).json().items;
    const p = (await get(`/journal/proofs/consistency?from=${older.treeSize}&to=${newer.treeSize}`)).json();
    expect(p).toMatchObject({ fromRoot: older.rootHash, toRoot: newer.rootHash });
    verifyConsistency(h, older.treeSize, newer.treeSize, p.proof.map(bytes), bytes(older.rootHash), bytes(newer.rootHash));
    expect((await get('/journal/proofs/consistency?from=5&to=3')).statusCode).toBe(400);
  });

  it('lists every registered key, old ones included, after a rotation (issue 10 §1)', async () => {
    const before = (await get('/journal/public-key')).json();
    expect(before.keys).toHaveLength(1);
    expect(before.keys[0]).toMatchObject({ keyId: before.keyId, retiredAt: null, validFrom: expect.any(String) });
    const r = await rotateKey(ctx);
    const after = (await get('/journal/public-key')).json();
    expect(after).toMatchObject({ keyId: r.newKey.keyId, previous: [{ keyId: before.keyId }] });
    expect(after.keys.map((k: { keyId: string; retiredAt: string | null }) => [k.keyId, k.retiredAt === null])).toEqual([
      [before.keyId, false],
      [r.newKey.keyId, true],
    ]);
    // the checkpoint signed with the new key verifies with the key the route now answers
    const latest = (await get('/journal/checkpoints/latest')).json();
    expect(latest.keyId).toBe(after.keyId);
    expect(verifyKeyFromPem(after.pem).verify(Buffer.from(latest.signedNote), Buffer.from(latest.signature, 'base64'))).toBe(true);
  });
});
