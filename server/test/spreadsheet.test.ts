import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/auth';
import { errorHandler } from '../src/platform/http/error-handler';
import { drainJobs, failInterruptedJobs, getJob, maxConcurrentJobs, startJob, waitForJob } from '../src/platform/jobs';
import {
  acceptXlsxBody,
  defineSheet,
  exportWorkbook,
  ImportStarted,
  importRefused,
  runImport,
  sendWorkbook,
  xlsxBodyOf,
  xlsxContentType,
} from '../src/platform/spreadsheet';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { testEngine } from './store';

// Issue 3 §5: an import checks every row first, reports row/column/value/reason, writes all or none,
// and runs as a job whose progress the UI polls at GET /api/v1/jobs/:id.

interface ProbeRow {
  code: string;
  name: string;
  kind: string;
  amount: number | null;
  effectiveOn: string | null;
  domains: string[];
}

const probeSheet = defineSheet<ProbeRow>({
  columns: [
    { header: '事项编码', key: 'code', type: 'text', required: true, unique: true, maxLength: 20 },
    { header: '事项名称', key: 'name', type: 'text', required: true, maxLength: 50 },
    {
      header: '执法类别',
      key: 'kind',
      type: 'enum',
      required: true,
      options: [
        { id: 'penalty', label: '行政处罚' },
        { id: 'licensing', label: '行政许可' },
        { id: 'inspection', label: '行政检查' },
      ],
    },
    { header: '罚款上限（元）', key: 'amount', type: 'decimal', min: 0, scale: 2 },
    { header: '生效日期', key: 'effectiveOn', type: 'date' },
    { header: '执法领域', key: 'domains', type: 'list', maxLength: 10 },
  ],
});

function probeRows(n: number): ProbeRow[] {
  return Array.from({ length: n }, (_, i) => ({
    code: `SX-${String(i + 1).padStart(5, '0')}`,
    name: `示例事项${i + 1}`,
    kind: i % 3 === 0 ? 'penalty' : i % 3 === 1 ? 'licensing' : 'inspection',
    amount: i % 4 === 0 ? null : (i * 37.5) % 100000,
    effectiveOn: `2026-0${(i % 9) + 1}-1${i % 10}`,
    domains: i % 2 === 0 ? ['市场监管', '食品安全'] : ['市场监管'],
  }));
}

let t: TestApp;
let officer: Actor;
let reviewer: Actor;

