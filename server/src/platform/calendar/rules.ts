/**
 * The working-day calendar's rules: pure functions over `CalendarData` (official schedule plus the
 * effective overrides), so that every deadline in the platform is computed the same way
 * (DESIGN.md invariant 4; R-D08 5, R-D09 20, R-D10 7, R-D11 3 working days).
 *
 * Legal dates are `YYYY-MM-DD` strings, local dates in Asia/Shanghai (`shanghaiDate` in clock.ts
 * turns an instant into one). Internally a date is a day number (days since 1970-01-01, UTC), so
 * no time zone or DST can shift it.
 *
 * Counting (the same for working and natural days):
 * - 《民法典》第二百零一条：「按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。」
 *   So "within N working days of D" ends on the N-th working day *after* D; D itself never counts,
 *   whether or not it is a working day.
 * - 《行政处罚法》第八十五条：「本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。」
 *   and 《行政许可法》第八十二条 (许可 time limits in working days): working days exclude the official
 *   holidays and weekends, and include the 调休 makeup workdays that fall on a weekend.
 * - 《民法典》第二百零三条：「期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。」
 *   This matters only for natural-day periods (a working-day count always ends on a working day):
 *   `naturalDayDeadline` applies it, `addNaturalDays` is plain arithmetic.
 */
import { AppError } from '../errors';
import type { CalendarOverrideKind } from './tables';

/** `YYYY-MM-DD`, a local date in Asia/Shanghai. */
export type LegalDate = string;

/** Supported years: wide enough for any case file, narrow enough to catch typos (e.g. 20255). */
export const minYear = 1900;
export const maxYear = 2100;
/** Upper bound of a day count, far above any legal period (the longest are a few years). */
export const maxDayCount = 10_000;

/** The official schedule (from `chinese-days`): only the days that differ from Mon–Fri work. */
export interface OfficialCalendar {
  /** `working: false` = official holiday, `true` = 调休 makeup workday. */
  days: ReadonlyMap<LegalDate, { working: boolean; name: string }>;
  /** Years for which the schedule holds a State Council notice. */
  years: ReadonlySet<number>;
  /** Where the schedule comes from, e.g. `chinese-days 1.5.7`. */
  source: string;
}

/** One row of `calendar_override`. */
export interface CalendarOverride {
  id: number;
  date: LegalDate;
  kind: CalendarOverrideKind;
  name: string;
  source: string;
  createdAt: Date;
  createdBy: string;
}

export interface CalendarData {
  official: OfficialCalendar;
  /** Every override row, oldest first (the history). */
  history: readonly CalendarOverride[];
  /** The latest row per date, where it is not a revert to the official schedule. */
  effective: ReadonlyMap<LegalDate, CalendarOverride>;
}

/** The latest row per date wins (highest id: rows are append-only); `official` drops the date. */
export function buildCalendarData(official: OfficialCalendar, overrides: readonly CalendarOverride[]): CalendarData {
  const history = [...overrides].sort((a, b) => a.id - b.id);
  const latest = new Map<LegalDate, CalendarOverride>();
  for (const o of history) latest.set(o.date, o);
  const effective = new Map<LegalDate, CalendarOverride>();
  for (const [date, o] of latest) if (o.kind !== 'official') effective.set(date, o);
  return { official, history, effective };
}

// ---------------------------------------------------------------------------------------------
// Dates

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

function invalid(field: string, message: string, value: unknown): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }], value });
}

/**
 * Day number of a legal date; throws VALIDATION_FAILED with a Chinese message for anything that is
 * not a real calendar date `YYYY-MM-DD` between 1900 and 2100.
 */
export function dayNumber(date: unknown, field = 'date'): number {
  if (typeof date !== 'string') throw invalid(field, '日期应为 YYYY-MM-DD 格式的字符串（如 2025-10-01）', date);
  const m = datePattern.exec(date);
  if (!m) throw invalid(field, `日期格式应为 YYYY-MM-DD（如 2025-10-01），实际为“${date}”`, date);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < minYear || y > maxYear) throw invalid(field, `日期 ${date} 的年份超出支持范围（${minYear}–${maxYear} 年）`, date);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw invalid(field, `日期 ${date} 不存在`, date);
  return ms / dayMs;
}

/** Throws VALIDATION_FAILED unless `date` is a valid legal date; returns it. */
export function validateDate(date: unknown, field = 'date'): LegalDate {
  dayNumber(date, field);
  return date as LegalDate;
}

export function validateYear(year: unknown, field = 'year'): number {
  const n = typeof year === 'string' && /^\d+$/.test(year) ? Number(year) : year;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < minYear || n > maxYear) {
    throw invalid(field, `年份应为 ${minYear} 至 ${maxYear} 之间的整数，实际为“${String(year)}”`, year);
  }
  return n;
}

/** A day count `n` (0 ≤ n ≤ 10000); strings of digits are accepted (CLI, query strings). */
export function validateDayCount(n: unknown, field = 'n'): number {
  const v = typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : n;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > maxDayCount) {
    throw invalid(field, `天数应为 0 至 ${maxDayCount} 之间的整数，实际为“${String(n)}”`, n);
  }
  return v;
}

