import type { TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFieldLabel, listKindPaths } from '../src/modules/catalog/rules';
import { dataSchemas } from '../src/modules/catalog/schema';
import type { CatalogListKind } from '../src/modules/catalog/tables';
import { kindSlugs, type PublicEntry, publishList } from '../src/modules/disclosure';
import { idNumberCheckChar } from '../src/modules/org';
import { CreateServiceWindowBody, UpdateAgencyBody, UpdateOfficerBody } from '../src/modules/org/schema';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';
import { idNumberShape, mobileShape, withoutRecordIds } from './personal-data';
import { itemEntry } from './portal.fixtures';

// Issue 6 §4: personal data never reaches a publication. Every free-text field of every list kind,
// found by walking the TypeBox schemas (so a new field is covered without touching this file),
// refuses an ID number, a mobile number and a bank card number at save time, naming the field;
// nothing is written and nothing reaches the portal or the open-data API.

const first17 = '11010519850615123';
const idNumber = `${first17}${idNumberCheckChar(first17)}`;
const mobile = '13987654321';
const bankCard = '6222021234567890128'; // Luhn-valid
const values = [
  { value: idNumber, message: '含有公民身份号码' },
  { value: mobile, message: '含有个人手机号码' },
  { value: bankCard, message: '含有银行卡号' },
];

