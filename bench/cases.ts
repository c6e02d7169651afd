import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { buildApp } from '../server/src/app';
import type { Database } from '../server/src/database';
import { loadCasesDemo } from '../server/src/demo/cases';
import { demoAgencies } from '../server/src/demo/data';
import { loadDemo } from '../server/src/demo/load';
import { scratchBlobStore } from '../server/src/platform/blobs/testing';
import { shanghaiDate, systemClock } from '../server/src/platform/clock';
import { loadConfig } from '../server/src/platform/config';
import type { AppContext } from '../server/src/platform/context';
import type { Store } from '../server/src/platform/db/connect';
import { createJournal } from '../server/src/platform/journal/append';
import { canonicalJson, entryHash, payloadHash, rowOf, zeroHash } from '../server/src/platform/journal/hash';
import { verifyJournal } from '../server/src/platform/journal/verify';
import { withStore } from './store';

/**
 * `npm run bench -- cases [--cases N] [--requests N] [--engine pglite|postgres|both] [--explain] [--verify] [--open-index]`
 * (or BENCH_CASES=10000 for a quick run)
 *
 * Issue 8's acceptance point: the demo district is loaded (its accounts, officers, catalog and
 * its 69 cases played through the engine), then N cases (default 100,000) with about 20 acts each
 * — so about 2,000,000 case events and as many journal entries — are generated in bulk across its
 * five enforcement agencies: enforcement_case, party, case_party, case_officer, case_time_limit,
 * case_event and journal_entry rows in multi-row inserts of 1,000 cases. This is a benchmark data
 * set, not the demo: the rows do not go through the engine (at ~60 ms an act that would take a day
 * and a half), but the journal entries are written exactly as `journal.append` writes them — same
 * canonical payload, same hash functions, chained from the demo's tail — so the journal verifies
 * (`--verify` checks it). Then the real app listens on a port and p50/p95 are measured through HTTP
 * (fetch) for the ledger with filters (procedure + state, overdue, party, officer), 我的待办 of an
 * officer and of an agency head, and the case page. Targets: p95 < 100 ms on PostgreSQL, < 300 ms
 * on PGlite. It prints figures; it asserts nothing.
 */
export async function benchCases(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: process.env.BENCH_CASES ?? '100000' },
      requests: { type: 'string', default: '100' },
      engine: { type: 'string', default: 'both' },
      explain: { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
      'open-index': { type: 'boolean', default: false },
    },
  });
  const cases = positiveInt(values.cases as string, '--cases');
  const requests = positiveInt(values.requests as string, '--requests');
  const engines = values.engine === 'both' ? (['pglite', 'postgres'] as const) : [values.engine as 'pglite' | 'postgres'];
  for (const engine of engines) {
    if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--engine: pglite | postgres | both');
    await withStore(engine, async (store, dataDir) => {
      const ctx = contextOf(store, dataDir);
      let t = performance.now();
      await loadDemo(ctx, password);
      await loadCasesDemo(ctx, password);
      console.log(`\n[${engine}] 演示辖区（含 69 件演示案件）载入：${secs(performance.now() - t)}`);
      t = performance.now();
      const g = await generate(ctx, cases);
      console.log(
        `[${engine}] 生成 ${cases.toLocaleString('en-US')} 件案件、${g.events.toLocaleString('en-US')} 条办案记录和日志条目、` +
          `${g.parties.toLocaleString('en-US')} 个当事人：${secs(performance.now() - t)}`,
      );
      t = performance.now();
      // --open-index: a proposed index (not a migration yet) on the open cases by due date, for 我的待办
      if (values['open-index'])
        await sql`create index bench_enforcement_case_open_due_idx on enforcement_case (agency_id, next_due_on) where closed_on is null`.execute(
          ctx.db,
        );
      // a store in service is vacuumed by autovacuum; right after a bulk load its visibility map is
      // empty and every index-only scan reads the heap, which no running system sees
      await sql`vacuum analyze`.execute(ctx.db);
      console.log(`[${engine}] vacuum analyze：${secs(performance.now() - t)}`);
      if (values.verify) {
        const r = await verifyJournal(ctx.db, { hashAlgorithm: 'sha256', publicKeys: [] });
        console.log(`[${engine}] 日志校验 ${r.entries.toLocaleString('en-US')} 条：${r.ok ? '完整' : '失败'}（${secs(r.elapsedMs)}）`);
      }
      const app = await buildApp(ctx, { logger: { level: 'error' } } as never);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      try {
        const rows = await measure(ctx, `http://127.0.0.1:${port}`, requests, g);
        printTable(engine, cases, rows, engine === 'postgres' ? 100 : 300);
        if (values.explain) await explain(ctx, g);
      } finally {
        await app.close();
      }
    });
  }
}

