/**
 * R-D08 (seed 001): 「在“行政执法事项”“行政执法人员信息”等内容发生变化后，应于5个工作日内对公示内容进行
 * 调整」 — a change to the published lists (enforcement items and the other catalog lists, the agency
 * directory, the officer lists) is public within 5 working days. This is the one implementation;
 * the catalog alerts and the org alerts both call it (issue 6 §7: it used to be written twice, and
 * the two copies disagreed on the weekend after the deadline).
 *
 * The rule, decided once:
 * - The day of the change does not count (《民法典》第二百零一条); the period is counted in working days
 *   on the working-day calendar: weekends and official holidays are skipped, 调休 makeup Saturdays and
 *   Sundays count (《行政处罚法》第八十五条, `addWorkingDays`). So the **deadline** is the 5th working day
 *   after the day of the change, and publishing on the deadline itself is on time.
 * - The period ends at 24:00 of the deadline (《民法典》第二百零三条第二款). From the next **calendar**
 *   day on the change is overdue, whether that day is a working day or not: a change of Friday
 *   2026-03-06 is due by Friday 2026-03-13 and overdue on Saturday 2026-03-14. (The org copy said
 *   "more than 5 working days pending", which delayed the alert to the next working day, Monday
 *   2026-03-16; the catalog copy was right about the day but reported 1 working day overdue on a
 *   Saturday, when none had passed.)
 * - `workingDaysOverdue` counts the working days after the deadline up to today, so it is honest:
 *   0 on the weekend or holiday right after the deadline, while `overdue` is already true.
 *
 * The limit is an argument (DESIGN.md invariant 3): the callers pass the jurisdiction setting
 * `disclosure.prior_change_working_days` in force for the agency's jurisdiction today
 * (platform/settings; R-D08's 5 by default, a county may only shorten it).
 */
import { addWorkingDays, type CalendarData, type LegalDate, validateDate, workingDaysBetween } from './rules';

export interface PublicationDeadline {
  /** The last day on which publishing is on time: the `withinWorkingDays`-th working day after the change. */
  deadline: LegalDate;
  /** `today` is after the deadline (any calendar day, working or not). */
  overdue: boolean;
  /** Working days from the day of the change (not counted) to today (counted). */
  workingDaysPending: number;
  /** Working days after the deadline up to today; 0 when not overdue, and possibly 0 when overdue. */
  workingDaysOverdue: number;
}

/**
 * R-D08: when a change made on `changedOn` must be public, and whether it is late on `today`
 * (both legal dates in Asia/Shanghai; `today` before `changedOn` counts as not overdue).
 */
export function publicationDeadline(
  cal: CalendarData,
  changedOn: LegalDate,
  today: LegalDate,
  withinWorkingDays: number,
): PublicationDeadline {
  validateDate(today, 'today');
  const deadline = addWorkingDays(cal, changedOn, withinWorkingDays);
  const overdue = today > deadline;
  return {
    deadline,
    overdue,
    workingDaysPending: Math.max(0, workingDaysBetween(cal, changedOn, today)),
    workingDaysOverdue: overdue ? workingDaysBetween(cal, deadline, today) : 0,
  };
}
