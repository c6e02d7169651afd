import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../src/platform/journal';
import { canonicalJson } from '../src/platform/journal/hash';
import { buildTestApp, expectError, type TestApp } from './app';

// Issue 6 §8: the journal proves the content. docs/verify-publication.mjs, run here through its
// exported functions (fetch over app.inject) and once as a program against a listening server.

const script = resolve(fileURLToPath(import.meta.url), '../../../docs/verify-publication.mjs');

interface VerifyArgs {
  server: string;
  list: string;
  subjectId: string;
  version?: number;
  publicKeyPem?: string;
  fetch?: (url: string) => Promise<Response>;
  log?: (line: string) => void;
}
interface VerifyModule {
  verifyPublication(args: VerifyArgs): Promise<{ listKey: string; version: number; journalSeq: number; contentHash: string }>;
  canonicalJson(v: unknown): string;
  VerifyError: new (message: string) => Error;
}

let t: TestApp;
let v: VerifyModule;
let listKey: string;
let subjectId: string;
const server = 'http://portal.test';

/** fetch over app.inject; `edit` may change a response body on the way (a tampering server). */
function injectFetch(edit?: (path: string, body: unknown) => unknown) {
  return async (url: string) => {
    const path = url.slice(server.length);
    const res = await t.app.inject({ url: path });
    let body = res.json() as unknown;
    if (edit) body = edit(path, structuredClone(body));
    return new Response(JSON.stringify(body), { status: res.statusCode, headers: { 'content-type': 'application/json' } });
  };
}
const check = (args: Partial<VerifyArgs> = {}, edit?: (path: string, body: unknown) => unknown) =>
  v.verifyPublication({ server, list: listKey, subjectId, fetch: injectFetch(edit), ...args });
const get = (url: string) => t.app.inject({ url: `/api/v1/public${url}` });

beforeAll(async () => {
  t = await buildTestApp();
  // the test app's data dir does not exist; keys for signing checkpoints go to a fresh one
  Object.assign(t.ctx.config, { dataDir: mkdtempSync(join(tmpdir(), 'sanxiang-proof-')) });
  v = (await import(pathToFileURL(script).href)) as VerifyModule;
  // a list the demo published at load, and one of its entries
  const lists = (await get('/lists?kind=items')).json().items as { listKey: string }[];
  listKey = lists[0]!.listKey;
  const [first] = (await get(`/lists/${encodeURIComponent(listKey)}/versions`)).json().items;
  subjectId = first.changes.added[0].subjectId;
});
afterAll(() => t.close());

