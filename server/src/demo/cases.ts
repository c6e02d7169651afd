/**
 * Loads the demo's cases (issue 8 §14) by playing `cases-list.ts` through the real engine: every
 * case is opened with `openCase` and every step taken with `takeAction`, as the agency's demo
 * accounts (an officer linked to their officer record, R-P01; the agency head for 立案, 决定 and
 * 结案 approvals), so every act passes the guards and is journaled in its own transaction (R-C01).
 * Nothing is inserted into the case tables directly.
 *
 * The demo is loaded at "now"; a case's earlier acts run on a copy of the context whose clock is set
 * back to the day of the act, so the case past its 90 days (行政处罚法 第六十条) really was filed
 * more than 90 days before the load. The journal keeps its own clock: its entries say when the demo
 * recorded them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database';
import { addEvidenceFromBlob, avRecordNeeded, createDevice, openCase, takeAction } from '../modules/cases';
import {
  confirmOrgIn,
  idNumberCheckChar,
  insertOfficer,
  officerOfUser,
  officersForCases,
  submitOfficersIn,
  usccCheckChar,
} from '../modules/org';
import { type Actor, insertAccount, type Role } from '../platform/auth';
import { shanghaiDate } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { archiveDemoCases, recordDemoStep } from './case-records';
import { demoCases } from './cases-list';
import type { DemoCase, DemoDomainAgency, DemoParty, ScriptContext } from './cases-script';
import { demoAgencies, demoDistrict, demoLoader } from './data';
import { demoPhoto, demoTone } from './media';

const loadedKey = 'demo.cases.loaded';
const DAY = 86_400_000;
const submitter = { journal: demoLoader, id: 'demo-loader:agency-submit', name: '演示机关（报送）' };
const bureau = { journal: demoLoader, id: 'demo-loader:justice-confirm', name: '示范区司法局（演示确认）' };

/** The demo accounts that work the cases of the agencies other than 市场监督管理局 (which has 张伟 and 陈静). */
export const demoCaseAccounts: { username: string; displayName: string; role: Role; agency: DemoDomainAgency }[] = [
  { username: 'urban_officer', displayName: '马骏', role: 'officer', agency: 'urban' },
  { username: 'urban_head', displayName: '朱卫国', role: 'agency_head', agency: 'urban' },
  { username: 'ecology_officer', displayName: '胡晓峰', role: 'officer', agency: 'ecology' },
  { username: 'ecology_head', displayName: '郭瑞', role: 'agency_head', agency: 'ecology' },
  { username: 'emergency_officer', displayName: '林涛', role: 'officer', agency: 'emergency' },
  { username: 'emergency_head', displayName: '高建平', role: 'agency_head', agency: 'emergency' },
  { username: 'culture_officer', displayName: '宋雅琴', role: 'officer', agency: 'culture' },
  { username: 'culture_head', displayName: '黄振华', role: 'agency_head', agency: 'culture' },
];

interface Team {
  agencyId: string;
  officer: Actor;
  officerId: string;
  officerDomains: string[];
  head: Actor;
  /** eligible officers of the agency (on the oldest day a case needs), by domain, for the second seat */
  partners: { id: string; name: string; domains: string[] }[];
}

export interface DemoCasesReport {
  cases: number;
  actions: number;
  ms: number;
  /** case id by the script's key */
  ids: Record<string, string>;
}

const actorOf = (a: { id: string; username: string; display_name: string; agency_id: string | null }, role: Role): Actor => ({
  userId: a.id,
  username: a.username,
  displayName: a.display_name,
  roles: [role],
  agencyId: a.agency_id,
  jurisdictionCode: demoDistrict,
  clientIp: null,
  sessionId: 'demo-loader',
});

const jsonList = (v: string[] | string | null | undefined): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : (v ?? []));

