import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { officialCalendar } from './official';
import {
  addNaturalDays,
  addWorkingDays,
  buildCalendarData,
  type CalendarOverride,
  dayStatus,
  hasOfficialData,
  isWorkingDay,
  naturalDayDeadline,
  workingDaysBetween,
  yearDays,
  yearsWithoutOfficialData,
} from './rules';

const official = officialCalendar();
const cal = buildCalendarData(official, []);

let nextId = 1;
function override(date: string, kind: CalendarOverride['kind'], name = '', source = '测试通知'): CalendarOverride {
  return { id: nextId++, date, kind, name, source, createdAt: new Date('2026-01-01T00:00:00Z'), createdBy: 'u-admin' };
}

describe('official schedules in chinese-days', () => {
  // 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026), as the package holds them.
  it.each([
    // 2025
    ['2025-01-01', false], // 元旦
    ['2025-01-24', true], // Friday before the makeup Sunday
    ['2025-01-25', false], // Saturday
    ['2025-01-26', true], // 春节调休上班 (Sunday)
    ['2025-01-28', false], // 春节 28 Jan – 4 Feb
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-02-08', true], // 春节调休上班 (Saturday)
    ['2025-04-27', true], // 劳动节调休上班 (Sunday)
    ['2025-05-05', false],
    ['2025-06-02', false], // 端午 31 May – 2 Jun
    ['2025-09-28', true], // 国庆调休上班 (Sunday)
    ['2025-10-06', false], // 中秋
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true], // 国庆调休上班 (Saturday)
    // 2026
    ['2026-01-02', false], // 元旦 1–3 Jan
    ['2026-01-04', true], // 元旦调休上班 (Sunday)
    ['2026-02-14', true], // 春节调休上班 (Saturday)
    ['2026-02-15', false], // 春节 15–23 Feb
    ['2026-02-23', false], // Monday, still 春节
    ['2026-02-24', true],
    ['2026-02-28', true], // 春节调休上班 (Saturday)
    ['2026-05-05', false],
    ['2026-05-09', true], // 劳动节调休上班 (Saturday)
    ['2026-09-20', true], // 国庆调休上班 (Sunday)
    ['2026-09-25', false], // 中秋 25–27 Sep
    ['2026-10-07', false], // 国庆 1–7 Oct
    ['2026-10-08', true],
    ['2026-10-10', true], // 国庆调休上班 (Saturday)
    ['2026-10-11', false], // ordinary Sunday
  ])('%s working: %s', (date, working) => {
    expect(isWorkingDay(cal, date)).toBe(working);
  });

  it('names the days the way the notices do', () => {
    expect(dayStatus(cal, '2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节', working: false });
    expect(dayStatus(cal, '2025-01-26')).toMatchObject({ kind: 'makeup_workday', name: '春节', working: true });
    expect(dayStatus(cal, '2026-09-26')).toMatchObject({ kind: 'holiday', name: '中秋节' });
    expect(dayStatus(cal, '2026-03-02')).toMatchObject({ kind: 'workday', name: null });
    expect(dayStatus(cal, '2026-03-01')).toMatchObject({ kind: 'weekend', name: null });
  });
});

describe('addWorkingDays: the start day is not counted (民法典 Art. 201, 行政处罚法 Art. 85)', () => {
  it.each([
    // REQUIRED: National Day + Mid-Autumn 2025, then the makeup Saturday 11 Oct counts
    ['2025-09-30', 7, '2025-10-16'],
    // REQUIRED: Friday + 1 lands on the makeup Sunday
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-09-26', 1, '2025-09-28'], // Friday → makeup Sunday before National Day
    ['2025-09-26', 3, '2025-09-30'],
    ['2025-09-26', 4, '2025-10-09'],
    // Spring Festival 2026 (15–23 Feb; Sat 14 Feb and Sat 28 Feb worked)
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-13', 2, '2026-02-24'],
    ['2026-02-12', 5, '2026-02-26'],
    ['2026-02-24', 4, '2026-02-28'], // 25, 26, 27, then the makeup Saturday
    ['2026-02-24', 5, '2026-03-02'],
    // National Day 2026 (1–7 Oct; Sun 20 Sep and Sat 10 Oct worked)
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-30', 7, '2026-10-15'],
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-09-24', 1, '2026-09-28'], // 中秋 25–27 Sep
    // ordinary weeks and the start on a non-working day
    ['2025-03-07', 5, '2025-03-14'],
    ['2025-03-08', 1, '2025-03-10'], // Saturday start: Monday is the first working day
    ['2025-03-03', 0, '2025-03-03'],
    ['2025-03-08', 0, '2025-03-08'],
    ['2025-12-31', 1, '2026-01-04'], // 元旦 1–3 Jan 2026, then the makeup Sunday
  ])('%s + %i working days = %s', (date, n, expected) => {
    expect(addWorkingDays(cal, date, n)).toBe(expected);
    expect(workingDaysBetween(cal, date, expected)).toBe(n);
  });

  it('R-D10: a penalty decision of Fri 2026-02-13 is published by Mon 2026-03-02 at the latest', () => {
    // 7 working days: 14 (Sat, worked), 24, 25, 26, 27, 28 (Sat, worked), 2 Mar
    expect(addWorkingDays(cal, '2026-02-13', 7)).toBe('2026-03-02');
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-09-30', '2025-10-16', 7],
    ['2025-10-16', '2025-09-30', -7],
    ['2025-10-01', '2025-10-01', 0],
    ['2025-10-01', '2025-10-08', 0],
    ['2026-02-13', '2026-02-24', 2],
    ['2025-12-31', '2026-01-05', 2],
  ])('(%s, %s] holds %i working days', (a, b, n) => {
    expect(workingDaysBetween(cal, a, b)).toBe(n);
  });
});