describe('the disclosure.publish journal entry', () => {
  it('holds the content hash of every entry of the version, and the version row names it', async () => {
    const version = (await get(`/lists/${encodeURIComponent(listKey)}/versions/1`)).json();
    expect(version.journalSeq).toEqual(expect.any(Number));
    const entry = (await get(`/journal/entries/${version.journalSeq}`)).json();
    expect(entry).toMatchObject({ action: 'disclosure.publish', entityType: 'publication_list', entityId: `${listKey}@1` });
    // the entry is public, so it names no person and no address
    expect(entry).toMatchObject({ actorId: null, actorName: 'system', clientIp: null });
    const payload = JSON.parse(entry.payload);
    expect(canonicalJson(payload)).toBe(entry.payload);
    expect(payload.contentHashAlgorithm).toBe('sha256');
    expect(payload.contentHashes).toHaveLength(version.entryCount);
    const ids = payload.contentHashes.map((x: { subjectId: string }) => x.subjectId);
    expect(ids).toEqual([...ids].sort());
    // the same hash the publication row stores
    const row = await t.ctx.db
      .selectFrom('publication')
      .select('content_hash')
      .where('list_key', '=', listKey)
      .where('subject_id', '=', subjectId)
      .executeTakeFirstOrThrow();
    expect(payload.contentHashes).toContainEqual({ subjectId, contentHash: row.content_hash });
    // and the script's canonical JSON is the server's
    const content = (await get(`/lists/${encodeURIComponent(listKey)}/entries/${encodeURIComponent(subjectId)}`)).json().content;
    expect(v.canonicalJson(content)).toBe(canonicalJson(content));
  });

  it('is named on the portal: 日志序号 in the version history and on the version page', async () => {
    const { journalSeq } = (await get(`/lists/${encodeURIComponent(listKey)}/versions/1`)).json();
    const link = `href="/api/v1/public/journal/entries/${journalSeq}"`;
    const history = await t.app.inject({ url: '/portal/history/items' });
    expect(history.body).toContain('日志序号');
    expect(history.body).toContain(link);
    const page = await t.app.inject({ url: `/portal/history/items/${encodeURIComponent(listKey)}/1` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(link);
  });

  it('serves only publication entries: any other journal entry is 404', async () => {
    const other = await t.ctx.db
      .selectFrom('journal_entry')
      .select('seq')
      .where('action', '!=', 'disclosure.publish')
      .executeTakeFirstOrThrow();
    expectError(await get(`/journal/entries/${other.seq}`), 404, 'NOT_FOUND');
    expectError(await get('/journal/entries/99999999'), 404, 'NOT_FOUND');
    expectError(await get('/journal/entries/-1'), 400, 'VALIDATION_FAILED');
  });

  it('lists, versions and entries answer 404 for what was never published', async () => {
    expectError(await get('/lists/items%3Anope/versions'), 404, 'NOT_FOUND');
    expectError(await get(`/lists/${encodeURIComponent(listKey)}/versions/999`), 404, 'NOT_FOUND');
    expectError(await get(`/lists/${encodeURIComponent(listKey)}/entries/NOPE`), 404, 'NOT_FOUND');
    expectError(await get('/lists?kind=nope'), 400, 'VALIDATION_FAILED');
  });
});

describe('verifying a published entry (docs/verify-publication.mjs)', () => {
  it('refuses before a signed checkpoint covers the entry', async () => {
    await expect(check()).rejects.toThrow(/检查点/);
  });

  it('verifies the entry against the signed checkpoint, by list key or by kind', async () => {
    await createCheckpoint(t.ctx);
    const lines: string[] = [];
    const r = await check({ log: (l) => lines.push(l) });
    expect(r).toMatchObject({ listKey, version: 1 });
    expect(lines.join('\n')).toMatch(/包含性证明/);
    expect((await check({ list: 'items' })).listKey).toBe(listKey);
    expect((await check({ version: 1 })).journalSeq).toBe(r.journalSeq);
  });

  it('fails when the published content was altered in the database', async () => {
    const where = `list_key = '${listKey}' and subject_id = '${subjectId}' and superseded_in is null`;
    const rewrite = (set: string) =>
      sql
        .raw(
          `alter table publication disable trigger publication_append_only;
           update publication set ${set} where ${where};
           alter table publication enable trigger publication_append_only`,
        )
        .execute(t.ctx.db);
    const before = await sql<{ content: string }>`select content::text as content from publication where ${sql.raw(where)}`.execute(
      t.ctx.db,
    );
    const original = before.rows[0]!.content;
    await rewrite(`content = jsonb_set(content, '{name}', '"改过的名称"')`);
    try {
      await expect(check()).rejects.toThrow(/内容被改动过/);
    } finally {
      await rewrite(`content = $$${original}$$::jsonb`);
    }
    await expect(check()).resolves.toMatchObject({ listKey });
  });

  it('fails when a server serves a tampered content hash, entry, proof or key', async () => {
    const payloadEdit =
      (f: (p: { contentHashes: { subjectId: string; contentHash: string }[] }) => void) => (path: string, body: unknown) => {
        if (!path.includes('/journal/entries/')) return body;
        const e = body as { payload: string };
        const p = JSON.parse(e.payload);
        f(p);
        return { ...e, payload: canonicalJson(p) };
      };
    // the entry's content hash in the journal payload changed: the payload no longer matches its hash
    await expect(
      check(
        {},
        payloadEdit((p) => {
          for (const x of p.contentHashes) if (x.subjectId === subjectId) x.contentHash = '0'.repeat(64);
        }),
      ),
    ).rejects.toThrow(/payloadHash/);
    // an attacker who also recomputes the payload hash changes the entry hash …
    await expect(
      check({}, (path, body) => {
        if (!path.includes('/journal/entries/')) return body;
        return { ...(body as object), payloadHash: 'f'.repeat(64) };
      }),
    ).rejects.toThrow(/payloadHash|entryHash/);
    // … and one who recomputes that too is caught by the proof against the signed root
    await expect(
      check({}, (path, body) => {
        if (!path.includes('/journal/proofs/inclusion')) return body;
        const p = body as { proof: string[] };
        return { ...p, proof: p.proof.map((h, i) => (i === 0 ? 'a'.repeat(64) : h)) };
      }),
    ).rejects.toThrow(/根不一致/);
    // a checkpoint note changed after signing
    await expect(
      check({}, (path, body) => {
        if (!path.endsWith('/checkpoints/latest')) return body;
        const c = body as { signedNote: string };
        return { ...c, signedNote: c.signedNote.replace(/\n(\d+)\n/, (_, n) => `\n${Number(n) + 1}\n`) };
      }),
    ).rejects.toThrow(/签名无效/);
    // a key other than the one pinned
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(check({ publicKeyPem: other })).rejects.toThrow(/公钥/);
  });

  it('runs as a program against a listening server', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const pem = (await get('/journal/public-key')).json().pem as string;
    const pemFile = join(mkdtempSync(join(tmpdir(), 'sanxiang-pem-')), 'checkpoint-public.pem');
    writeFileSync(pemFile, pem);
    const run = promisify(execFile);
    const ok = await run(process.execPath, [script, address, listKey, subjectId, '--public-key', pemFile]);
    expect(ok.stdout).toMatch(/核验通过/);
    const bad = await run(process.execPath, [script, address, listKey, 'NOPE']).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/404/);
  });
});
