import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sections } from '../src/portal/layout';
import { bearer, buildTestApp, type TestApp } from './app';

/**
 * Hostile input to every operation of the OpenAPI document and every portal page (issue 7 §4):
 * NUL bytes, 50 KB strings, emoji, invalid UTF-8, path traversal, SQL and template fragments,
 * wrong types, huge and negative numbers — in path parameters, query parameters, headers and
 * bodies, unauthenticated and as each demo role. Any 5xx fails the test and prints the request.
 * Deterministic: a seeded generator, so a failure reproduces with the same seed.
 */

const seed = Number(process.env.FUZZ_SEED ?? 20260815);
/** Mutations per operation at most (sampled from every parameter × every hostile value). */
const perOperation = 80;

function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

/** Hostile text: what a string parameter or field receives. */
const hostileStrings: readonly string[] = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(50_000),
  '😀🀄️👨‍👩‍👧'.repeat(20),
  '\ud800',
  'a\udfffb',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  "' or 1=1--",
  '"; drop table agency; --',
  '{{7*7}}',
  ['$', '{7*7}'].join(''), // a template placeholder, as text
  '<script>alert(1)</script>',
  '',
  ' ',
  '\t\r\n',
  '-1',
  '0',
  '99999999999999999999999',
  '1e309',
  'NaN',
  'null',
  'true',
  '2026-02-30',
  '9999-12-31T99:99:99Z',
  '00000000-0000-0000-0000-000000000000',
  '中文名称'.repeat(30),
  '\u202e\u200b\ufeff',
];

/** Hostile JSON values of the wrong type. */
const hostileValues: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -(2 ** 31),
  2 ** 53 + 1,
  true,
  [],
  ['a', 1, null],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  { constructor: { prototype: { admin: true } } },
];

/** Raw (already encoded, or deliberately broken) URL text, put into a path or query unencoded. */
const rawUrlText: readonly string[] = [
  '%00',
  '%C0%AF',
  '%FF',
  '%ED%A0%80',
  '%E4%B8',
  '%',
  '%zz',
  '%2e%2e%2f%2e%2e%2f',
  '..',
  '.%00.',
  '%0d%0aX-Injected:1',
];

interface Op {
  method: string;
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema }[];
  body?: Schema;
  xlsx?: boolean;
  secured: boolean;
}

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  format?: string;
};

let ids: string[] = [];

/** A valid-looking value for a schema: the skeleton each mutation starts from. */
function sample(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return sample(branches.find((b) => b.type !== 'null') ?? branches[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(k) || random() < 0.5) out[k] = sample(v, depth + 1);
      }
      return out;
    }
    case 'array':
      return s.items ? [sample(s.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'uuid') return pick(ids);
      if (s.format === 'date') return '2026-03-01';
      if (s.format === 'date-time') return '2026-03-01T08:00:00Z';
      return 'a'.repeat(Math.max(1, Number(s.minLength ?? 1)));
    default:
      return 'x';
  }
}

const hostileAny = (): unknown => (random() < 0.6 ? pick(hostileStrings) : pick(hostileValues));

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as { name: string; in: string; schema: Schema }[];
      const content = ((op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {}) as Record<
        string,
        { schema: Schema }
      >;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema,
        xlsx: Object.keys(content).some((c) => c.includes('spreadsheetml')),
        secured: !Array.isArray(op.security) || (op.security as unknown[]).length > 0,
      });
    }
  }
  return ops;
}

const encode = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be percent-encoded: its UTF-8 look-alike instead
  }
};

interface Req {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

function urlOf(op: Op, pathValues: Record<string, string>, query: Record<string, string>): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => pathValues[name] ?? 'x');
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

