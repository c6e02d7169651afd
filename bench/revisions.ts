import { parseArgs } from 'node:util';
import type { Author, ItemData } from '../server/src/modules/catalog';
import { catalogRevisionInfo, confirmIn, submitIn, writeEntries } from '../server/src/modules/catalog';
import { findAgency, insertAgency, insertJurisdiction } from '../server/src/modules/org';
import type { Actor } from '../server/src/platform/auth';
import { scratchBlobStore } from '../server/src/platform/blobs/testing';
import { systemClock } from '../server/src/platform/clock';
import { loadConfig } from '../server/src/platform/config';
import type { AppContext } from '../server/src/platform/context';
import type { Store } from '../server/src/platform/db/connect';
import { createJournal } from '../server/src/platform/journal/append';
import { revisionDetail } from '../server/src/platform/revisions/views';
import { withStore } from './store';

/**
 * `npm run bench -- revisions [--entries N] [--engine pglite|postgres|both]`
 *
 * The revision mechanism on one large list (issue 6): N enforcement items (default 5,000) entered
 * as drafts, then submit (freeze N items with their public form and hash), the bureau's diff
 * (GET /revisions/{id}), confirm (merge onto what is public, publish N entries); then 1 % edited and
 * the same three steps again, where the merge over the whole list is the cost. It prints; it
 * asserts nothing.
 */
export async function benchRevisions(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { entries: { type: 'string', default: '5000' }, engine: { type: 'string', default: 'both' } },
  });
  const n = Number(values.entries);
  if (!Number.isInteger(n) || n < 1) throw new Error('--entries: a positive integer');
  const engines = values.engine === 'both' ? (['pglite', 'postgres'] as const) : [values.engine as 'pglite' | 'postgres'];
  for (const engine of engines) {
    await withStore(engine, async (store, dataDir) => {
      const ctx = contextOf(store, dataDir);
      const { agencyId, clerk, bureau, supervisor } = await setUp(ctx);
      console.log(`\n[${engine}] ${n.toLocaleString('en-US')} 项事项的清单`);
      await round(ctx, 'first submission (all entries)', agencyId, clerk, bureau, supervisor, items(n, 0));
      const edited = items(n, 1).slice(0, Math.max(1, Math.floor(n / 100)));
      await round(ctx, `resubmission (${edited.length} entries edited)`, agencyId, clerk, bureau, supervisor, edited);
    });
  }
}

async function round(ctx: AppContext, label: string, agencyId: string, clerk: Author, bureau: Author, supervisor: Actor, data: ItemData[]) {
  const agency = await findAgency(ctx.db, agencyId);
  if (!agency) throw new Error('no agency');
  let t = performance.now();
  await ctx.db.transaction().execute((trx) => writeEntries(trx, ctx, clerk, 'items', agency, data, '基准测试'));
  const write = performance.now() - t;
  t = performance.now();
  const rev = await ctx.db.transaction().execute((trx) => submitIn(trx, ctx, clerk, 'items', agency, { note: '基准', publicNote: '基准' }));
  const submit = performance.now() - t;
  t = performance.now();
  const detail = await revisionDetail(ctx.db, supervisor, rev.id, catalogRevisionInfo);
  const diff = performance.now() - t;
  t = performance.now();
  await ctx.db.transaction().execute((trx) => confirmIn(trx, ctx, bureau, rev.id, null));
  const confirm = performance.now() - t;
  console.log(
    `  ${label}: write ${ms(write)}, submit ${ms(submit)} (${detail.items.length} items frozen), diff ${ms(diff)}, confirm + publish ${ms(confirm)}`,
  );
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

function items(n: number, edit: number): ItemData[] {
  return Array.from({ length: n }, (_, i) => ({
    code: `BX-${String(i).padStart(6, '0')}`,
    name: `基准事项 ${i}${edit ? `（修订 ${edit}）` : ''}`,
    actCategory: 'penalty' as const,
    legalBases: [{ law: '《中华人民共和国行政处罚法》', article: '第九条', clause: null, text: null }],
    duties: '依法实施行政处罚',
  }));
}

async function setUp(ctx: AppContext) {
  const installer = { id: null, name: 'bench' };
  const { agencyId, jurisdictionCode } = await ctx.db.transaction().execute(async (trx) => {
    await insertJurisdiction(trx, ctx, installer, { code: '990101', name: '基准区', level: 'county' });
    const a = await insertAgency(trx, ctx, installer, { name: '基准执法局', kind: 'administrative_organ', jurisdictionCode: '990101' });
    return { agencyId: a.id, jurisdictionCode: '990101' };
  });
  const clerk: Author = { journal: installer, id: 'bench-clerk', name: '基准报送人' };
  const bureau: Author = { journal: installer, id: 'bench-bureau', name: '基准确认人' };
  const supervisor: Actor = {
    userId: 'bench-bureau',
    username: 'bench',
    displayName: '基准确认人',
    roles: ['supervisor'],
    agencyId: null,
    jurisdictionCode,
    clientIp: null,
    sessionId: 'bench',
  };
  return { agencyId, clerk, bureau, supervisor };
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
