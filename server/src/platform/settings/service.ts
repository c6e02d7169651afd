import { sql } from 'kysely';
import { type Actor, journalActor } from '../auth/actor';
import { can } from '../auth/capabilities';
import { accountLabels } from '../auth/repo';
import { validateDate } from '../calendar/rules';
import { shanghaiDate } from '../clock';
import type { AppContext } from '../context';
import { type AnyDb, own } from '../db/tables';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { findJurisdiction, type JurisdictionView, jurisdictionChain, jurisdictionInScope, scopeOf } from '../scope';
import {
  defaultSnapshot,
  type SettingDef,
  type SettingKey,
  type SettingLevel,
  type SettingsSnapshot,
  settingDefs,
  settingGroup,
  settingKeys,
  settingLevelLabels,
  settingUnitLabels,
} from './registry';
import type { SettingsTables } from './tables';

type Value = number | string;

/** One stored value (a row of `setting_value`). */
export interface SettingRow {
  id: number;
  key: string;
  jurisdictionCode: string;
  value: Value;
  effectiveFrom: string;
  reason: string;
  createdAt: Date;
  createdBy: string;
}

const levelRank: Record<string, number> = { province: 0, city: 1, county: 2, township: 3 };

const isKey = (key: string): key is SettingKey => Object.hasOwn(settingDefs, key);
const defOf = (key: SettingKey): SettingDef => settingDefs[key] as SettingDef;

/** The jurisdiction and its ancestors, nearest first (platform/scope's tree). */
const chainOf = jurisdictionChain;

/** The stored rows of these jurisdictions (all keys, or one), oldest first: one query. */
async function rowsOf(db: AnyDb, codes: readonly string[], key?: SettingKey): Promise<SettingRow[]> {
  if (!codes.length) return [];
  let q = own<SettingsTables>(db)
    .selectFrom('setting_value')
    .select([
      'id',
      'key',
      'jurisdiction_code',
      // JSON text, parsed here: drivers differ in how they hand back a jsonb string
      sql<string>`value::text`.as('value_text'),
      sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from'),
      'reason',
      'created_at',
      'created_by',
    ])
    .where('jurisdiction_code', 'in', codes);
  if (key) q = q.where('key', '=', key);
  const rows = await q.orderBy('effective_from').orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    key: r.key,
    jurisdictionCode: r.jurisdiction_code,
    value: JSON.parse(r.value_text) as Value,
    effectiveFrom: r.effective_from,
    reason: r.reason,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
  }));
}

/**
 * The row in force for `key` on `onDate`: the nearest jurisdiction of the chain that has a value
 * effective on or before that day wins; within it the latest effective date, then the latest row.
 */
function inForce(rows: readonly SettingRow[], chain: readonly JurisdictionView[], key: string, onDate: string): SettingRow | null {
  for (const j of chain) {
    let best: SettingRow | null = null;
    for (const r of rows) {
      if (r.key !== key || r.jurisdictionCode !== j.code || r.effectiveFrom > onDate) continue;
      if (!best || r.effectiveFrom > best.effectiveFrom || (r.effectiveFrom === best.effectiveFrom && r.id > best.id)) best = r;
    }
    if (best) return best;
  }
  return null;
}

/** `settings.get(key, jurisdiction, onDate)`: the value that applies there on that day, else the registry default. */
export async function getSetting<K extends SettingKey>(
  db: AnyDb,
  key: K,
  jurisdictionCode: string | null,
  onDate: string,
): Promise<SettingsSnapshot[K]> {
  const chain = await chainOf(db, jurisdictionCode);
  const rows = await rowsOf(
    db,
    chain.map((j) => j.code),
    key,
  );
  const row = inForce(rows, chain, key, onDate);
  return (row ? row.value : settingDefs[key].default) as SettingsSnapshot[K];
}

/** Every key's value for one jurisdiction on one day (one query for the values). */
export async function settingsOn(db: AnyDb, jurisdictionCode: string | null, onDate: string): Promise<SettingsSnapshot> {
  const chain = await chainOf(db, jurisdictionCode);
  const rows = await rowsOf(
    db,
    chain.map((j) => j.code),
  );
  const snapshot: Record<string, Value> = { ...defaultSnapshot() };
  for (const key of settingKeys) {
    const row = inForce(rows, chain, key, onDate);
    if (row) snapshot[key] = row.value;
  }
  return snapshot as unknown as SettingsSnapshot;
}

// ---------------------------------------------------------------------------------------------
// Changing a value

