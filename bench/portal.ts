import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app';
import { type PublicEntry, publishList } from '../server/src/modules/disclosure';
import { scratchBlobStore } from '../server/src/platform/blobs/testing';
import { systemClock } from '../server/src/platform/clock';
import { loadConfig } from '../server/src/platform/config';
import type { AppContext } from '../server/src/platform/context';
import type { Store } from '../server/src/platform/db/connect';
import { createJournal } from '../server/src/platform/journal/append';
import { withStore } from './store';

/**
 * `npm run bench -- portal [--items N] [--officers N] [--requests N] [--engine pglite|postgres|both]`
 *
 * Publishes N items and N officers (default 100,000 each) through `publishList`, in lists of
 * 1,000 per agency as the justice bureau's confirmations would, starts the real app on a port and
 * measures p50/p95 latency through HTTP of: public item search with words of different
 * selectivity, officer list pages walked with the cursor (deep pages included), and portal pages.
 * Targets (issue 3): p95 < 50 ms on PostgreSQL, < 200 ms on PGlite. It prints; it asserts nothing.
 */
export async function benchPortal(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      items: { type: 'string', default: '100000' },
      officers: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '200' },
      engine: { type: 'string', default: 'both' },
      explain: { type: 'boolean', default: false },
    },
  });
  const items = positiveInt(values.items as string, '--items');
  const officers = positiveInt(values.officers as string, '--officers');
  const requests = positiveInt(values.requests as string, '--requests');
  const engines = values.engine === 'both' ? (['pglite', 'postgres'] as const) : [values.engine as 'pglite' | 'postgres'];
  for (const engine of engines) {
    if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--engine: pglite | postgres | both');
    await withStore(engine, async (store, dataDir) => {
      const ctx = contextOf(store, dataDir);
      let t = performance.now();
      await generate(ctx, items, officers);
      const loadMs = performance.now() - t;
      console.log(
        `\n[${engine}] 已发布 ${items.toLocaleString('en-US')} 项事项、${officers.toLocaleString('en-US')} 名人员：${(loadMs / 1000).toFixed(1)} s`,
      );
      await sql`analyze`.execute(ctx.db);
      if (values.explain) await explain(ctx);
      const app = await buildApp(ctx, { logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      try {
        t = performance.now();
        const rows = await measure(`http://127.0.0.1:${port}`, requests, `BX-${String(Math.floor(items * 0.54321)).padStart(6, '0')}`);
        printTable(engine, rows, engine === 'postgres' ? 50 : 200);
        console.log(`  测量用时 ${((performance.now() - t) / 1000).toFixed(1)} s`);
      } finally {
        await app.close();
      }
    });
  }
}

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} 应为正整数`);
  return n;
}

function contextOf(store: Store, dataDir: string): AppContext {
  const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), dataDir };
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

const domains = [
  '市场监管',
  '城市管理',
  '生态环境',
  '应急管理',
  '文化旅游',
  '交通运输',
  '农业农村',
  '卫生健康',
  '自然资源',
  '住房城乡建设',
];
const acts = ['未取得', '擅自', '违规', '未按照规定', '拒不', '伪造', '超范围'];
const objects = [
  '食品生产经营许可',
  '排污许可证',
  '建设工程规划许可证',
  '导游证',
  '消防安全检查',
  '广告发布',
  '危险废物管理台账',
  '旅行社业务经营许可',
  '安全生产教育和培训',
  '健康证明',
  '可燃气体报警装置',
  '临时建设',
  '网络文化经营许可',
  '农药经营许可',
  '道路运输经营许可',
];
const tails = ['从事经营活动', '进行建设', '排放污染物', '投入使用', '开展业务', '的行为', '逾期未改正'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'.split('');
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红燕鹏辉建国志文斌宇浩凯'.split('');
const categories = [
  ['penalty', '行政处罚'],
  ['licensing', '行政许可'],
  ['inspection', '行政检查'],
  ['coercion', '行政强制'],
] as const;

const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;

async function generate(ctx: AppContext, itemCount: number, officerCount: number): Promise<void> {
  const r = prng(20260302);
  const perList = 1000;
  const agencies = Math.max(1, Math.ceil(Math.max(itemCount, officerCount) / perList));
  const actor = { id: null, name: 'bench' };
  for (let a = 0; a < agencies; a++) {
    const agencyId = `bench-agency-${String(a).padStart(3, '0')}`;
    const domain = domains[a % domains.length] as string;
    const agencyName = `示范市第${a + 1}${domain}执法局`;
    const items: PublicEntry[] = [];
    for (let i = a * perList; i < Math.min(itemCount, (a + 1) * perList); i++) {
      const code = `BX-${String(i).padStart(6, '0')}`;
      const name = `${pick(r, acts)}${pick(r, objects)}${pick(r, tails)}`;
      const [cat, catLabel] = pick(r, categories);
      items.push({
        subjectId: code,
        label: name,
        sortKey: code,
        searchExtra: `${code} ${agencyName} 《中华人民共和国行政处罚法》`,
        content: {
          code,
          name,
          actCategory: cat,
          actCategoryLabel: catLabel,
          agencyId,
          agencyName,
          legalBases: [{ law: '《中华人民共和国行政处罚法》', article: '第四十七条', clause: null, text: null }],
          duties: `依法查处${domain}领域违法行为`,
          serviceGuide: { 受理机构: agencyName, 救济途径: '行政复议或者行政诉讼' },
          flowchart: [
            { step: '立案', description: null, timeLimit: null },
            { step: '调查取证', description: null, timeLimit: null },
            { step: '决定', description: null, timeLimit: '立案之日起九十日内' },
          ],
          version: 1,
        },
      });
    }
    const officers: PublicEntry[] = [];
    for (let i = a * perList; i < Math.min(officerCount, (a + 1) * perList); i++) {
      const name = `${pick(r, surnames)}${pick(r, given)}${r() < 0.6 ? pick(r, given) : ''}`;
      const cert = `99${String(10000000 + i)}`;
      const status = r() < 0.9 ? 'green' : r() < 0.5 ? 'yellow' : 'red';
      officers.push({
        subjectId: `bench-officer-${i}`,
        label: name,
        sortKey: `${name}${cert}`,
        searchExtra: `${cert} ${agencyName}`,
        content: {
          name,
          agencyId,
          agencyName,
          certificateNumber: cert,
          issuingBody: '示范省人民政府',
          domains: [domain],
          status,
          statusLabel: { green: '正常', yellow: '预警', red: '暂停' }[status] as string,
          validUntil: '2028-12-31',
        },
      });
    }
    for (const [kind, entries] of [
      ['items', items],
      ['officers', officers],
    ] as const) {
      if (!entries.length) continue;
      await ctx.db.transaction().execute((trx) =>
        publishList(trx, ctx, actor, {
          listKind: kind,
          listKey: `${kind}:${agencyId}`,
          jurisdictionCode: '990102',
          agencyId,
          title: `${agencyName} ${kind === 'items' ? '行政执法事项清单' : '行政执法人员清单'}`,
          reason: '首次公示',
          changedBy: 'bench',
          changedAt: new Date(),
          confirmedBy: 'bench',
          entries,
        }),
      );
    }
  }
}

// ---- measurement -------------------------------------------------------------------------

interface Row {
  scenario: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  note: string;
}

async function timed(url: string): Promise<{ ms: number; body: string }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
  return { ms, body };
}

function row(scenario: string, times: number[], note = ''): Row {
  const s = [...times].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { scenario, n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0, note };
}

async function repeat(base: string, paths: string[], n: number): Promise<{ times: number[]; sizes: number[] }> {
  for (const p of paths) await timed(base + p); // warm-up
  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = paths[i % paths.length] as string;
    const { ms, body } = await timed(base + p);
    times.push(ms);
    sizes.push(body.length);
  }
  return { times, sizes };
}

async function measure(base: string, n: number, oneCode: string): Promise<Row[]> {
  const rows: Row[] = [];
  const q = (w: string, extra = '') => `/api/v1/public/items?q=${encodeURIComponent(w)}${extra}`;
  const searches: [string, string][] = [
    ['items?q=食品 (common word)', '食品'],
    ['items?q=排污许可证 (common)', '排污许可证'],
    ['items?q=旅行社 业务 (two words)', '旅行社 业务'],
    ['items?q=导 (prefix, one char)', '导'],
    [`items?q=${oneCode} (one item)`, oneCode],
    ['items?q=不存在的词语 (none)', '不存在的词语'],
  ];
  for (const [label, word] of searches) {
    const first = JSON.parse((await timed(base + q(word))).body) as { items: unknown[] };
    const { times } = await repeat(base, [q(word)], Math.max(20, Math.floor(n / 4)));
    rows.push(row(label, times, `${first.items.length} hits on page 1`));
  }
  // a deep page of a search: walk to page 20 of a common word
  let cursor: string | null = null;
  const searchCursors: string[] = [];
  for (let i = 0; i < 20; i++) {
    const res = JSON.parse((await timed(base + q('食品', `&limit=100${cursor ? `&cursor=${cursor}` : ''}`))).body) as {
      nextCursor: string | null;
    };
    cursor = res.nextCursor;
    if (!cursor) break;
    searchCursors.push(cursor);
  }
  if (searchCursors.length) {
    const { times } = await repeat(
      base,
      searchCursors.map((c) => q('食品', `&limit=100&cursor=${c}`)),
      Math.max(20, Math.floor(n / 4)),
    );
    rows.push(row('items?q=食品&limit=100 pages 2–20', times));
  }

  // officer list: walk the cursor, then read the pages again in shuffled order
  const officerCursors: string[] = [];
  cursor = null;
  const walkTimes: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const { ms, body } = await timed(`${base}/api/v1/public/officers?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    walkTimes.push(ms);
    cursor = (JSON.parse(body) as { nextCursor: string | null }).nextCursor;
    if (!cursor) break;
    officerCursors.push(cursor);
  }
  rows.push(row('officers?limit=500 walked to the last page', walkTimes, `${walkTimes.length} pages`));
  const r = prng(7);
  const shuffled = [...officerCursors].sort(() => r() - 0.5);
  const { times: deep } = await repeat(
    base,
    shuffled.map((c) => `/api/v1/public/officers?limit=100&cursor=${c}`), // anywhere in the list
    n,
  );
  rows.push(row('officers?limit=100&cursor=… random depth', deep));
  const { times: maxPage } = await repeat(base, ['/api/v1/public/officers?limit=500'], Math.max(20, Math.floor(n / 4)));
  rows.push(row('officers?limit=500 (largest page)', maxPage));
  const { times: csv } = await repeat(base, ['/api/v1/public/officers?limit=500&format=csv'], Math.max(20, Math.floor(n / 4)));
  rows.push(row('officers?limit=500&format=csv', csv));

  // portal pages
  for (const [label, path] of [
    ['portal /portal/ (home, counts)', '/portal/'],
    ['portal /portal/items?q=食品', `/portal/items?q=${encodeURIComponent('食品')}`],
    ['portal /portal/officers (page 1)', '/portal/officers'],
    [`portal /portal/items/${oneCode}`, `/portal/items/${oneCode}`],
  ] as const) {
    const { times } = await repeat(base, [path], Math.max(20, Math.floor(n / 4)));
    rows.push(row(label, times));
  }
  const deepCursor = officerCursors[Math.floor(officerCursors.length * 0.9)];
  if (deepCursor) {
    const { times } = await repeat(base, [`/portal/officers?cursor=${deepCursor}`], Math.max(20, Math.floor(n / 4)));
    rows.push(row('portal /portal/officers?cursor=… (90% deep)', times));
  }
  return rows;
}