function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A valid GB 11643 number of the demo district (prefix 99: never a real person's). */
function demoIdNumber(birth: string, seq: number): string {
  const first17 = `${demoDistrict}${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/** A valid GB 32100 code of the demo district: 91 企业, 92 个体工商户. */
function demoUscc(kind: '91' | '92', seq: number): string {
  for (let n = seq; ; n += 1) {
    const first17 = `${kind}${demoDistrict}MA${String(1_000_000 + ((n * 7_919) % 9_000_000)).slice(-7)}`;
    const check = usccCheckChar(first17);
    if (check) return `${first17}${check}`;
  }
}

function partyInput(p: DemoParty, seq: number) {
  if (p.kind === 'organisation')
    return {
      kind: p.kind,
      name: p.name,
      uscc: demoUscc(/公司|厂/.test(p.name) ? '91' : '92', seq),
      address: p.address,
      legalRepresentative: p.legalRepresentative ?? null,
    };
  const birth = `${1960 + (seq % 35)}-${String((seq % 12) + 1).padStart(2, '0')}-${String((seq % 27) + 1).padStart(2, '0')}`;
  return { kind: p.kind, name: p.name, idNumber: demoIdNumber(birth, 500 + seq), address: p.address };
}

/**
 * The accounts that work the cases: 市场监督管理局's demo officer and head, and for each other
 * agency an officer account linked to a new certified officer record and a head account. The
 * officer lists are submitted again and confirmed by the justice bureau, as R-P01 requires.
 */
async function teams(trx: Transaction<Database>, ctx: AppContext, password: string, oldest: string): Promise<Map<string, Team>> {
  const today = shanghaiDate(ctx.clock.now());
  const agencyIds = new Map<string, string>();
  for (const a of await trx.selectFrom('agency').select(['id', 'name']).execute()) {
    const key = demoAgencies.find((d) => d.name === a.name)?.key;
    if (key) agencyIds.set(key, a.id);
  }
  let seq = 0;
  for (const acc of demoCaseAccounts) {
    seq += 1;
    const agencyId = agencyIds.get(acc.agency);
    if (!agencyId) throw new Error(`demo agency ${acc.agency} missing`);
    const account = await insertAccount(trx, ctx, null, {
      username: acc.username,
      displayName: acc.displayName,
      agencyId,
      jurisdictionCode: demoDistrict,
      roles: [acc.role],
      password,
      mustChangePassword: false,
    });
    if (acc.role !== 'officer') continue;
    const agency = await trx.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
    await insertOfficer(trx, ctx, demoLoader, {
      agencyId,
      userId: account.id,
      name: acc.displayName,
      idNumber: demoIdNumber(`19${80 + seq}-0${(seq % 9) + 1}-1${seq % 9}`, 900 + seq),
      post: '执法队员',
      domains: jsonList(agency.domains as string[] | string),
      isEnforcer: true,
      certificateNumber: `${demoDistrict}99${String(seq).padStart(5, '0')}`,
      issuingBody: '示范省人民政府',
      validFrom: plusDays(today, -3 * 365),
      validUntil: plusDays(today, 2 * 365),
      reason: '演示数据：执法人员与其系统账户关联',
    });
    const rev = await submitOfficersIn(trx, ctx, submitter, agency, { note: '演示数据：新增执法人员', publicNote: '新增执法人员' });
    await confirmOrgIn(trx, ctx, bureau, 'officers', rev.id, '演示数据：经审查予以确认');
  }
  const accounts = await trx.selectFrom('user_account').select(['id', 'username', 'display_name', 'agency_id']).execute();
  const byName = new Map(accounts.map((a) => [a.username, a]));
  const out = new Map<string, Team>();
  for (const [key, agencyId] of agencyIds) {
    if (key === 'justice') continue;
    const officerAccount = byName.get(key === 'market' ? 'officer' : `${key}_officer`);
    const headAccount = byName.get(key === 'market' ? 'agency_head' : `${key}_head`);
    if (!officerAccount || !headAccount) throw new Error(`demo accounts of ${key} missing`);
    const self = await officerOfUser(trx, officerAccount.id);
    if (!self) throw new Error(`demo officer account of ${key} is not linked to an officer`);
    const rows = await trx
      .selectFrom('officer')
      .select(['id', 'name', 'domains', 'user_id'])
      .where('agency_id', '=', agencyId)
      .where('active', '=', true)
      .where('is_enforcer', '=', true)
      .where('is_auxiliary', '=', false)
      .orderBy('name_sort_key')
      .execute();
    const ids = rows.map((r) => r.id);
    const [then, now] = await Promise.all([officersForCases(trx, ids, oldest), officersForCases(trx, ids, today)]);
    const ok = new Set(then.filter((f) => f.eligible).map((f) => f.officerId));
    const eligible = now.filter((f) => f.eligible && ok.has(f.officerId));
    const mine = eligible.find((f) => f.officerId === self.id);
    if (!mine) throw new Error(`demo officer of ${key} is not eligible to enforce`);
    out.set(key, {
      agencyId,
      officer: actorOf(officerAccount, 'officer'),
      officerId: self.id,
      officerDomains: mine.domains,
      head: actorOf(headAccount, 'agency_head'),
      partners: eligible
        .filter((f) => f.officerId !== self.id && !rows.find((r) => r.id === f.officerId)?.user_id)
        .map((f) => ({ id: f.officerId, name: f.name, domains: f.domains })),
    });
  }
  return out;
}

/** a copy of the context whose clock reads `daysAgo` days before `base` (the step's day) */
function contextOn(ctx: AppContext, base: number, daysAgo: number, tick: number): AppContext {
  const at = base - daysAgo * DAY - 600_000 + tick * 2_000;
  return { ...ctx, clock: { now: () => new Date(at) } };
}

async function play(ctx: AppContext, team: Team, c: DemoCase, n: number, base: number): Promise<{ id: string; actions: number }> {
  const domain = team.officerDomains.includes(c.domain) ? c.domain : (team.officerDomains[0] ?? c.domain);
  const covering = team.partners.filter((p) => p.domains.includes(domain));
  const partner = covering[n % Math.max(covering.length, 1)];
  if (!partner) throw new Error(`demo case ${c.key}: no second officer for ${domain}`);
  const sc: ScriptContext = {
    officerIds: [team.officerId, partner.id],
    officerNames: [team.officer.displayName, partner.name],
    headName: team.head.displayName,
  };
  let tick = 0;
  const on = (daysAgo: number) => contextOn(ctx, base, daysAgo, tick++);
  const opening = on(c.openedAgo);
  const { caseId } = await openCase(opening, team.officer, {
    procedure: c.procedure,
    title: c.title,
    domain,
    itemCode: c.itemCode ?? null,
    officerIds: [partner.id],
    parties: [partyInput(c.party, n + 1) as never],
    open: c.open(shanghaiDate(opening.clock.now())),
  });
  for (const s of c.steps) {
    const daysAgo = c.openedAgo - s.after;
    if (daysAgo < 0) throw new Error(`demo case ${c.key}: ${s.action} would be in the future`);
    const stepCtx = on(daysAgo);
    const input = s.input(shanghaiDate(stepCtx.clock.now()), sc);
    await recordAv(stepCtx, team, caseId, s.action, c, sc);
    try {
      await takeAction(stepCtx, s.who === 'head' ? team.head : team.officer, caseId, s.action, input, null);
      await recordDemoStep(stepCtx, { officer: team.officer, deviceId: await demoDevice(ctx, team) }, caseId, s.action, input, c, sc);
    } catch (e) {
      const err = e as Error & { code?: string; details?: unknown };
      throw new Error(`demo case ${c.key}: ${s.action} refused: ${err.code ?? ''} ${err.message} ${JSON.stringify(err.details ?? {})}`);
    }
  }
  return { id: caseId, actions: c.steps.length + 1 };
}

/** The agency's demo body camera, registered by its head with the demo officer as custodian (R-C10), made once. */
const devices = new Map<string, string>();
async function demoDevice(ctx: AppContext, team: Team): Promise<string> {
  const known = devices.get(team.agencyId);
  if (known) return known;
  const d = await createDevice(ctx, team.head, {
    name: '执法记录仪 1 号（演示）',
    kind: '执法记录仪',
    serialNumber: `DEMO-${team.agencyId.slice(0, 8)}`,
    custodian: { officerId: team.officerId, fromDate: '2020-01-01', reason: '演示数据：设备配发' },
  });
  devices.set(team.agencyId, d.id);
  return d.id;
}

/**
 * A step the AV-duty list marks full-process (R-C04: 查封扣押 …) is recorded on site before it is
 * taken, as the engine requires: a photo and a recording made by the officer with the body camera.
 */
async function recordAv(ctx: AppContext, team: Team, caseId: string, action: string, c: DemoCase, sc: ScriptContext) {
  const need = await avRecordNeeded(ctx.db, caseId, action);
  if (!need) return;
  const deviceId = await demoDevice(ctx, team);
  const at = new Date(ctx.clock.now().getTime() - 20 * 60_000);
  const takenAt = at.toISOString().slice(0, 16).replace('T', ' ');
  const files = [
    {
      bytes: await demoPhoto({ caseNumber: c.title.slice(0, 18), caption: `${need.label}现场`, takenAt, hue: (c.key.length * 37) % 360 }),
      mimeType: 'image/jpeg',
      filename: `${need.label}现场照片.jpg`,
      title: `${need.label}现场照片`,
    },
    { bytes: demoTone(3), mimeType: 'audio/wav', filename: `${need.label}现场录音.wav`, title: `${need.label}现场录音` },
  ];
  for (const f of files) {
    const info = await ctx.blobs.put(f.bytes);
    await addEvidenceFromBlob(
      ctx,
      team.officer,
      caseId,
      {
        category: 'av_record',
        kind: '视听资料',
        title: f.title,
        capturedAt: at.toISOString(),
        place: c.party.address,
        collectorIds: [...sc.officerIds],
        proves: `${need.label}的现场过程（全过程音像记录）`,
        deviceId,
        step: need.step,
        partyId: null,
      },
      { hash: info.hash, size: info.size, mimeType: f.mimeType, filename: f.filename },
    );
  }
}

/**
 * Loads the demo's cases once (after the demo jurisdiction, in transactions of their own: each act
 * is the engine's own transaction). Answers what was loaded and how long it took.
 */
export async function loadCasesDemo(ctx: AppContext, password: string): Promise<DemoCasesReport | null> {
  const db = ctx.db as Kysely<Database>;
  const done = await db.selectFrom('platform_setting').select('key').where('key', '=', loadedKey).executeTakeFirst();
  if (done) return null;
  const started = Date.now();
  const base = ctx.clock.now().getTime();
  const oldest = shanghaiDate(new Date(base - Math.max(...demoCases.map((c) => c.openedAgo)) * DAY));
  const byAgency = await db.transaction().execute((trx) => teams(trx, ctx, password, oldest));
  const ids: Record<string, string> = {};
  let actions = 0;
  for (const [n, c] of demoCases.entries()) {
    const team = byAgency.get(c.agency);
    if (!team) throw new Error(`demo case ${c.key}: agency ${c.agency} missing`);
    const r = await play(ctx, team, c, n, base);
    ids[c.key] = r.id;
    actions += r.actions;
  }
  const market = byAgency.get('market');
  if (market) await archiveDemoCases(ctx, market.officer, ids);
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('platform_setting')
      .values({ key: loadedKey, value: JSON.stringify({ at: now.toISOString(), ids }), updated_at: now, updated_by: null })
      .execute();
    await ctx.journal.append(trx, {
      actor: demoLoader,
      action: 'demo.load_cases',
      entity: { type: 'platform', id: 'demo' },
      payload: { cases: demoCases.length, actions },
    });
  });
  return { cases: demoCases.length, actions, ms: Date.now() - started, ids };
}