let t: TestApp;
const tokens: Record<string, string> = {};
let ids: Record<string, string> = {};
let marketOfficer = '';
const windowStaff: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['agency_head', 'disclosure_clerk', 'supervisor']) tokens[u] = await t.login(u);
  ids = await demoAgencyIds(t);
  const officers = await t.ctx.db
    .selectFrom('officer')
    .select('id')
    .where('agency_id', '=', ids.market as string)
    .where('is_enforcer', '=', true)
    .where('active', '=', true)
    .where('user_id', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  marketOfficer = officers[0]?.id as string;
  windowStaff.push(...officers.slice(0, 2).map((o) => o.id));
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
/** Edits carry the version they change (If-Match, issue 6 §3); a refused edit leaves it as it was. */
const ifMatch = async (table: 'officer' | 'agency', id: string) => {
  const r = await t.ctx.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return { 'if-match': `"${r.version}"` };
};

// ---------------------------------------------------------------------------------------------
// The free-text fields of a schema

type Node = TSchema & {
  type?: string;
  const?: unknown;
  pattern?: string;
  format?: string;
  maxLength?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: Node[];
};
const unwrap = (n: Node): Node => (n.anyOf ? ((n.anyOf.find((m) => m.type !== 'null') ?? n) as Node) : n);
/** Names that hold an identifier, not text: record ids, item codes, and the ID number field of a person's own record. */
const notText = (key: string) => /Id$|^idNumber$|^itemCodes?$|^code$|^reason$/.test(key);

interface TextField {
  path: string;
  schema: Node;
}
/** Every string leaf of a schema that takes free text (no pattern, format or fixed value); arrays at index 0. */
function textFields(schema: Node, prefix = ''): TextField[] {
  const n = unwrap(schema);
  if (n.type === 'object' && n.properties)
    return Object.entries(n.properties).flatMap(([k, p]) => (notText(k) ? [] : textFields(p, prefix ? `${prefix}.${k}` : k)));
  if (n.type === 'array' && n.items) return textFields(n.items, `${prefix}.0`);
  if (n.type === 'string' && n.const === undefined && !n.format && !n.pattern) return [{ path: prefix, schema: n }];
  if (n.type === 'string' && n.pattern) return [{ path: prefix, schema: n }]; // a phone: tried with the bare number
  return [];
}

/** A minimal valid value of a schema, for a container the base body lacks. */
function sample(schema: Node): unknown {
  const n = unwrap(schema);
  if (n.const !== undefined) return n.const;
  if (n.type === 'object') return Object.fromEntries((n.required ?? []).map((k) => [k, sample(n.properties?.[k] as Node)]));
  if (n.type === 'array') return n.minItems ? [sample(n.items as Node)] : [];
  if (n.type === 'string') return n.format === 'date' ? '2026-01-01' : '示例内容';
  if (n.type === 'number' || n.type === 'integer') return 0;
  if (n.type === 'boolean') return false;
  return null;
}

/** A deep copy of `body` with `value` at `path`, creating what is missing from the schema. */
function withValue(body: Record<string, unknown>, schema: Node, path: string, value: string): Record<string, unknown> {
  const copy = structuredClone(body);
  let target: Record<string, unknown> | unknown[] = copy;
  let node = schema;
  const segs = path.split('.');
  segs.forEach((seg, i) => {
    const parent = unwrap(node);
    node = (/^[0-9]+$/.test(seg) ? parent.items : parent.properties?.[seg]) as Node;
    const key = /^[0-9]+$/.test(seg) ? Number(seg) : seg;
    const holder = target as Record<string | number, unknown>;
    if (i === segs.length - 1) holder[key] = value;
    else {
      if (holder[key] === undefined || holder[key] === null) holder[key] = sample(node) ?? (unwrap(node).type === 'array' ? [] : {});
      const next = holder[key];
      if (Array.isArray(next) && next.length === 0) next.push(sample(unwrap(node).items as Node));
      target = next as Record<string, unknown>;
    }
  });
  return copy;
}

/** The value as it would be typed into the field: inside a sentence where the field takes text. */
function asTyped(field: TextField, value: string): string | null {
  const s = field.schema;
  const candidates = s.pattern ? [value] : [`联系 ${value} 备查`, value];
  return (
    candidates.find((c) => c.length <= (s.maxLength ?? Number.POSITIVE_INFINITY) && (!s.pattern || new RegExp(s.pattern).test(c))) ?? null
  );
}

// ---------------------------------------------------------------------------------------------
// Each list kind: how to save one entry with a field changed

interface ListCase {
  list: string;
  schema: Node;
  save(path: string, typed: string): Promise<{ statusCode: number; body: string; json(): unknown }>;
  /** the Chinese label the message must name, where the test can know it */
  label?(path: string): string;
}

async function catalogBase(kind: CatalogListKind): Promise<Record<string, unknown>> {
  const rows = await t.ctx.db
    .selectFrom('catalog_entry_revision')
    .select(['data', 'agency_id'])
    .where('list_kind', '=', kind)
    .where('removed', '=', false)
    .execute();
  const own = rows.find((r) => r.agency_id === ids.market) ?? rows[0];
  expect(own, `demo data has a ${kind} entry`).toBeDefined();
  const data = (typeof own?.data === 'string' ? JSON.parse(own.data) : own?.data) as Record<string, unknown>;
  // a new entry of the market agency; a discretion standard of another agency names no market item
  return { ...data, code: 'PDT-01', ...(own?.agency_id !== ids.market && 'itemCode' in data ? { itemCode: null } : {}) };
}

const catalogKinds = Object.keys(listKindPaths) as CatalogListKind[];

function catalogCase(kind: CatalogListKind): ListCase {
  let base: Record<string, unknown> | undefined;
  return {
    list: kind,
    schema: dataSchemas[kind] as Node,
    async save(path, typed) {
      base ??= await catalogBase(kind);
      const payload = { ...withValue(base, dataSchemas[kind] as Node, path, typed), reason: '测试个人信息检查' };
      return t.app.inject({ method: 'POST', url: `/api/v1/catalog/${listKindPaths[kind]}`, headers: as('agency_head'), payload });
    },
    label: (path) => catalogFieldLabel(kind, path),
  };
}

const windowBody = () => ({
  number: 'P01',
  name: '个人信息检查窗口',
  hall: '示范市示范区政务服务中心',
  floor: '二楼',
  openingHours: '工作日 9:00—12:00，13:30—17:30',
  phone: '0999-88000102',
  staff: windowStaff.map((officerId) => ({ officerId, duties: '受理投诉举报' })),
  itemCodes: [],
  materials: [{ title: '投诉举报书（示范文本）', text: '被投诉举报人：____', itemCodes: [] }],
  progressEnquiry: '拨打 0999-88000102 查询',
  consultation: '窗口现场咨询',
  complaint: '12315 市场监管投诉举报热线',
});

const cases: ListCase[] = [
  ...catalogKinds.map(catalogCase),
  {
    list: 'officers',
    schema: UpdateOfficerBody as Node,
    save: async (path, typed) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/officers/${marketOfficer}`,
        headers: { ...as('agency_head'), ...(await ifMatch('officer', marketOfficer)) },
        payload: { ...withValue({}, UpdateOfficerBody as Node, path, typed), reason: '测试个人信息检查' },
      }),
  },
  {
    list: 'agencies',
    schema: UpdateAgencyBody as Node,
    save: async (path, typed) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${ids.market}`,
        headers: { ...as('agency_head'), ...(await ifMatch('agency', ids.market as string)) },
        payload: { ...withValue({}, UpdateAgencyBody as Node, path, typed), reason: '测试个人信息检查' },
      }),
  },
  {
    list: 'service_windows',
    schema: CreateServiceWindowBody as Node,
    save: (path, typed) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/agencies/${ids.market}/service-windows`,
        headers: as('disclosure_clerk'),
        payload: withValue(windowBody(), CreateServiceWindowBody as Node, path, typed),
      }),
  },
];

describe('issue 6 §4: personal data is refused at save time in every text field of every list', () => {
  it('the schemas yield the fields this test walks', () => {
    const fields = Object.fromEntries(cases.map((c) => [c.list, textFields(c.schema).map((f) => f.path)]));
    expect(fields.items).toEqual(expect.arrayContaining(['name', 'duties', 'legalBases.0.text', 'serviceGuide.phone', 'flowchart.0.step']));
    expect(fields.discretion_standards).toEqual(expect.arrayContaining(['violation', 'levels.0.conditions', 'penaltyBasis.0.law']));
    expect(fields.officers).toEqual(expect.arrayContaining(['post', 'domains.0', 'name', 'certificateNumber', 'issuingBody']));
    expect(fields.officers).not.toContain('idNumber');
    expect(fields.agencies).toEqual(expect.arrayContaining(['legalBasis', 'address', 'phone', 'domains.0', 'legalOffice', 'name']));
    expect(fields.service_windows).toEqual(expect.arrayContaining(['staff.0.duties', 'materials.0.text', 'consultation', 'phone']));
  });

  for (const c of cases) {
    it(`${c.list}: an ID number, a mobile number and a bank card number, in each text field`, async () => {
      const before = await t.journalCount();
      let tried = 0;
      for (const field of textFields(c.schema)) {
        for (const { value, message } of values) {
          const typed = asTyped(field, value);
          if (typed === null) continue; // the schema itself refuses a value this long or shaped so
          tried++;
          const res = await c.save(field.path, typed);
          const what = `${c.list} ${field.path} ${value}`;
          const body = expectError(res as never, 400, 'VALIDATION_FAILED');
          expect(body.message, what).toContain(message);
          if (c.label) expect(body.message, what).toContain(c.label(field.path));
          expect(body.details, what).toMatchObject({ fields: [{ field: field.path }] });
        }
      }
      expect(tried).toBeGreaterThan(5);
      expect(await t.journalCount()).toBe(before);
    }, 120_000);
  }

  it('none of the values reaches the portal or the open-data API (JSON and CSV)', async () => {
    const slugs = Object.values(kindSlugs);
    const bodies: [string, string][] = [];
    for (const slug of slugs) {
      for (const url of [`/portal/${slug}`, `/api/v1/public/${slug}?limit=500`, `/api/v1/public/${slug}?limit=500&format=csv`]) {
        const res = await t.app.inject({ url });
        if (res.statusCode === 200) bodies.push([url, withoutRecordIds(res.body)]);
      }
    }
    expect(bodies.length).toBeGreaterThan(slugs.length);
    for (const [url, text] of bodies) {
      for (const { value } of values) expect(text, url).not.toContain(value);
      expect(text, url).not.toMatch(idNumberShape);
      expect(text, url).not.toMatch(mobileShape);
    }
  });
});

describe('issue 6 §4: publishList reads every string of every entry', () => {
  const input = (entries: PublicEntry[], release?: { reason: string }) => ({
    listKind: 'items',
    listKey: `items:pd-test`,
    jurisdictionCode: '990199',
    agencyId: null,
    title: '测试清单',
    reason: '测试',
    changedBy: 'test',
    changedAt: t.ctx.clock.now(),
    confirmedBy: null,
    entries,
    ...(release ? { personalDataRelease: release } : {}),
  });
  const entry = () => itemEntry('PD-01', '测试事项', 1, { duties: `联系人 ${mobile}` });

  it('refuses, naming the list, the entry and the field; nothing is written', async () => {
    const before = await t.journalCount();
    const err = await t.ctx.db
      .transaction()
      .execute((trx) => publishList(trx, t.ctx, { id: null, name: 'test' }, input([entry()])))
      .then(
        () => null,
        (e: unknown) => e as { code: string; message: string; details: unknown },
      );
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(err?.message).toContain('测试清单');
    expect(err?.message).toContain('测试事项');
    expect(err?.message).toContain('duties');
    expect(err?.details).toEqual({ hits: [{ subjectId: 'PD-01', label: '测试事项', field: 'duties', kind: 'mobile' }] });
    expect(JSON.stringify(err)).not.toContain(mobile);
    expect(await t.journalCount()).toBe(before);
  });

  it('publishes when released with a reason, journaling the reason and the field, never the digits', async () => {
    const result = await t.ctx.db
      .transaction()
      .execute((trx) => publishList(trx, t.ctx, { id: null, name: 'test' }, input([entry()], { reason: '经核实为单位值班电话' })));
    const journaled = await t.ctx.db
      .selectFrom('journal_entry')
      .select('payload')
      .where('action', '=', 'disclosure.publish')
      .where('entity_id', '=', `items:pd-test@${result.version}`)
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(journaled.payload) as Record<string, unknown>;
    expect(payload.personalDataRelease).toEqual({
      reason: '经核实为单位值班电话',
      hits: [{ subjectId: 'PD-01', label: '测试事项', field: 'duties', kind: 'mobile' }],
    });
    expect(journaled.payload).not.toContain(mobile);
  });
});