async function actorOf(username: string): Promise<Actor> {
  const u = await t.ctx.db
    .selectFrom('user_account')
    .select(['id', 'username', 'display_name', 'agency_id', 'jurisdiction_code'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: [],
    agencyId: u.agency_id,
    jurisdictionCode: u.jurisdiction_code,
    clientIp: '127.0.0.1',
    sessionId: 'test',
  };
}

async function probeCount(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from import_probe`.execute(t.ctx.db);
  return r.rows[0]!.n;
}

/** The commit a module writes: inserts in chunks, reports progress, journals the import. */
async function commitProbe(
  trx: Parameters<Parameters<typeof runImport<ProbeRow>>[2]['commit']>[0],
  rows: ProbeRow[],
  progress: (done: number) => Promise<void>,
) {
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await sql`insert into import_probe (code, name, kind, amount, effective_on, domains) select * from jsonb_to_recordset(${JSON.stringify(
      part.map((r) => ({ code: r.code, name: r.name, kind: r.kind, amount: r.amount, effective_on: r.effectiveOn, domains: r.domains })),
    )}::jsonb) as x(code text, name text, kind text, amount numeric, effective_on date, domains jsonb)`.execute(trx);
    await progress(i + part.length);
  }
  await t.ctx.journal.append(trx, {
    actor: { id: officer.userId, name: officer.username },
    action: 'probe.import',
    entity: { type: 'import_probe' },
    payload: { rows: rows.length },
  });
  return { written: rows.length };
}

beforeAll(async () => {
  t = await buildTestApp();
  officer = await actorOf('officer');
  reviewer = await actorOf('reviewer');
  await sql`create table import_probe (code text primary key, name text not null, kind text not null, amount numeric, effective_on date, domains jsonb not null)`.execute(
    t.ctx.db,
  );
});
afterAll(async () => {
  await drainJobs(t.ctx);
  await t.close();
});

describe(`GET /api/v1/jobs/:id (${testEngine})`, () => {
  it('401 without a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/jobs/x' });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('400 for an id longer than any job id', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${'x'.repeat(65)}`, headers: bearer(await t.login('officer')) });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it("404 for an unknown job and for someone else's job (scope: only the creator)", async () => {
    const id = await startJob(t.ctx, officer, 'probe.noop', 1, async () => ({ ok: true }));
    await waitForJob(t.ctx, id);
    const other = await t.login('reviewer');
    expectError(await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: bearer(other) }), 404, 'NOT_FOUND');
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/jobs/00000000-0000-4000-8000-000000000000', headers: bearer(other) }),
      404,
      'NOT_FOUND',
    );
    await expect(getJob(t.ctx, reviewer, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: bearer(await t.login('officer')) });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      id,
      kind: 'probe.noop',
      status: 'succeeded',
      total: 1,
      done: 1,
      result: { ok: true },
      error: null,
      problems: [],
    });
  });

  it('a running job shows its progress to its creator while it runs, then its result; start and end are journaled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // barriers, not polling (issue 7 §7): the work says when it has reported progress, the test says when it may finish
    let reported!: () => void;
    const atFour = new Promise<void>((r) => {
      reported = r;
    });
    const before = await t.journalCount();
    const id = await startJob(t.ctx, officer, 'probe.slow', 10, async (progress) => {
      await progress(4);
      reported();
      await gate;
      return { n: 10 };
    });
    const token = await t.login('officer');
    await atFour;
    let view = (await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: bearer(token) })).json();
    expect(view).toMatchObject({ status: 'running', total: 10, done: 4, finishedAt: null });
    release();
    await waitForJob(t.ctx, id);
    view = (await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: bearer(token) })).json();
    expect(view).toMatchObject({ status: 'succeeded', total: 10, done: 10, result: { n: 10 } });
    const actions = await t.ctx.db.selectFrom('journal_entry').select('action').where('entity_id', '=', id).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['job.start', 'job.succeed']);
    expect(await t.journalCount()).toBeGreaterThanOrEqual(before + 2); // the logins are journaled too
  });

  it('an unexpected error fails the job with a masked Chinese message', async () => {
    const id = await startJob(
      t.ctx,
      officer,
      'probe.crash',
      0,
      async () => {
        throw new Error('secret internals');
      },
      { log: { error: () => {} } },
    );
    await waitForJob(t.ctx, id);
    const view = await getJob(t.ctx, officer, id);
    expect(view.status).toBe('failed');
    expect(view.error?.code).toBe('INTERNAL');
    expect(JSON.stringify(view)).not.toContain('secret');
    expect(view.finishedAt).not.toBeNull();
  });
  it(`at most ${maxConcurrentJobs} jobs work at once in a process; the next waits its turn`, async () => {
    const gates: (() => void)[] = [];
    const started: number[] = [];
    // resolves once `n` jobs have started: a barrier instead of polling with sleeps (issue 7 §7)
    const waiting: { n: number; resolve: () => void }[] = [];
    const startedCount = (n: number) => new Promise<void>((resolve) => (started.length >= n ? resolve() : waiting.push({ n, resolve })));
    const ids = await Promise.all(
      [0, 1, 2].map((n) =>
        startJob(t.ctx, officer, 'probe.queue', 1, async () => {
          started.push(n);
          for (const w of waiting.filter((x) => started.length >= x.n)) w.resolve();
          await new Promise<void>((r) => gates.push(r));
          return { n };
        }),
      ),
    );
    await startedCount(maxConcurrentJobs);
    // nothing but a released gate can start the third; let every pending callback run first
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(maxConcurrentJobs);
    expect((await getJob(t.ctx, officer, ids[2]!)).status).toBe('running');
    gates.shift()!();
    await startedCount(3);
    expect(started).toHaveLength(3);
    for (const g of gates.splice(0)) g();
    await drainJobs(t.ctx);
    for (const id of ids) expect((await getJob(t.ctx, officer, id)).status).toBe('succeeded');
  });

  it('a job the store says is running but no process runs (server stopped) is marked failed and journaled at start', async () => {
    const at = t.clock.now();
    await sql`insert into job (id, kind, status, total, done, created_by, created_at, updated_at)
      values ('stale-job', 'probe.import', 'running', 100, 40, ${officer.userId}, ${at}, ${at})`.execute(t.ctx.db);
    let release: (() => void) | undefined;
    let working!: () => void;
    const liveWorks = new Promise<void>((r) => {
      working = r;
    });
    const liveId = await startJob(
      t.ctx,
      officer,
      'probe.live',
      1,
      () =>
        new Promise<Record<string, unknown>>((r) => {
          release = () => r({});
          working();
        }),
    ); // still running in this process: not touched
    expect(await failInterruptedJobs(t.ctx)).toBe(1);
    const stale = await getJob(t.ctx, officer, 'stale-job');
    expect(stale).toMatchObject({ status: 'failed', done: 40, error: { code: 'INTERRUPTED' } });
    expect(stale.error?.message).toContain('中断');
    const entry = await t.ctx.db
      .selectFrom('journal_entry')
      .select(['action', 'actor_name'])
      .where('entity_id', '=', 'stale-job')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'job.fail', actor_name: 'system' });
    await liveWorks;
    release!();
    await waitForJob(t.ctx, liveId);
    expect((await getJob(t.ctx, officer, liveId)).status).toBe('succeeded');
  });
});