/** Every mutation of one operation: each path, query and body field × each hostile value; sampled. */
function requestsFor(op: Op): Omit<Req, 'headers'>[] {
  const basePath = Object.fromEntries(op.pathParams.map((p) => [p.name, encode(sample(p.schema))]));
  const baseQuery: Record<string, string> = {};
  const baseBody = op.body ? sample(op.body) : undefined;
  const withBody = (body: unknown) => (op.xlsx ? undefined : body === undefined ? undefined : JSON.stringify(body));
  const all: Omit<Req, 'headers'>[] = [];
  const add = (pathValues: Record<string, string>, query: Record<string, string>, body: unknown) =>
    all.push({ method: op.method, url: urlOf(op, pathValues, query), payload: withBody(body) });

  add(basePath, baseQuery, baseBody);
  for (const p of op.pathParams) {
    for (const v of [...hostileStrings, ...hostileValues]) add({ ...basePath, [p.name]: encode(v) }, baseQuery, baseBody);
    for (const raw of rawUrlText) add({ ...basePath, [p.name]: raw }, baseQuery, baseBody);
  }
  for (const p of op.queryParams) {
    for (const v of [...hostileStrings, ...hostileValues]) add(basePath, { ...baseQuery, [p.name]: encode(v) }, baseBody);
    for (const raw of rawUrlText) add(basePath, { ...baseQuery, [p.name]: raw }, baseBody);
    add(basePath, { ...baseQuery, [p.name]: `${encode('a')}&${encodeURIComponent(p.name)}=${encode('b')}` }, baseBody); // repeated
  }
  add(basePath, { unknown: encode('x'), __proto__x: encode('{}') }, baseBody);
  if (op.body && baseBody && typeof baseBody === 'object' && !Array.isArray(baseBody)) {
    const fields = Object.keys(op.body.properties ?? {});
    for (const f of fields) {
      for (const v of [...hostileStrings, ...hostileValues]) add(basePath, baseQuery, { ...baseBody, [f]: v });
      // one level down: the first element of an array field, or a nested object's fields
      const inner = (baseBody as Record<string, unknown>)[f];
      const first = Array.isArray(inner) ? inner[0] : undefined;
      if (first && typeof first === 'object') {
        for (const k of Object.keys(first)) add(basePath, baseQuery, { ...baseBody, [f]: [{ ...first, [k]: hostileAny() }] });
      }
    }
  }
  if (op.body || op.method !== 'GET') {
    for (const whole of [null, [], 'text', 42, { extra: '\u0000' }, hostileAny()]) add(basePath, baseQuery, whole);
  }
  // sample deterministically, keeping the plain request first
  const [plain, ...rest] = all;
  const chosen: Omit<Req, 'headers'>[] = [];
  while (chosen.length < perOperation - 1 && rest.length) chosen.push(rest.splice(Math.floor(random() * rest.length), 1)[0] as Req);
  return plain ? [plain, ...chosen] : chosen;
}

/** The portal routes the templates below reach; a new portal route fails the test until it is added. */
const coveredPortalRoutes = [
  '/portal',
  '/portal/*',
  '/portal/:slug',
  '/portal/assets/portal.css',
  '/portal/history/:slug',
  '/portal/history/:slug/:listKey/:version',
  '/portal/items/:code',
  '/portal/service-windows/:id',
];

/** Full paths from Fastify's route tree (`printRoutes({ commonPrefix: false })`). */
function routesOf(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const segment = m[2] ?? '';
    // a wildcard child is printed without its slash: `/portal` → `*` is `/portal/*`
    stack[depth] = segment === '*' && !(stack[depth - 1] ?? '').endsWith('/') ? '/*' : segment;
    out.push(stack.join(''));
  }
  return out;
}

/** The portal's pages with their path and query parameters (portal/index.ts). */
function portalRequests(): Req[] {
  const out: Req[] = [];
  const values = [...hostileStrings.map(encode), ...rawUrlText, ...hostileValues.map(encode)];
  const slugs = sections.map((s) => s.slug);
  const templates: ((v: string) => string)[] = [
    () => '/portal/',
    (v) => `/portal/${v}`,
    (v) => `/portal/items/${v}`,
    (v) => `/portal/service-windows/${v}`,
    (v) => `/portal/history/${v}`,
    (v) => `/portal/history/${pick(slugs)}/${v}/1`,
    (v) => `/portal/history/${pick(slugs)}/items:${pick(ids)}/${v}`,
    (v) => `/portal/assets/${v}`,
    ...slugs.flatMap((slug) => [
      (v: string) => `/portal/${slug}?q=${v}`,
      (v: string) => `/portal/${slug}?agency=${v}`,
      (v: string) => `/portal/${slug}?cursor=${v}`,
      (v: string) => `/portal/${slug}?q=${v}&q=${v}&agency=${encode(pick(ids))}`,
    ]),
  ];
  for (const t of templates) for (const v of values) out.push({ method: 'GET', url: t(v), headers: {} });
  for (const v of values)
    out.push({ method: 'POST', url: `/portal/items?q=${v}`, headers: { 'content-type': 'application/json' }, payload: '{"a":' });
  return out;
}

