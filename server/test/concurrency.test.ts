import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorBody } from '../src/platform/http/error-handler';
import { bearer, buildTestApp, type TestApp } from './app';

// Promise 4: two people acting on the same record at the same moment get 200 or a clear 409 —
// never a 500 — and the refused one writes nothing. On PostgreSQL the requests really race
// (one connection each); on PGlite they are serialised by the single session.
let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['agency_head', 'disclosure_clerk']) tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

describe('concurrent edits', () => {
  it('ten simultaneous edits of one catalog item: each is 200 or 409 CONFLICT, and the journal has one entry per 200', async () => {
    const list = await t.app.inject({ url: '/api/v1/catalog/items', headers: bearer(tokens.agency_head as string) });
    const item = (list.json().items as { id: string; data: Record<string, unknown> & { code: string } }[]).find(
      (e) => e.data.code === 'MKT-01',
    );
    if (!item) throw new Error('demo item MKT-01 missing');
    const before = await t.journalCount();
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/v1/catalog/items/${item.id}`,
          headers: bearer(tokens[i % 2 ? 'agency_head' : 'disclosure_clerk'] as string),
          payload: { ...item.data, name: `${item.data.name as string}（修订 ${i}）`, reason: `并发修改 ${i}` },
        }),
      ),
    );
    const statuses = replies.map((r) => r.statusCode);
    expect(
      statuses.every((s) => s === 200 || s === 409),
      `statuses: ${statuses.join(',')}`,
    ).toBe(true);
    for (const r of replies.filter((x) => x.statusCode === 409)) expect(r.json().message).toMatch(/[\u4e00-\u9fff]/);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(0);
    expect(await t.journalCount()).toBe(before + ok);
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
