import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { officialCalendar } from './official';
import { publicationDeadline } from './publication-deadline';
import { buildCalendarData } from './rules';

const cal = buildCalendarData(officialCalendar(), []);

describe('publicationDeadline (R-D08: public within 5 working days; overdue from the next calendar day)', () => {
  // [what, changed on, today, deadline, overdue, working days pending, working days overdue]
  it.each<[string, string, string, string, boolean, number, number]>([
    // ordinary weeks
    ['Mon change, on the deadline (Mon next week)', '2026-03-02', '2026-03-09', '2026-03-09', false, 5, 0],
    ['Mon change, the day after the deadline', '2026-03-02', '2026-03-10', '2026-03-09', true, 6, 1],
    ['the day of the change', '2026-03-06', '2026-03-06', '2026-03-13', false, 0, 0],
    ['Fri change, on the deadline (Fri next week)', '2026-03-06', '2026-03-13', '2026-03-13', false, 5, 0],
    // issue 6 §7: the reported case, catalog alerted and org did not
    ['Fri change, overdue on the Saturday after the deadline', '2026-03-06', '2026-03-14', '2026-03-13', true, 5, 0],
    ['Fri change, still 0 working days overdue on Sunday', '2026-03-06', '2026-03-15', '2026-03-13', true, 5, 0],
    ['Fri change, 1 working day overdue on Monday', '2026-03-06', '2026-03-16', '2026-03-13', true, 6, 1],
    ['a change on a Saturday counts from Monday', '2026-03-07', '2026-03-13', '2026-03-13', false, 5, 0],
    ['today before the change (clock skew) is not overdue', '2026-03-06', '2026-03-05', '2026-03-13', false, 0, 0],
    // Spring Festival 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked (调休)
    ['Thu before the festival: the makeup Saturday counts', '2026-02-12', '2026-02-26', '2026-02-26', false, 5, 0],
    ['during the festival nothing counts', '2026-02-12', '2026-02-20', '2026-02-26', false, 2, 0],
    ['Thu before the festival, overdue after', '2026-02-12', '2026-02-27', '2026-02-26', true, 6, 1],
    ['overdue on a makeup Saturday, which is a working day', '2026-02-13', '2026-02-28', '2026-02-27', true, 6, 1],
    ['a change on a festival day: due on the makeup Saturday 28 Feb', '2026-02-18', '2026-02-28', '2026-02-28', false, 5, 0],
    ['… and overdue on the ordinary Sunday after it', '2026-02-18', '2026-03-01', '2026-02-28', true, 5, 0],
    ['deadline reached through the makeup Saturday 28 Feb', '2026-02-24', '2026-03-01', '2026-03-02', false, 4, 0],
    // 劳动节 2026: 1–5 May off, Sat 9 May worked (调休)
    ['the deadline falls on the makeup Saturday 9 May', '2026-04-29', '2026-05-09', '2026-05-09', false, 5, 0],
    ['overdue on the Sunday after a makeup-Saturday deadline', '2026-04-29', '2026-05-10', '2026-05-09', true, 5, 0],
    ['Thu before the holiday: not yet due on Sunday 10 May', '2026-04-30', '2026-05-10', '2026-05-11', false, 4, 0],
    ['a change on a holiday (Sat 2 May)', '2026-05-02', '2026-05-12', '2026-05-11', true, 6, 1],
    // 国庆/中秋 2026: 1–7 Oct off, Sat 10 Oct worked
    ['over National Day, Sat 10 Oct counts', '2026-09-30', '2026-10-13', '2026-10-13', false, 5, 0],
    ['over National Day, overdue', '2026-09-30', '2026-10-14', '2026-10-13', true, 6, 1],
    // across the year: 元旦 1–3 Jan 2026, Sun 4 Jan worked
    ['across the new year, the makeup Sunday counts', '2025-12-31', '2026-01-08', '2026-01-08', false, 5, 0],
  ])('%s: %s → %s', (_what, changedOn, today, deadline, overdue, workingDaysPending, workingDaysOverdue) => {
    expect(publicationDeadline(cal, changedOn, today, 5)).toEqual({ deadline, overdue, workingDaysPending, workingDaysOverdue });
  });

  it('takes the limit as an argument (a jurisdiction setting may change it)', () => {
    expect(publicationDeadline(cal, '2026-03-06', '2026-03-10', 2)).toEqual({
      deadline: '2026-03-10',
      overdue: false,
      workingDaysPending: 2,
      workingDaysOverdue: 0,
    });
    expect(publicationDeadline(cal, '2026-03-06', '2026-03-11', 2).overdue).toBe(true);
  });

  it('refuses dates that are not YYYY-MM-DD', () => {
    expect(() => publicationDeadline(cal, '2026-3-6', '2026-03-14', 5)).toThrow(AppError);
    expect(() => publicationDeadline(cal, '2026-03-06', '2026-03-32', 5)).toThrow(AppError);
  });
});