function fromDayNumber(day: number): LegalDate {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const weekdayLabels = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** `周一` … `周日` of a legal date. */
export function weekdayLabel(date: LegalDate): string {
  return weekdayLabels[weekdayOf(dayNumber(date))] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Days

/**
 * - `holiday`: an official or overridden day off (also a weekend day inside a holiday period);
 * - `makeup_workday`: a weekend day that is worked (调休上班);
 * - `workday` / `weekend`: the Mon–Fri default, or a weekday an override made a working day.
 */
export type DayKind = 'holiday' | 'makeup_workday' | 'workday' | 'weekend';

export interface DayStatus {
  date: LegalDate;
  working: boolean;
  kind: DayKind;
  /** e.g. 春节; null for ordinary days */
  name: string | null;
  /** The override that decides the day, if one does. */
  override: CalendarOverride | null;
}

function statusOf(cal: CalendarData, day: number): DayStatus {
  const date = fromDayNumber(day);
  const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
  const o = cal.effective.get(date);
  if (o) {
    const working = o.kind === 'workday';
    return { date, working, kind: working ? (weekend ? 'makeup_workday' : 'workday') : 'holiday', name: o.name, override: o };
  }
  const official = cal.official.days.get(date);
  if (official) {
    const kind: DayKind = official.working ? (weekend ? 'makeup_workday' : 'workday') : 'holiday';
    return { date, working: official.working, kind, name: official.name, override: null };
  }
  return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, override: null };
}

export function dayStatus(cal: CalendarData, date: LegalDate): DayStatus {
  return statusOf(cal, dayNumber(date));
}

/** Whether `date` is a working day: Mon–Fri, minus holidays, plus 调休 makeup workdays. */
export function isWorkingDay(cal: CalendarData, date: LegalDate): boolean {
  return statusOf(cal, dayNumber(date)).working;
}

/**
 * The last day of a period of `n` working days starting from `date` (R-D08..R-D11): the N-th
 * working day after `date`, which itself is not counted (民法典 Art. 201). `n = 0` returns `date`.
 * E.g. 2025-09-30 + 7 = 2025-10-16 (国庆/中秋 1–8 Oct off, Sat 11 Oct worked).
 */
export function addWorkingDays(cal: CalendarData, date: LegalDate, n: number): LegalDate {
  let day = dayNumber(date);
  let left = validateDayCount(n);
  while (left > 0) {
    day += 1;
    if (statusOf(cal, day).working) left -= 1;
  }
  if (day > dayNumber(`${maxYear}-12-31`)) throw invalid('n', `计算结果超出支持范围（${maxYear} 年以后）`, n);
  return fromDayNumber(day);
}

/** `date` plus `n` calendar days (民法典 Art. 201: the start day is not counted). */
export function addNaturalDays(date: LegalDate, n: number): LegalDate {
  const day = dayNumber(date) + validateDayCount(n);
  if (day > dayNumber(`${maxYear}-12-31`)) throw invalid('n', `计算结果超出支持范围（${maxYear} 年以后）`, n);
  return fromDayNumber(day);
}

/**
 * The last day of a period of `n` natural days: `addNaturalDays`, then, when that day is not a
 * working day (a holiday or weekend), the first working day after it (民法典 Art. 203).
 */
export function naturalDayDeadline(cal: CalendarData, date: LegalDate, n: number): LegalDate {
  let day = dayNumber(addNaturalDays(date, n));
  while (!statusOf(cal, day).working) day += 1;
  return fromDayNumber(day);
}

/**
 * Working days in (a, b]: the count `addWorkingDays` adds, so that
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n`. Negative when `b` is before `a`.
 */
export function workingDaysBetween(cal: CalendarData, a: LegalDate, b: LegalDate): number {
  const da = dayNumber(a, 'a');
  const db = dayNumber(b, 'b');
  const [from, to, sign] = da <= db ? [da, db, 1] : [db, da, -1];
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (statusOf(cal, day).working) count += 1;
  return sign * count;
}

/**
 * Whether the year's State Council schedule is known: the package has it, or an administrator
 * entered holidays for the year as overrides (a new notice before the package updates). Without
 * it, working days of the year are only Mon–Fri and deadlines may fall on a holiday.
 */
export function hasOfficialData(cal: CalendarData, year: number): boolean {
  if (cal.official.years.has(year)) return true;
  const prefix = `${year}-`;
  for (const o of cal.effective.values()) if (o.kind === 'holiday' && o.date.startsWith(prefix)) return true;
  return false;
}

/** Years without official data among the years from `a` to `b` (for warnings). */
export function yearsWithoutOfficialData(cal: CalendarData, a: LegalDate, b: LegalDate): number[] {
  const [ya, yb] = [Number(validateDate(a).slice(0, 4)), Number(validateDate(b).slice(0, 4))];
  const years: number[] = [];
  for (let y = Math.min(ya, yb); y <= Math.max(ya, yb); y++) if (!hasOfficialData(cal, y)) years.push(y);
  return years;
}

/**
 * The days of `year` that the calendar names: holidays (with the weekend days of a holiday
 * period), 调休 makeup workdays, and any day an override decides. Ordinary days are left out.
 */
export function yearDays(cal: CalendarData, year: number): DayStatus[] {
  validateYear(year);
  const prefix = `${year}-`;
  const dates = new Set<LegalDate>();
  for (const d of cal.official.days.keys()) if (d.startsWith(prefix)) dates.add(d);
  for (const d of cal.effective.keys()) if (d.startsWith(prefix)) dates.add(d);
  return [...dates]
    .sort()
    .map((d) => dayStatus(cal, d))
    .filter((s) => s.kind === 'holiday' || s.kind === 'makeup_workday' || s.override !== null);
}
