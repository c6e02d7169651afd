/**
 * Time limits of a case (issue 8 §8; DESIGN.md invariant 4), pure. A limit counts in working days
 * or natural days as its article says (行政处罚法 第八十五条: only 二日、三日、五日、七日 are working
 * days there; 行政许可法 第八十二条: its limits are working days; the 90-day and 15-day periods are
 * natural days). Approved extensions add days; paused periods (中止, 检测检验鉴定) do not count.
 */
import type { CalendarLike, TimeLimitFacts } from './facts';
import type { TimeLimitUnit } from './tables';

// the due date itself is `computeDueDate` in rules.ts (one computation for the engine and the tests)

/** Days a pause lasted, in the limit's unit: from the day it began up to the day it ended. */
export function pausedLength(cal: Pick<CalendarLike, 'workingDaysBetween'>, since: string, until: string, unit: TimeLimitUnit): number {
  if (until <= since) return 0;
  if (unit === 'working_days') return cal.workingDaysBetween(since, until);
  return Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000);
}

export type Urgency = 'overdue' | 'due_today' | 'due_soon' | 'running' | 'paused' | 'met';

/** How urgent a limit is on `today`: overdue after its due date, "soon" within three natural days. */
export function urgencyOf(limit: Pick<TimeLimitFacts, 'status' | 'dueOn'>, today: string): Urgency {
  if (limit.status === 'met') return 'met';
  if (limit.status === 'paused') return 'paused';
  if (limit.dueOn < today) return 'overdue';
  if (limit.dueOn === today) return 'due_today';
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + 3);
  return limit.dueOn <= soon.toISOString().slice(0, 10) ? 'due_soon' : 'running';
}

export const urgencyLabels: Record<Urgency, string> = {
  overdue: '已超期',
  due_today: '今日到期',
  due_soon: '即将到期',
  running: '计时中',
  paused: '已中止计时',
  met: '已完成',
};

/** Natural days from `today` to the due date (negative: days overdue). */
export function daysLeft(dueOn: string, today: string): number {
  return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