describe('hostile input never answers 5xx (issue 7 §4)', () => {
  let t: TestApp;
  const roles = ['sysadmin', 'secadmin', 'auditor', 'supervisor', 'disclosure_clerk', 'agency_head', 'officer', 'reviewer'] as const;
  const tokens = new Map<string, string | undefined>();
  let sent = 0;
  const failures: string[] = [];
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await buildTestApp();
    ids = [
      ...(await t.ctx.db.selectFrom('agency').select('id').execute()).map((r) => r.id),
      ...(await t.ctx.db.selectFrom('officer').select('id').limit(20).execute()).map((r) => r.id),
      ...(await t.ctx.db.selectFrom('user_account').select('id').execute()).map((r) => r.id),
    ];
    for (const r of roles) tokens.set(r, await t.login(r));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function send(req: Req, role: string | undefined): Promise<LightMyRequestResponse | undefined> {
    const headers = { ...req.headers };
    const token = role ? tokens.get(role) : undefined;
    if (token) Object.assign(headers, bearer(token));
    if (req.payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    let res: LightMyRequestResponse;
    try {
      res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers, payload: req.payload });
    } catch (e) {
      // light-my-request refuses what no HTTP client could send (e.g. a NUL in a header value)
      if ((e as { code?: string }).code === 'ERR_INVALID_CHAR') return undefined;
      throw e;
    }
    sent++;
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    if (res.statusCode >= 500) {
      failures.push(
        `${res.statusCode} ${role ?? '(anonymous)'} ${req.method} ${req.url.slice(0, 300)} ${String(req.payload ?? '').slice(0, 300)} → ${res.body.slice(0, 300)}`,
      );
    }
    // a mutation may end the session (logout, password change): log the role in again
    if (role && token && res.statusCode === 401) tokens.set(role, await t.login(role).catch(() => undefined));
    return res;
  }

  /** Every operation of `ops`, each with hostile variants of its parameters and body, as rotating roles. */
  async function fuzzOperations(ops: Op[]): Promise<void> {
    for (const op of ops) {
      const reqs = requestsFor(op);
      for (const [i, r] of reqs.entries()) {
        const role = !op.secured || i % 5 === 0 ? undefined : roles[i % roles.length];
        const headers: Record<string, string> = {};
        if (i % 7 === 3) headers['if-match'] = pick(['"1"', '"-1"', '*', 'W/"x"', '"99999999999999999999"', '"\u00ff"']);
        if (i % 11 === 5) headers['x-request-id'] = pick(['x'.repeat(100), '../', '😀']);
        if (op.xlsx && i % 2 === 0) {
          headers['content-type'] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
          const garbage = Buffer.from(Array.from({ length: 64 + Math.floor(random() * 512) }, () => Math.floor(random() * 256)));
          await send({ ...r, headers, payload: i % 4 === 0 ? Buffer.concat([Buffer.from('PK\u0003\u0004'), garbage]) : garbage }, role);
          continue;
        }
        await send({ ...r, headers }, role);
      }
    }
  }

  async function fuzzCaseActions(): Promise<void> {
    // The case action route's inputs are data (each action's schema in GET /procedures), not in the
    // OpenAPI document (its body is any object): every action of every procedure, on a real case of
    // that procedure, with each input field hostile, as the officer and the head (issue 8 §3).
    const procedures = (await t.app.inject({ url: '/api/v1/procedures', headers: bearer(tokens.get('officer') as string) })).json()
      .items as { code: string; open: Schema; actions: { name: string; input: Schema }[] }[];
    let actionRequests = 0;
    for (const p of procedures) {
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: bearer(tokens.get('officer') as string),
        payload: { procedure: p.code, title: `模糊测试${p.code}`, open: sample(p.open) as Record<string, unknown> },
      });
      expect(opened.statusCode, `open a ${p.code} case for the action fuzz: ${opened.body}`).toBe(201);
      const caseId = opened.json().id as string;
      ids.push(caseId);
      for (const a of p.actions) {
        const op: Op = {
          method: 'POST',
          path: `/api/v1/cases/${caseId}/actions/${a.name}`,
          pathParams: [],
          queryParams: [],
          body: a.input,
          secured: true,
        };
        for (const [i, r] of requestsFor(op).slice(0, 20).entries()) {
          await send({ ...r, headers: {} }, i % 2 === 0 ? 'officer' : 'agency_head');
          actionRequests++;
        }
      }
    }
    expect(actionRequests).toBeGreaterThan(500);
  }

  it('every OpenAPI operation and every portal page, ≥ 10,000 requests, then ready', { timeout: 240_000 }, async () => {
    const doc = t.app.swagger() as unknown as Parameters<typeof operations>[0];
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    // dangerous for the run itself (ending sessions, changing passwords) go last, after the case actions below
    const last = (op: Op) => /logout|password|totp|sessions|disable|lock/.test(op.path);
    await fuzzOperations(ops.filter((op) => !last(op)));
    await fuzzCaseActions();
    await fuzzOperations(ops.filter(last));
    const portalRoutes = [...new Set(routesOf(t.app.printRoutes({ commonPrefix: false })).filter((p) => p.startsWith('/portal')))];
    expect(portalRoutes.sort()).toEqual([...coveredPortalRoutes].sort());
    const portal = portalRequests();
    for (const r of portal) await send(r, undefined);

    console.info(
      `fuzz (seed ${seed}): ${sent} requests, ${ops.length} operations, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    if (failures.length) console.error(`${failures.length} requests answered 5xx (seed ${seed}):\n${failures.slice(0, 30).join('\n')}`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });
});
