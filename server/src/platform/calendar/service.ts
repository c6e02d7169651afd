import { sql } from 'kysely';
import { type Actor, journalActor } from '../auth/actor';
import { can } from '../auth/capabilities';
import type { AppContext } from '../context';
import { type AnyDb, own } from '../db/tables';
import { AppError, conflict, forbidden } from '../errors';
import { officialCalendar } from './official';
import {
  addNaturalDays,
  addWorkingDays,
  buildCalendarData,
  type CalendarData,
  type CalendarOverride,
  type DayStatus,
  dayStatus,
  hasOfficialData,
  isWorkingDay,
  type LegalDate,
  naturalDayDeadline,
  validateDate,
  validateDayCount,
  validateYear,
  weekdayLabel,
  workingDaysBetween,
  yearDays,
  yearsWithoutOfficialData,
} from './rules';
import { type AddWorkingDaysView, type CalendarYearView, toCalendarDayView } from './schema';
import type { CalendarOverrideKind, CalendarTables } from './tables';

/** The calendar rules bound to the merged data (official schedule + overrides) of one moment. */
export interface Calendar {
  readonly data: CalendarData;
  isWorkingDay(date: LegalDate): boolean;
  addWorkingDays(date: LegalDate, n: number): LegalDate;
  addNaturalDays(date: LegalDate, n: number): LegalDate;
  naturalDayDeadline(date: LegalDate, n: number): LegalDate;
  workingDaysBetween(a: LegalDate, b: LegalDate): number;
  hasOfficialData(year: number): boolean;
  yearsWithoutOfficialData(a: LegalDate, b: LegalDate): number[];
  dayStatus(date: LegalDate): DayStatus;
  yearDays(year: number): DayStatus[];
}

export function bindCalendar(data: CalendarData): Calendar {
  return {
    data,
    isWorkingDay: (date) => isWorkingDay(data, date),
    addWorkingDays: (date, n) => addWorkingDays(data, date, n),
    addNaturalDays: (date, n) => addNaturalDays(date, n),
    naturalDayDeadline: (date, n) => naturalDayDeadline(data, date, n),
    workingDaysBetween: (a, b) => workingDaysBetween(data, a, b),
    hasOfficialData: (year) => hasOfficialData(data, year),
    yearsWithoutOfficialData: (a, b) => yearsWithoutOfficialData(data, a, b),
    dayStatus: (date) => dayStatus(data, date),
    yearDays: (year) => yearDays(data, year),
  };
}

// ---------------------------------------------------------------------------------------------
// Loading, with a per-process cache

/** Every override row, oldest first. */
export async function listOverrides(db: AnyDb): Promise<CalendarOverride[]> {
  const rows = await own<CalendarTables>(db)
    .selectFrom('calendar_override')
    .select(['id', sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'), 'kind', 'name', 'source', 'created_at', 'created_by'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    date: r.date,
    kind: r.kind,
    name: r.name,
    source: r.source,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
  }));
}

interface CacheEntry {
  rowCount: number;
  calendar: Calendar;
}

const cache = new WeakMap<AnyDb, CacheEntry>();

/** Drops the cached calendar of `db` (after a write); the next `createCalendar` reloads. */
export function invalidateCalendar(db: AnyDb): void {
  cache.delete(db);
}

/**
 * The calendar with the current overrides. The merged data is cached per process and store; a
 * write through `addOverride` invalidates it, and because the table is append-only its row count
 * identifies its content, so one `count(*)` per call also picks up rows another server process
 * wrote (several servers behind a load balancer, DESIGN.md).
 */
export async function createCalendar(db: AnyDb): Promise<Calendar> {
  const { n } = await own<CalendarTables>(db)
    .selectFrom('calendar_override')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const hit = cache.get(db);
  if (hit && hit.rowCount === Number(n)) return hit.calendar;
  const overrides = await listOverrides(db);
  const calendar = bindCalendar(buildCalendarData(officialCalendar(), overrides));
  cache.set(db, { rowCount: overrides.length, calendar });
  return calendar;
}