describe(`runImport (${testEngine})`, () => {
  it('1,000 rows with ONE bad row: the job fails, names exactly that row and column, writes nothing', async () => {
    const rows = probeRows(1000);
    rows[499] = { ...rows[499]!, kind: '行政处分' }; // not one of the options; Excel row 501 (header is row 1)
    const buffer = await exportWorkbook(probeSheet, rows, '执法事项');
    const journalBefore = await t.journalCount();
    const id = await runImport(t.ctx, officer, { kind: 'probe.import', spec: probeSheet, buffer, commit: commitProbe });
    await waitForJob(t.ctx, id);
    const view = await getJob(t.ctx, officer, id);
    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(view.error?.message).toContain('未导入任何数据');
    expect(view.problemCount).toBe(1);
    expect(view.problems).toEqual([
      { row: 501, column: '执法类别', value: '行政处分', reason: '应为以下之一：行政处罚、行政许可、行政检查' },
    ]);
    expect(await probeCount()).toBe(0);
    // only the job's start and failure were journaled, no import entry
    const entries = await t.ctx.db.selectFrom('journal_entry').select('action').where('seq', '>=', journalBefore).execute();
    expect(entries.map((e) => e.action).sort()).toEqual(['job.fail', 'job.start']);
  });

  it('the same file fixed imports all 1,000 rows, and progress reaches the total', async () => {
    const buffer = await exportWorkbook(probeSheet, probeRows(1000), '执法事项');
    const seen: number[] = [];
    const id = await runImport(t.ctx, officer, {
      kind: 'probe.import',
      spec: probeSheet,
      buffer,
      commit: (trx, rows, progress) =>
        commitProbe(trx, rows, async (done) => {
          seen.push(done);
          await progress(done);
        }),
    });
    await waitForJob(t.ctx, id);
    const view = await getJob(t.ctx, officer, id);
    expect(view).toMatchObject({ status: 'succeeded', total: 1000, done: 1000, result: { rows: 1000, written: 1000 }, problems: [] });
    expect(seen.at(-1)).toBe(1000);
    expect(await probeCount()).toBe(1000);
    const sample = await sql<{ kind: string; amount: string | null; effective_on: string; domains: string[] }>`
      select kind, amount::text as amount, to_char(effective_on, 'YYYY-MM-DD') as effective_on, domains from import_probe where code = 'SX-00002'`.execute(
      t.ctx.db,
    );
    expect(sample.rows[0]).toEqual({ kind: 'licensing', amount: '37.5', effective_on: '2026-02-11', domains: ['市场监管'] });
  });

  it('problems the commit finds (a code already in the table) roll back every row', async () => {
    const rows = probeRows(1001).slice(990); // SX-00991..SX-01001: the first ten exist already
    const buffer = await exportWorkbook(probeSheet, rows, '执法事项');
    const id = await runImport(t.ctx, officer, {
      kind: 'probe.import',
      spec: probeSheet,
      buffer,
      commit: async (trx, parsed, progress, { rowNumbers }) => {
        const taken = await sql<{ code: string }>`select code from import_probe where code = any(${parsed.map((r) => r.code)})`.execute(
          trx,
        );
        const takenCodes = new Set(taken.rows.map((r) => r.code));
        await commitProbe(
          trx,
          parsed.filter((r) => !takenCodes.has(r.code)),
          progress,
        ); // writes the new one...
        const problems = parsed.flatMap((r, i) =>
          takenCodes.has(r.code) ? [{ row: rowNumbers[i]!, column: '事项编码', value: r.code, reason: '该编码已存在' }] : [],
        );
        if (problems.length) throw importRefused(problems); // ...and the refusal rolls it back
        return { written: parsed.length };
      },
    });
    await waitForJob(t.ctx, id);
    const view = await getJob(t.ctx, officer, id);
    expect(view.status).toBe('failed');
    expect(view.problems.map((p) => p.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await probeCount()).toBe(1000);
  });

  it(`10,000 rows: measured rows/s on ${testEngine}`, async () => {
    await sql`delete from import_probe`.execute(t.ctx.db);
    const rows = probeRows(10_000);
    const t0 = performance.now();
    const buffer = await exportWorkbook(probeSheet, rows, '执法事项');
    const t1 = performance.now();
    const id = await runImport(t.ctx, officer, { kind: 'probe.import', spec: probeSheet, buffer, commit: commitProbe });
    await waitForJob(t.ctx, id);
    const t2 = performance.now();
    const view = await getJob(t.ctx, officer, id);
    expect(view).toMatchObject({ status: 'succeeded', done: 10_000 });
    expect(await probeCount()).toBe(10_000);
    console.log(
      `[import bench ${testEngine}] 10,000 rows: workbook ${(buffer.length / 1024).toFixed(0)} KiB written in ${(t1 - t0).toFixed(0)} ms; ` +
        `import (parse + check + write) ${(t2 - t1).toFixed(0)} ms = ${Math.round(10_000 / ((t2 - t1) / 1000))} rows/s`,
    );
  }, 120_000);
});

describe(`xlsx HTTP plumbing (${testEngine})`, () => {
  async function plumbing() {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler(t.ctx));
    app.addHook('onRequest', async (request) => {
      request.actor = officer;
    });
    app.post('/json', async () => ({ ok: true }));
    await app.register(async (imports) => {
      acceptXlsxBody(imports);
      imports.post('/probe/import', { schema: { response: { 202: ImportStarted } } }, async (request, reply) =>
        reply.code(202).send({
          jobId: await runImport(t.ctx, officer, {
            kind: 'probe.import',
            spec: probeSheet,
            buffer: xlsxBodyOf(request),
            commit: commitProbe,
          }),
        }),
      );
    });
    app.get('/probe/export', async (_request, reply) =>
      sendWorkbook(reply, await exportWorkbook(probeSheet, probeRows(3), '执法事项'), '执法事项清单（2026年）.xlsx'),
    );
    await app.ready();
    return app;
  }

  it('415 for a JSON body on an import route; a workbook is refused on other routes', async () => {
    const app = await plumbing();
    expectError(await app.inject({ method: 'POST', url: '/probe/import', payload: { a: 1 } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const xlsx = await exportWorkbook(probeSheet, probeRows(1), '执法事项');
    expectError(
      await app.inject({ method: 'POST', url: '/json', payload: xlsx, headers: { 'content-type': xlsxContentType } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await app.close();
  });

  it('413 above 20 MB', async () => {
    const app = await plumbing();
    const res = await app.inject({
      method: 'POST',
      url: '/probe/import',
      payload: Buffer.alloc(21 * 1024 * 1024),
      headers: { 'content-type': xlsxContentType },
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    await app.close();
  });

  it('202 {jobId} for a workbook (larger than the 1 MB JSON limit); a file that is not xlsx fails the job with a reason', async () => {
    await sql`delete from import_probe`.execute(t.ctx.db);
    const app = await plumbing();
    const xlsx = await exportWorkbook(probeSheet, probeRows(30_000), '执法事项');
    expect(xlsx.length).toBeGreaterThan(1024 * 1024);
    const res = await app.inject({ method: 'POST', url: '/probe/import', payload: xlsx, headers: { 'content-type': xlsxContentType } });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json() as { jobId: string };
    await waitForJob(t.ctx, jobId);
    expect(await getJob(t.ctx, officer, jobId)).toMatchObject({ status: 'succeeded', done: 30_000 });

    const junk = await app.inject({
      method: 'POST',
      url: '/probe/import',
      payload: Buffer.from('not a workbook'),
      headers: { 'content-type': xlsxContentType },
    });
    const junkId = (junk.json() as { jobId: string }).jobId;
    await waitForJob(t.ctx, junkId);
    const view = await getJob(t.ctx, officer, junkId);
    expect(view.status).toBe('failed');
    expect(view.problems[0]?.reason).toContain('不是有效的 Excel 工作簿');
    await app.close();
  }, 120_000);

  it('an export downloads with its Chinese file name (RFC 5987)', async () => {
    const app = await plumbing();
    const res = await app.inject({ method: 'GET', url: '/probe/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(xlsxContentType);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="2026.xlsx"; filename*=UTF-8''${encodeURIComponent('执法事项清单（2026年）.xlsx')}`,
    );
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    await app.close();
  });
});