const password = 'bench-demo-password';

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} 应为正整数`);
  return n;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function contextOf(store: Store, dataDir: string): AppContext {
  const config = { ...loadConfig({ LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' }), dataDir };
  return {
    store,
    db: store.db,
    config,
    clock: systemClock,
    journal: createJournal('sha256', systemClock, { serialised: store.engine === 'pglite' }),
    blobs: scratchBlobStore(),
  };
}

// ---- fixed data generator ---------------------------------------------------------------

/** A small deterministic PRNG (mulberry32): the same data on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;

interface Officer {
  id: string;
  name: string;
  userId: string | null;
}
interface Agency {
  id: string;
  key: string;
  officers: Officer[];
  /** the agency's demo accounts: the officer (linked to an officer record) and the head */
  officerUser: { id: string; name: string; username: string };
  headUser: { id: string; name: string; username: string };
}

export interface Generated {
  events: number;
  parties: number;
  market: Agency;
  /** a party-name fragment that matches a few dozen cases of the market agency */
  partyWord: string;
  /** an officer of the market agency (not the demo officer) */
  officerId: string;
  caseIds: string[];
}

// the shape of the procedures: states with how far along the path they are (acts so far)
const general = [
  ['lead', 1],
  ['filing_pending', 2],
  ['not_filed', 2],
  ['investigating', 4],
  ['investigation_concluded', 6],
  ['notified', 7],
  ['hearing', 9],
  ['decided', 9],
  ['executing', 10],
  ['closing_pending', 12],
  ['closed', 13],
  ['closed', 13],
  ['closed', 13],
  ['closed', 13],
  ['closed', 13],
  ['transferred', 6],
  ['investigation_ended', 5],
  ['suspended', 5],
] as const;
const others = {
  simple: [
    ['decided', 2],
    ['closed', 4],
    ['closed', 4],
  ],
  inspection: [
    ['planned', 1],
    ['inspected', 2],
    ['rectifying', 3],
    ['closed', 3],
    ['referred', 3],
  ],
  coercive_measure: [
    ['in_force', 2],
    ['closed', 3],
  ],
  licensing: [
    ['applied', 1],
    ['under_review', 2],
    ['closed', 4],
  ],
} as const;
const finalStates = new Set(['closed', 'not_filed', 'referred']);
const generalActs = [
  'open',
  'request_filing',
  'approve_filing',
  'record_inquiry',
  'record_inspection',
  'conclude_investigation',
  'notify_rights',
  'record_statement',
  'decide',
  'serve',
  'record_payment',
  'request_closing',
  'approve_closing',
];
const items = [
  ['market', 'MKT-02', '安排未取得健康证明的人员从事接触直接入口食品的工作', '食品安全'],
  ['market', 'MKT-01', '未取得食品生产经营许可从事食品生产经营活动', '食品安全'],
  ['market', 'MKT-03', '销售不符合国家标准的产品', '产品质量'],
  ['urban', 'URB-04', '在禁止的时段和区域内露天烧烤食品', '市容环境卫生'],
  ['urban', 'URB-02', '未经批准进行临时建设', '城乡规划'],
  ['ecology', 'ENV-05', '未建立危险废物管理台账', '固体废物污染防治'],
  ['ecology', 'ENV-01', '超标排放大气污染物', '大气污染防治'],
  ['emergency', 'SAF-04', '占用、堵塞疏散通道、安全出口', '安全生产'],
  ['emergency', 'SAF-02', '使用燃气未安装可燃气体报警装置', '安全生产'],
  ['culture', 'CUL-04', '歌舞娱乐场所接纳未成年人', '文化市场'],
  ['culture', 'CUL-03', '未取得导游证从事导游活动', '旅游市场'],
] as const;
const shopWords =
  '福满 老灶 悦来 鑫源 如意 香满园 好滋味 万家 一品 川味 金味 四季 聚贤 小南国 味之源 惠民 百货 食全 星光 鸿运 鲜丰 安居 隆兴 禾木 晨光 绿源 乐享 湘味 粤港 街角 和风'.split(
    ' ',
  );
const shopKinds = ['餐饮店', '饭庄', '小吃店', '超市', '商店', '有限公司', '加工厂', '火锅店', '网吧', '歌舞厅', '旅行社'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'.split('');
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红燕鹏辉建国志文斌宇浩凯'.split('');

const plusDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function agenciesOf(db: Kysely<Database>): Promise<Agency[]> {
  const out: Agency[] = [];
  const accounts = await db.selectFrom('user_account').select(['id', 'username', 'display_name']).execute();
  const account = (username: string) => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`bench: demo account ${username} missing`);
    return { id: a.id, name: a.display_name, username: a.username };
  };
  for (const a of await db.selectFrom('agency').select(['id', 'name']).execute()) {
    const key = demoAgencies.find((d) => d.name === a.name)?.key;
    if (!key || key === 'justice') continue;
    const officers = await db
      .selectFrom('officer')
      .select(['id', 'name', 'user_id'])
      .where('agency_id', '=', a.id)
      .where('is_enforcer', '=', true)
      .where('is_auxiliary', '=', false)
      .orderBy('id')
      .execute();
    out.push({
      id: a.id,
      key,
      officers: officers.map((o) => ({ id: o.id, name: o.name, userId: o.user_id })),
      officerUser: account(key === 'market' ? 'officer' : `${key}_officer`),
      headUser: account(key === 'market' ? 'agency_head' : `${key}_head`),
    });
  }
  return out;
}

/**
 * N cases spread over the five agencies (market 40 %, the others 15 % each), opened over the last
 * two years; each with one party (a third of the parties have two cases), two officers, its time
 * limits and about 20 acts, each act a case event and its journal entry.
 */
export async function generate(ctx: AppContext, n: number): Promise<Generated> {
  const db = ctx.db as Kysely<Database>;
  const r = prng(20260831);
  const agencies = await agenciesOf(db);
  const market = agencies.find((a) => a.key === 'market') as Agency;
  const weights = agencies.map((a) => (a.key === 'market' ? 0.4 : 0.15));
  const today = shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const tail = await db.selectFrom('journal_entry').select(['seq', 'entry_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = tail ? Number(tail.seq) + 1 : 0;
  let prev = tail?.entry_hash ?? zeroHash;
  const counters = new Map<string, number>();
  let events = 0;
  let partyCount = 0;
  const caseIds: string[] = [];
  const partiesByAgency = new Map<string, { id: string; name: string }[]>();
  const batch = 1000;
  // the journal's time: entries are written "now", in order, a millisecond apart
  let at = Date.now() - n * 25;
  for (let done = 0; done < n; ) {
    const rows = {
      enforcement_case: [] as Record<string, unknown>[],
      party: [] as Record<string, unknown>[],
      case_party: [] as Record<string, unknown>[],
      case_officer: [] as Record<string, unknown>[],
      case_time_limit: [] as Record<string, unknown>[],
      case_event: [] as Record<string, unknown>[],
      journal_entry: [] as Record<string, unknown>[],
    };
    for (let i = 0; i < batch && done < n; i++, done++) {
      let x = r();
      let agency = agencies[0] as Agency;
      for (const [k, w] of weights.entries()) {
        if (x < w) {
          agency = agencies[k] as Agency;
          break;
        }
        x -= w;
      }
      const id = randomUUID();
      if (agency === market && caseIds.length < 5000) caseIds.push(id);
      const p = r();
      const procedure = p < 0.72 ? 'general' : p < 0.82 ? 'simple' : p < 0.92 ? 'inspection' : p < 0.96 ? 'coercive_measure' : 'licensing';
      // a case opened more than 120 days ago is over (the 90-day decision limit, 第六十条): the
      // open cases are the last four months' — an officer's 我的待办 holds dozens, not thousands
      const age = Math.floor(r() * 730);
      const allShapes: readonly (readonly [string, number])[] = procedure === 'general' ? general : others[procedure];
      const shapes = age > 120 ? allShapes.filter(([st]) => finalStates.has(st)) : allShapes;
      const [state, acts] = pick(r, shapes);
      const item = pick(
        r,
        items.filter((it) => it[0] === agency.key),
      );
      const openedOn = plusDays(today, -age);
      const final = finalStates.has(state);
      const filed = procedure !== 'general' || acts >= 3;
      const category = { general: '罚', simple: '简', inspection: '检', coercive_measure: '强', licensing: '许' }[procedure];
      const numberYear = Number(openedOn.slice(0, 4));
      const counterKey = `${agency.id}:${numberYear}:${category}`;
      const numberSeq = filed ? (counters.get(counterKey) ?? 0) + 1 : null;
      if (numberSeq) counters.set(counterKey, numberSeq);
      // the party: a new one, or (a third of the time) one the agency already has
      const known = partiesByAgency.get(agency.id) ?? [];
      let party = known.length && r() < 0.33 ? pick(r, known) : null;
      if (!party) {
        const organisation = r() < 0.75;
        const name = organisation
          ? `示范区${pick(r, shopWords)}${pick(r, shopWords)}${pick(r, shopKinds)}${partyCount}`
          : `${pick(r, surnames)}${pick(r, given)}${r() < 0.6 ? pick(r, given) : ''}`;
        party = { id: randomUUID(), name };
        partyCount += 1;
        known.push(party);
        partiesByAgency.set(agency.id, known);
        rows.party.push({
          id: party.id,
          agency_id: agency.id,
          kind: organisation ? 'organisation' : 'natural_person',
          name,
          id_number: null,
          uscc: null,
          address: `示范市示范区建设路 ${partyCount % 500} 号`,
          phone: null,
          legal_representative: null,
          created_at: new Date(at),
          created_by: agency.officerUser.id,
        });
      }
      // two officers; the demo officer of the agency on one case in twenty
      const first = r() < 0.05 ? (agency.officers.find((o) => o.userId === agency.officerUser.id) as Officer) : pick(r, agency.officers);
      let second = pick(r, agency.officers);
      while (second.id === first.id) second = pick(r, agency.officers);
      const filedOn = filed ? plusDays(openedOn, 1) : null;
      const closedOn = final ? plusDays(openedOn, 5 + Math.floor(r() * 60)) : null;
      // running limits: the 90-day decision limit of a general case before its decision (a few overdue)
      const limits: {
        kind: string;
        label: string;
        article: string;
        unit: string;
        days: number;
        starts: string;
        due: string;
        status: string;
      }[] = [];
      if (procedure === 'general' && filedOn && acts < 9 && !final && !['transferred', 'investigation_ended'].includes(state)) {
        const starts = r() < 0.04 ? filedOn : plusDays(today, -Math.floor(r() * 80));
        limits.push({
          kind: 'decision',
          label: '作出行政处罚决定',
          article: '《中华人民共和国行政处罚法》第六十条',
          unit: 'natural_days',
          days: 90,
          starts,
          due: plusDays(starts, 90),
          status: state === 'suspended' ? 'paused' : 'running',
        });
      }
      if (state === 'executing' || (procedure === 'simple' && state === 'decided')) {
        const starts = plusDays(today, -Math.floor(r() * 20));
        limits.push({
          kind: 'payment',
          label: '缴纳罚款',
          article: '《中华人民共和国行政处罚法》第六十七条第三款',
          unit: 'natural_days',
          days: 15,
          starts,
          due: plusDays(starts, 15),
          status: 'running',
        });
      }
      if (final || acts >= 9)
        limits.push({
          kind: 'decision',
          label: '作出行政处罚决定',
          article: '《中华人民共和国行政处罚法》第六十条',
          unit: 'natural_days',
          days: 90,
          starts: filedOn ?? openedOn,
          due: plusDays(filedOn ?? openedOn, 90),
          status: 'met',
        });
      const running = limits.filter((l) => l.status === 'running').map((l) => l.due);
      const nextDue = running.length ? running.sort()[0] : null;
      const title = `${party.name}${item[2]}案`;
      rows.enforcement_case.push({
        id,
        agency_id: agency.id,
        jurisdiction_code: '990102',
        procedure_code: procedure,
        procedure_version: 1,
        state,
        title,
        domain: item[3],
        item_code: item[1],
        number: numberSeq ? `示范${category}〔${numberYear}〕${numberSeq}号` : null,
        number_year: numberSeq ? numberYear : null,
        number_seq: numberSeq,
        opened_on: openedOn,
        filed_on: filedOn,
        closed_on: closedOn,
        parent_case_id: null,
        next_due_on: nextDue,
        party_names: party.name,
        created_by: agency.officerUser.id,
        created_at: new Date(at),
        updated_at: new Date(at),
        version: 1,
      });
      rows.case_party.push({ case_id: id, party_id: party.id, added_at: new Date(at), added_by: agency.officerUser.id });
      for (const [k, o] of [first, second].entries())
        rows.case_officer.push({
          case_id: id,
          officer_id: o.id,
          user_id: o.userId,
          name: o.name,
          assigned_at: new Date(at + k),
          ended_at: null,
        });
      for (const l of limits)
        rows.case_time_limit.push({
          case_id: id,
          kind: l.kind,
          seq: rows.case_time_limit.filter((x) => x.case_id === id && x.kind === l.kind).length + 1,
          label: l.label,
          article: l.article,
          unit: l.unit,
          days: l.days,
          starts_on: l.starts,
          due_on: l.due,
          status: l.status,
          ended_on: l.status === 'met' ? (closedOn ?? today) : null,
          extended_days: 0,
          paused_days: 0,
          paused_since: l.status === 'paused' ? today : null,
        });
      // the acts: the path to the state, with further inquiries and inspections on the way (~20 a case)
      const path = procedure === 'general' ? generalActs.slice(0, acts) : ['open', ...Array.from({ length: acts - 1 }, () => 'record_act')];
      const extra = 6 + Math.floor(r() * 15);
      const actsOfCase = [
        ...path.slice(0, Math.min(path.length, 4)),
        ...Array.from({ length: extra }, (_, k) => (k % 2 ? 'record_inquiry' : 'record_inspection')),
        ...path.slice(4),
      ];
      let from: string | null = null;
      for (const [k, action] of actsOfCase.entries()) {
        at += 1;
        const to = k === actsOfCase.length - 1 ? state : k === 0 ? 'lead' : 'investigating';
        const by = ['approve_filing', 'decide', 'approve_closing'].includes(action) ? agency.headUser : agency.officerUser;
        const onDate = k === 0 ? openedOn : plusDays(openedOn, Math.min(k, 700));
        const input = { on: onDate, summary: `${action === 'record_inquiry' ? '询问' : '记录'}第 ${k + 1} 项：${item[2]}` };
        const payload = canonicalJson({
          procedure: `${procedure}@1`,
          from,
          to,
          input,
          number: numberSeq ? `示范${category}〔${numberYear}〕${numberSeq}号` : null,
        });
        const fields = {
          seq,
          occurredAt: new Date(at),
          actorId: by.id,
          actorName: by.username,
          action: action === 'open' ? 'case.open' : `case.${action}`,
          entityType: 'case',
          entityId: id,
          agencyId: agency.id,
          jurisdictionCode: '990102',
          clientIp: '127.0.0.1',
          payloadHash: payloadHash('sha256', payload),
          prevHash: prev,
        };
        prev = entryHash('sha256', fields);
        rows.journal_entry.push({ ...rowOf(fields, payload, prev), occurred_at: fields.occurredAt.toISOString() });
        rows.case_event.push({
          case_id: id,
          seq: k + 1,
          action,
          label: action,
          from_state: from,
          to_state: to,
          record: action,
          input,
          on_date: onDate,
          at: new Date(at),
          by_user: by.id,
          by_name: by.name,
          journal_seq: seq,
        });
        from = to;
        seq += 1;
        events += 1;
      }
    }
    // one parameter per table: the rows as one JSON array, expanded by the database
    // (jsonb_populate_recordset) — on PGlite far cheaper than tens of thousands of bound parameters
    await db.transaction().execute(async (trx) => {
      for (const [table, list] of Object.entries(rows)) {
        for (let k = 0; k < list.length; k += 5000)
          await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(list.slice(k, k + 5000))}::jsonb)`.execute(
            trx,
          );
      }
    });
    if (done % 20_000 === 0) process.stdout.write(`  … ${done.toLocaleString('en-US')} 件\n`);
  }
  // the counters continue after the generated numbers, as the engine's would
  for (const [key, last] of counters) {
    const [agencyId, y, category] = key.split(':') as [string, string, string];
    await sql`insert into case_number_counter (agency_id, year, category, last_seq) values (${agencyId}, ${Number(y)}, ${category}, ${last})
      on conflict (agency_id, year, category) do update set last_seq = greatest(case_number_counter.last_seq, excluded.last_seq)`.execute(
      db,
    );
  }
  void year;
  const marketParties = partiesByAgency.get(market.id) ?? [];
  const partyWord = pick(r, shopWords) + pick(r, shopWords);
  const officerId = (market.officers.find((o) => !o.userId) as Officer).id;
  void marketParties;
  return { events, parties: partyCount, market, partyWord, officerId, caseIds };
}