function printTable(engine: string, rows: Row[], target: number): void {
  const f = (ms: number) => ms.toFixed(1).padStart(7);
  console.log(`[${engine}] latency through HTTP, ms (target p95 < ${target} ms)`);
  console.log(`  ${'scenario'.padEnd(44)} ${'n'.padStart(5)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  note`);
  for (const r of rows) {
    const flag = r.p95 < target ? '' : '  ← over target';
    console.log(`  ${r.scenario.padEnd(44)} ${String(r.n).padStart(5)} ${f(r.p50)} ${f(r.p95)} ${f(r.max)}  ${r.note}${flag}`);
  }
}

/** `--explain`: the plans of the search and cursor queries (what listCurrent sends). */
async function explain(ctx: AppContext): Promise<void> {
  const show = async (label: string, query: ReturnType<typeof sql>) => {
    const t = performance.now();
    const res = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${query}`.execute(ctx.db);
    console.log(`-- ${label} (${(performance.now() - t).toFixed(1)} ms)`);
    for (const r of res.rows) console.log(`   ${r['QUERY PLAN']}`);
  };
  const cols = sql`id, subject_id, label, agency_id, jurisdiction_code, version, list_key, content, sort_key`;
  for (const [word, limit] of [
    ["'食品':*", 101],
    ["'导':*", 101],
    ["'食品':*", 21],
  ] as const)
    await show(
      `items q=${word} limit ${limit}`,
      sql`select ${cols} from publication where list_kind = 'items' and superseded_in is null and search_vector @@ to_tsquery('simple', ${word}) order by sort_key, id limit ${limit}`,
    );
  const mid = await sql<{
    sort_key: string;
    id: number;
  }>`select sort_key, id from publication where list_kind = 'officers' and superseded_in is null order by sort_key, id offset 50000 limit 1`.execute(
    ctx.db,
  );
  const m = mid.rows[0];
  if (m)
    await show(
      'officers cursor at 50,000',
      sql`select ${cols} from publication where list_kind = 'officers' and superseded_in is null and sort_key >= ${m.sort_key} and (sort_key > ${m.sort_key} or (sort_key = ${m.sort_key} and id > ${m.id})) order by sort_key, id limit 101`,
    );
}
