import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/store';
import type { Actor } from '../auth/actor';
import { scratchBlobStore } from '../blobs/testing';
import { manualClock } from '../clock';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import type { Store } from '../db/connect';
import { errorHandler } from '../http/error-handler';
import { validatorCompiler } from '../http/validation';
import { createJournal } from '../journal/append';
import { calendarRoutes } from './routes';

// Until app.ts mounts the calendar: the app's validator and error handler, and a stand-in for the
// auth hook that takes the actor from a test header.
let store: Store;
let app: FastifyInstance;

const base: Actor = {
  userId: 'u-admin',
  username: 'admin',
  displayName: '系统管理员',
  roles: ['system_admin'],
  agencyId: null,
  jurisdictionCode: null,
  clientIp: null,
  sessionId: 's1',
};
const actors: Record<string, Actor> = { admin: base, officer: { ...base, userId: 'u-officer', username: 'officer1', roles: ['officer'] } };

beforeAll(async () => {
  store = await openTestStore();
  const clock = manualClock('2026-05-20T02:00:00Z');
  const ctx: AppContext = {
    store,
    db: store.db,
    config: loadConfig({}),
    clock,
    journal: createJournal('sha256', clock),
    blobs: scratchBlobStore(),
  };
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler(ctx));
  app.addHook('onRequest', async (request) => {
    const who = request.headers['x-test-actor'];
    if (typeof who === 'string' && actors[who]) request.actor = actors[who];
  });
  await app.register(calendarRoutes, { prefix: '/api/v1', ctx });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const as = (who: string | undefined) => (who ? { 'x-test-actor': who } : {});

describe('calendar routes', () => {
  it('401 without login, 400 on bad input, 403 for a non-administrator', async () => {
    expect((await app.inject({ url: '/api/v1/calendar/2026' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-09-30&n=7' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/calendar/abc', headers: as('officer') })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-9-30&n=7', headers: as('officer') })).statusCode).toBe(
      400,
    );
    const feb30 = await app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-02-30&n=7', headers: as('officer') });
    expect(feb30.statusCode).toBe(400);
    expect(feb30.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '日期 2025-02-30 不存在',
      details: { fields: [{ field: 'date', message: '日期 2025-02-30 不存在' }] },
    });
    expect((await app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-09-30&n=-1', headers: as('officer') })).statusCode).toBe(
      400,
    );
    expect(
      (await app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-09-30&n=7&x=1', headers: as('officer') })).statusCode,
    ).toBe(400);
    const body = { date: '2025-10-09', kind: 'holiday', name: '地方节日', source: '某通知' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/calendar/overrides', payload: body, headers: as('officer') })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/calendar/overrides', payload: { ...body, extra: 1 }, headers: as('admin') }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/calendar/overrides', payload: { ...body, kind: 'x' }, headers: as('admin') }))
        .statusCode,
    ).toBe(400);
  });

  it('computes working days for any logged-in user', async () => {
    const res = await app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-09-30&n=7', headers: as('officer') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date: '2025-09-30', n: 7, result: '2025-10-16', yearsWithoutOfficialData: [] });
  });

  it('lists a year, and an administrator override shows up in it', async () => {
    const res = await app.inject({ url: '/api/v1/calendar/2026', headers: as('officer') });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.hasOfficialData).toBe(true);
    expect(view.days.find((d: { date: string }) => d.date === '2026-10-10')).toEqual({
      date: '2026-10-10',
      weekday: '周六',
      working: true,
      kind: 'makeup_workday',
      name: '国庆节',
      override: null,
    });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar/overrides',
      payload: { date: '2026-03-03', kind: 'holiday', name: '地方节日', source: '某省人民政府令第1号' },
      headers: as('admin'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      date: '2026-03-03',
      kind: 'holiday',
      createdBy: 'u-admin',
      createdAt: '2026-05-20T02:00:00.000Z',
    });
    const after = (await app.inject({ url: '/api/v1/calendar/2026', headers: as('officer') })).json();
    expect(after.days.find((d: { date: string }) => d.date === '2026-03-03')).toMatchObject({
      kind: 'holiday',
      override: { source: '某省人民政府令第1号' },
    });
    expect((await app.inject({ url: '/api/v1/calendar/2099', headers: as('officer') })).json()).toMatchObject({
      hasOfficialData: false,
      days: [],
    });
  });
});