// ---- measuring through HTTP ---------------------------------------------------------------

type Row = [label: string, p50: number, p95: number, rows: number];

async function measure(ctx: AppContext, base: string, requests: number, g: Generated): Promise<Row[]> {
  const login = async (username: string) => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const officer = await login(g.market.officerUser.username);
  const head = await login(g.market.headUser.username);
  const r = prng(7);
  const states = ['investigating', 'executing', 'closed', 'notified', 'decided'];
  const cases: [string, string, () => string][] = [
    ['GET /cases?procedure=general&state=…（负责人）', head, () => `/api/v1/cases?procedure=general&state=${pick(r, states)}`],
    ['GET /cases?overdue=true（负责人）', head, () => '/api/v1/cases?overdue=true'],
    ['GET /cases?party=…（负责人）', head, () => `/api/v1/cases?party=${encodeURIComponent(pick(r, shopWords))}`],
    ['GET /cases?officerId=…（负责人）', head, () => `/api/v1/cases?officerId=${g.officerId}`],
    ['GET /cases?mine=true（执法人员）', officer, () => '/api/v1/cases?mine=true'],
    ['GET /cases/todo（执法人员）', officer, () => '/api/v1/cases/todo'],
    ['GET /cases/todo（负责人）', head, () => '/api/v1/cases/todo'],
    ['GET /cases/{id}（负责人）', head, () => `/api/v1/cases/${pick(r, g.caseIds)}`],
  ];
  const out: Row[] = [];
  for (const [label, token, url] of cases) {
    // warm-up
    for (let i = 0; i < 3; i++) await fetch(base + url(), { headers: { authorization: `Bearer ${token}` } }).then((x) => x.arrayBuffer());
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(base + url(), { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { items?: unknown[] };
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
      rows += body.items?.length ?? 1;
    }
    times.sort((a, b) => a - b);
    out.push([label, quantile(times, 0.5), quantile(times, 0.95), Math.round(rows / requests)]);
  }
  void ctx;
  return out;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function printTable(engine: string, n: number, rows: Row[], target: number): void {
  const width = Math.max(...rows.map(([l]) => l.length)) + 4;
  console.log(`\ncases benchmark — ${engine}, ${n.toLocaleString('en-US')} cases, target p95 < ${target} ms`);
  console.log(`${'request'.padEnd(width)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}  ${'rows'.padStart(5)}`);
  for (const [label, p50, p95, count] of rows)
    console.log(
      `${label.padEnd(width)}  ${p50.toFixed(1).padStart(8)}  ${p95.toFixed(1).padStart(8)}  ${String(count).padStart(5)}${p95 >= target ? '  ← over target' : ''}`,
    );
}

/** The plans of the ledger's queries, for finding why one misses the target. */
async function explain(ctx: AppContext, g: Generated): Promise<void> {
  const today = shanghaiDate(new Date());
  const plans: [string, ReturnType<typeof sql>][] = [
    [
      'officer filter',
      sql`explain analyze select id from enforcement_case where agency_id = ${g.market.id}
        and exists (select 1 from case_officer co where co.case_id = enforcement_case.id and co.ended_at is null and co.officer_id = ${g.officerId})
        order by opened_on desc, id desc limit 51`,
    ],
    [
      'party filter',
      sql`explain analyze select id from enforcement_case where agency_id = ${g.market.id} and party_names like ${`%${g.partyWord}%`}
        order by opened_on desc, id desc limit 51`,
    ],
    [
      'overdue',
      sql`explain analyze select id from enforcement_case where agency_id = ${g.market.id} and next_due_on < ${today}
        order by opened_on desc, id desc limit 51`,
    ],
    [
      'mine, open, by due date (todo)',
      sql`explain analyze select id from enforcement_case where agency_id = ${g.market.id} and closed_on is null
        and exists (select 1 from case_officer co where co.case_id = enforcement_case.id and co.ended_at is null and co.user_id = ${g.market.officerUser.id})
        order by next_due_on asc nulls last limit 200`,
    ],
  ];
  for (const [name, q] of plans) {
    const res = await q.execute(ctx.db);
    console.log(`\n-- ${name}`);
    for (const row of res.rows as Record<string, string>[]) console.log(Object.values(row)[0]);
  }
}
