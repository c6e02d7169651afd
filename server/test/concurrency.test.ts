import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorBody } from '../src/platform/http/error-handler';
import { bearer, buildTestApp, type TestApp } from './app';

// Promise 4: two people acting on the same record at the same moment get 200 or a clear 409/412 —
// never a 500 — and the refused one writes nothing. Every edit names the version it was made on
// (If-Match, issue 6), so of simultaneous edits from one version exactly one is saved. On PostgreSQL the requests really race
// (one connection each); on PGlite they are serialised by the single session.
let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['agency_head', 'disclosure_clerk']) tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

describe('concurrent edits', () => {
  it('ten simultaneous edits of one catalog item from one version: one 200, the others 412 (or 409), one journal entry', async () => {
    const list = await t.app.inject({ url: '/api/v1/catalog/items', headers: bearer(tokens.agency_head as string) });
    const item = (list.json().items as { id: string; revision: number; data: Record<string, unknown> & { code: string } }[]).find(
      (e) => e.data.code === 'MKT-01',
    );
    if (!item) throw new Error('demo item MKT-01 missing');
    const before = await t.journalCount();
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/v1/catalog/items/${item.id}`,
          headers: { ...bearer(tokens[i % 2 ? 'agency_head' : 'disclosure_clerk'] as string), 'if-match': `"${item.revision}"` },
          payload: { ...item.data, name: `${item.data.name as string}（修订 ${i}）`, reason: `并发修改 ${i}` },
        }),
      ),
    );
    const statuses = replies.map((r) => r.statusCode);
    expect(
      statuses.every((s) => s === 200 || s === 409 || s === 412),
      `statuses: ${statuses.join(',')}`,
    ).toBe(true);
    for (const r of replies.filter((x) => x.statusCode !== 200)) expect(r.json().message).toMatch(/[\u4e00-\u9fff]/);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(await t.journalCount()).toBe(before + 1);
    // the saved edit is the record's next version
    const got = await t.app.inject({ url: `/api/v1/catalog/items/${item.id}`, headers: bearer(tokens.agency_head as string) });
    expect(got.headers.etag).toBe(`"${item.revision + 1}"`);
  });

  it('a unique violation or a serialisation failure from the database answers 409 in Chinese, not 500', async () => {
    await sql`create table race_probe (k text primary key)`.execute(t.ctx.db);
    await sql`insert into race_probe values ('a')`.execute(t.ctx.db);
    const error = await sql`insert into race_probe values ('a')`.execute(t.ctx.db).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeDefined();
    const { status, body } = toErrorBody(error as Error);
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'CONFLICT', message: '该记录刚被他人同时提交，本次操作未保存，请刷新后重试' });
    expect(toErrorBody(new Error('boom')).status).toBe(500);
  });
});