describe('natural days', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2025-01-31', 30, '2025-03-02'],
    ['2024-02-28', 1, '2024-02-29'], // leap year
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-25', 15, '2026-01-09'],
    ['2026-06-01', 0, '2026-06-01'],
    ['2026-01-01', 90, '2026-04-01'], // 行政处罚法 Art. 60: 九十日 are natural days
  ])('%s + %i natural days = %s', (date, n, expected) => {
    expect(addNaturalDays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-09-16', 15, '2026-10-08'], // ends 1 Oct (国庆) → the day after the holiday
    ['2026-02-01', 15, '2026-02-24'], // ends 16 Feb (春节) → 24 Feb
    ['2026-03-01', 13, '2026-03-16'], // ends Sat 14 Mar → Mon 16 Mar
    ['2026-09-25', 15, '2026-10-10'], // ends Sat 10 Oct, a makeup workday: no extension
    ['2026-03-02', 15, '2026-03-17'], // ends Tue: no extension
  ])('deadline of %s + %i natural days = %s (民法典 Art. 203)', (date, n, expected) => {
    expect(naturalDayDeadline(cal, date, n)).toBe(expected);
  });
});

describe('overrides', () => {
  it('adds a holiday, and a later row reverts it to the official schedule', () => {
    const added = buildCalendarData(official, [override('2025-10-09', 'holiday', '地方节日')]);
    expect(isWorkingDay(added, '2025-10-09')).toBe(false);
    expect(dayStatus(added, '2025-10-09')).toMatchObject({ kind: 'holiday', name: '地方节日' });
    expect(addWorkingDays(added, '2025-09-30', 7)).toBe('2025-10-17');

    const reverted = buildCalendarData(official, [override('2025-10-09', 'holiday', '地方节日'), override('2025-10-09', 'official')]);
    expect(isWorkingDay(reverted, '2025-10-09')).toBe(true);
    expect(addWorkingDays(reverted, '2025-09-30', 7)).toBe('2025-10-16');
    expect(reverted.history).toHaveLength(2);
    expect(reverted.effective.size).toBe(0);
  });

  it('the latest row per date wins, whatever the input order', () => {
    const a = override('2026-02-23', 'workday', '春节');
    const b = override('2026-02-23', 'holiday', '春节');
    const data = buildCalendarData(official, [b, a]);
    expect(isWorkingDay(data, '2026-02-23')).toBe(false);
    expect(dayStatus(data, '2026-02-23').override?.id).toBe(b.id);
  });

  it('cancels an official holiday and a makeup workday', () => {
    const data = buildCalendarData(official, [override('2026-10-07', 'workday', '国庆节'), override('2026-10-10', 'holiday', '国庆节')]);
    expect(dayStatus(data, '2026-10-07')).toMatchObject({ working: true, kind: 'workday' });
    expect(dayStatus(data, '2026-10-10')).toMatchObject({ working: false, kind: 'holiday' });
  });

  it('a year without package data counts as official once its holidays are entered', () => {
    expect(hasOfficialData(cal, 2025)).toBe(true);
    expect(hasOfficialData(cal, 2026)).toBe(true);
    expect(hasOfficialData(cal, 2099)).toBe(false);
    const entered = buildCalendarData(official, [override('2099-01-01', 'holiday', '元旦', '国办发明电〔2098〕1号')]);
    expect(hasOfficialData(entered, 2099)).toBe(true);
    expect(yearsWithoutOfficialData(entered, '2098-12-01', '2100-01-10')).toEqual([2098, 2100]);
    const revertedAway = buildCalendarData(official, [...entered.history, override('2099-01-01', 'official')]);
    expect(hasOfficialData(revertedAway, 2099)).toBe(false);
  });

  it('yearDays lists holidays, makeup workdays and overridden days', () => {
    const data = buildCalendarData(official, [override('2026-03-03', 'holiday', '地方节日'), override('2026-03-04', 'workday', '说明')]);
    const days = yearDays(data, 2026);
    expect(days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(days.filter((d) => d.name === '春节' && d.kind === 'holiday')).toHaveLength(9);
    expect(days.find((d) => d.date === '2026-03-03')).toMatchObject({ kind: 'holiday', override: { name: '地方节日' } });
    expect(days.find((d) => d.date === '2026-03-04')).toMatchObject({ kind: 'workday', working: true });
    expect(yearDays(cal, 2099)).toEqual([]);
  });
});

describe('validation: Chinese messages, VALIDATION_FAILED', () => {
  it.each([
    ['2025-02-29', /不存在/],
    ['2025-13-01', /不存在/],
    ['2025-1-5', /YYYY-MM-DD/],
    ['20251005', /YYYY-MM-DD/],
    ['', /YYYY-MM-DD/],
    ['1899-12-31', /超出支持范围/],
  ])('rejects date %j', (date, message) => {
    expect(() => isWorkingDay(cal, date)).toThrow(message);
    try {
      addWorkingDays(cal, date, 1);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
    }
  });

  it.each([-1, 1.5, Number.NaN, 10_001])('rejects day count %s', (n) => {
    expect(() => addWorkingDays(cal, '2025-01-01', n)).toThrow(/天数应为 0 至 10000 之间的整数/);
    expect(() => addNaturalDays('2025-01-01', n)).toThrow(/天数应为/);
  });

  it('refuses a result beyond 2100', () => {
    expect(() => addNaturalDays('2100-12-31', 1)).toThrow(/超出支持范围/);
  });
});