export interface SetSettingInput {
  key: string;
  jurisdictionCode: string;
  value: unknown;
  effectiveFrom: string;
  reason: string;
}

function invalidField(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
}

const integerUnits = new Set(['hours', 'working_days', 'natural_days', 'months']);

/** The value checked against the key's definition (type, range, tighter-only). */
function checkValue(key: SettingKey, d: SettingDef, value: unknown): Value {
  if (typeof d.default === 'string') {
    if (typeof value !== 'string' || value.trim() === '') throw invalidField('value', `${d.label}应为非空文字`);
    const v = value.trim();
    if (v.length > 200) throw invalidField('value', `${d.label}不能超过 200 个字`);
    // R-C08: a case number without its sequence would not be unique
    if (key === 'cases.number_format' && !v.includes('{seq}')) throw invalidField('value', '案件编号格式须包含序号占位符 {seq}');
    return v;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField('value', `${d.label}应为数字`);
  if (integerUnits.has(d.unit) && !Number.isInteger(value))
    throw invalidField('value', `${d.label}应为整数（${settingUnitLabels[d.unit]}）`);
  // a locality may shorten a national time limit, never lengthen it
  if (d.tighterOnly && value > d.default) {
    throw conflict(`${d.label}不得超过法定的 ${d.default} ${settingUnitLabels[d.unit]}（${d.source}），本地只能规定更短的期限`, {
      key,
      default: d.default,
      source: d.source,
      fields: [{ field: 'value', message: `不得超过 ${d.default}（${d.source}）` }],
    });
  }
  if (d.min !== undefined && value < d.min) throw invalidField('value', `${d.label}不能小于 ${d.min}`);
  if (d.max !== undefined && value > d.max) throw invalidField('value', `${d.label}不能大于 ${d.max}`);
  return value;
}

const levelWord: Record<Exclude<SettingLevel, 'none'>, string> = { province: '省级', city: '设区的市级', county: '县级' };

/** Whether the actor may set values for this jurisdiction: its own justice bureau, or a system administrator over it. */
function mayChangeHere(actor: Actor, code: string): boolean {
  if (!can(actor, 'manageSettings')) return false;
  if (actor.roles.includes('system_admin')) return true;
  // the bureau of the jurisdiction itself, as for confirmations (platform/revisions isDecider)
  return actor.roles.includes('supervisor') && actor.jurisdictionCode === code;
}

/**
 * Records a value from `effectiveFrom` on (today or later: a change never rewrites history),
 * journaled as `setting.change` in the same transaction. Refused, with nothing written: keys the
 * law fixes, a level below the key's (`changeableBy`), a value of the wrong type or range, a time
 * limit longer than the law's (`tighterOnly`), a past date.
 */
export async function setSetting(ctx: AppContext, actor: Actor, input: SetSettingInput): Promise<SettingRow> {
  if (!can(actor, 'manageSettings')) throw forbidden('更改规则设置');
  if (!isKey(input.key)) throw notFound('设置项', { key: input.key });
  const key = input.key;
  const d = defOf(key);
  const code = String(input.jurisdictionCode ?? '');
  const target = await findJurisdiction(ctx.db, code);
  if (!target || !(await jurisdictionInScope(ctx.db, scopeOf(actor), code))) throw notFound('行政区划', { jurisdictionCode: code });
  if (!mayChangeHere(actor, code)) throw forbidden('更改其他行政区划的规则设置（只能由本级司法局设置）');
  if (d.changeableBy === 'none') {
    throw conflict(`${d.label}由法律规定（${d.source}），不能更改`, { key, source: d.source });
  }
  if ((levelRank[target.level] ?? 9) > (levelRank[d.changeableBy] ?? -1)) {
    throw conflict(`该设置由${levelWord[d.changeableBy]}规定（${d.source}），${target.name}不能设置`, {
      key,
      changeableBy: d.changeableBy,
      level: target.level,
    });
  }
  const value = checkValue(key, d, input.value);
  const effectiveFrom = validateDate(input.effectiveFrom, 'effectiveFrom');
  const today = shanghaiDate(ctx.clock.now());
  if (effectiveFrom < today) throw invalidField('effectiveFrom', `生效日期不能早于今天（${today}）：更改只对以后生效，不改写历史`);
  const reason = (typeof input.reason === 'string' ? input.reason : '').trim();
  if (reason === '') throw invalidField('reason', '请填写更改理由（如本地规定的文号）');
  if (reason.length > 500) throw invalidField('reason', '更改理由不能超过 500 个字');

  return ctx.db.transaction().execute(async (trx) => {
    const previous = await getSetting(trx, key, code, effectiveFrom);
    const inserted = await own<SettingsTables>(trx)
      .insertInto('setting_value')
      .values({
        key,
        jurisdiction_code: code,
        value: JSON.stringify(value),
        effective_from: effectiveFrom,
        reason,
        created_at: ctx.clock.now(),
        created_by: actor.userId,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const row: SettingRow = {
      id: Number(inserted.id),
      key,
      jurisdictionCode: code,
      value,
      effectiveFrom,
      reason,
      createdAt: new Date(inserted.created_at),
      createdBy: actor.userId,
    };
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'setting.change',
      entity: { type: 'setting_value', id: String(row.id) },
      payload: { key, jurisdictionCode: code, value, previous, effectiveFrom, reason },
    });
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// The settings page

export interface SettingHistoryEntry {
  id: number;
  jurisdictionCode: string;
  jurisdictionName: string;
  value: Value;
  effectiveFrom: string;
  reason: string;
  createdAt: string;
  createdBy: string;
  createdByName: string;
}

export interface SettingItem {
  key: string;
  group: string;
  label: string;
  unit: string;
  unitLabel: string;
  default: Value;
  source: string;
  changeableBy: SettingLevel;
  changeableByLabel: string;
  tighterOnly: boolean;
  note: string | null;
  min: number | null;
  max: number | null;
  value: Value;
  /** the row in force, or null when the default applies */
  setBy: SettingHistoryEntry | null;
  /** whether the caller may set a value for this key in this jurisdiction */
  changeable: boolean;
  /** values set to take effect after `onDate`, soonest first */
  upcoming: SettingHistoryEntry[];
  /** every value of this key set in the jurisdiction or above it, newest first */
  history: SettingHistoryEntry[];
}

export interface SettingsList {
  jurisdiction: JurisdictionView | null;
  onDate: string;
  items: SettingItem[];
}

/**
 * Every key with its definition, the value in force on `onDate` in the jurisdiction (the caller's
 * own by default; another one in the caller's scope on request, else 404), who set it, what is
 * scheduled and the whole history. Any logged-in business role or administrator reads it.
 */
export async function listSettings(
  db: AnyDb,
  actor: Actor,
  jurisdictionCode?: string,
  onDate?: string,
  today?: string,
): Promise<SettingsList> {
  const day = onDate === undefined ? (today ?? shanghaiDate(new Date())) : validateDate(onDate, 'onDate');
  const code = jurisdictionCode ?? actor.jurisdictionCode;
  if (code && !(await jurisdictionInScope(db, scopeOf(actor), code))) throw notFound('行政区划', { jurisdictionCode: code });
  const chain = await chainOf(db, code);
  if (code && !chain.length) throw notFound('行政区划', { jurisdictionCode: code });
  const rows = await rowsOf(
    db,
    chain.map((j) => j.code),
  );
  const names = await accountLabels(db, [...new Set(rows.map((r) => r.createdBy))]);
  const jNames = new Map(chain.map((j) => [j.code, j.name]));
  const entry = (r: SettingRow): SettingHistoryEntry => ({
    id: r.id,
    jurisdictionCode: r.jurisdictionCode,
    jurisdictionName: jNames.get(r.jurisdictionCode) ?? r.jurisdictionCode,
    value: r.value,
    effectiveFrom: r.effectiveFrom,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    createdByName: names.get(r.createdBy) ?? r.createdBy,
  });
  const here = chain[0];
  const items = settingKeys.map((key): SettingItem => {
    const d = defOf(key);
    const mine = rows.filter((r) => r.key === key);
    const current = inForce(mine, chain, key, day);
    const changeable =
      !!here &&
      d.changeableBy !== 'none' &&
      (levelRank[here.level] ?? 9) <= (levelRank[d.changeableBy] ?? -1) &&
      mayChangeHere(actor, here.code);
    return {
      key,
      group: settingGroup(key),
      label: d.label,
      unit: d.unit,
      unitLabel: settingUnitLabels[d.unit],
      default: d.default,
      source: d.source,
      changeableBy: d.changeableBy,
      changeableByLabel: settingLevelLabels[d.changeableBy],
      tighterOnly: !!d.tighterOnly,
      note: d.note ?? null,
      min: d.min ?? null,
      max: d.max ?? null,
      value: current ? current.value : d.default,
      setBy: current ? entry(current) : null,
      changeable,
      upcoming: mine.filter((r) => r.effectiveFrom > day).map(entry),
      history: [...mine].reverse().map(entry),
    };
  });
  return { jurisdiction: here ?? null, onDate: day, items };
}