// ---------------------------------------------------------------------------------------------
// Queries (any logged-in user; the calendar is the same for every agency)

/** The named days of `year` and whether its official schedule is known. */
export async function getCalendarYear(db: AnyDb, year: number): Promise<CalendarYearView> {
  const y = validateYear(year);
  const cal = await createCalendar(db);
  return {
    year: y,
    hasOfficialData: cal.hasOfficialData(y),
    officialSource: cal.data.official.source,
    days: cal.yearDays(y).map((d) => toCalendarDayView(d, weekdayLabel(d.date))),
  };
}

/** The last day of `n` working days from `date`, and the years it crossed without official data. */
export async function computeAddWorkingDays(db: AnyDb, date: string, n: number | string): Promise<AddWorkingDaysView> {
  const d = validateDate(date, 'date');
  const count = validateDayCount(n, 'n');
  const cal = await createCalendar(db);
  const result = cal.addWorkingDays(d, count);
  return { date: d, n: count, result, yearsWithoutOfficialData: cal.yearsWithoutOfficialData(d, result) };
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface OverrideInput {
  date: string;
  kind: CalendarOverrideKind;
  /** e.g. 春节; may be empty for `official` */
  name?: string | undefined;
  /** the basis, e.g. 国办发明电〔2025〕7号 */
  source: string;
}

export const overrideKinds: readonly CalendarOverrideKind[] = ['holiday', 'workday', 'official'];

export const overrideKindLabels: Record<CalendarOverrideKind, string> = {
  holiday: '放假',
  workday: '上班',
  official: '恢复官方安排',
};

function invalidField(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
}

function validateInput(input: OverrideInput): { date: LegalDate; kind: CalendarOverrideKind; name: string; source: string } {
  const date = validateDate(input.date, 'date');
  if (!overrideKinds.includes(input.kind))
    throw invalidField('kind', '类型只能是 holiday（放假）、workday（上班）或 official（恢复官方安排）');
  const name = (input.name ?? '').trim();
  const source = (typeof input.source === 'string' ? input.source : '').trim();
  if (input.kind !== 'official' && name === '') throw invalidField('name', '请填写节日名称（如 春节）');
  if (name.length > 50) throw invalidField('name', '节日名称不能超过 50 个字');
  if (source === '') throw invalidField('source', '请填写依据（如 国办发明电〔2025〕7号）');
  if (source.length > 200) throw invalidField('source', '依据不能超过 200 个字');
  return { date, kind: input.kind, name, source };
}

/**
 * Records an override (system administrators only), journaled as `calendar.override` in the same
 * transaction. Nothing is overwritten: the new row is the latest for its date and wins; `official`
 * reverts the date to the package's schedule and is refused when there is nothing to revert.
 */
export async function addOverride(ctx: AppContext, actor: Actor, input: OverrideInput): Promise<CalendarOverride> {
  if (!can(actor, 'manageCalendar')) throw forbidden('调整工作日历');
  const v = validateInput(input);
  const before = await createCalendar(ctx.db);
  const previous = before.dayStatus(v.date);
  if (v.kind === 'official' && previous.override === null) {
    throw conflict(`${v.date} 没有生效的调整，已按官方安排执行，无需恢复`, { date: v.date });
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await own<CalendarTables>(trx)
      .insertInto('calendar_override')
      .values({ date: v.date, kind: v.kind, name: v.name, source: v.source, created_at: ctx.clock.now(), created_by: actor.userId })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const override: CalendarOverride = {
      id: Number(inserted.id),
      ...v,
      createdAt: new Date(inserted.created_at),
      createdBy: actor.userId,
    };
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'calendar.override',
      entity: { type: 'calendar_override', id: String(override.id) },
      payload: {
        date: v.date,
        kind: v.kind,
        name: v.name,
        source: v.source,
        previous: { working: previous.working, kind: previous.kind, name: previous.name, overrideId: previous.override?.id ?? null },
      },
    });
    return override;
  });
  invalidateCalendar(ctx.db);
  return row;
}
