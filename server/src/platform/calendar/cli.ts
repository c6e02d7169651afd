import { type Command, exit, UsageError } from '../command';
import { AppError } from '../errors';
import { officialCalendar } from './official';
import { type DayStatus, dayNumber, validateDate, validateDayCount, validateYear, weekdayLabel } from './rules';
import { computeAddWorkingDays, createCalendar } from './service';

/** Turns a validation error into a usage error (exit 2) with the same Chinese message. */
function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED') throw new UsageError(e.message);
    throw e;
  }
}

function noOfficialDataWarning(year: number, source: string): string {
  return (
    `警告：${source} 中没有 ${year} 年的官方节假日安排（国务院办公厅关于 ${year} 年部分节假日安排的通知），` +
    `也没有录入该年的放假调整；该年只按周一至周五计算工作日，期限可能落在法定节假日。` +
    '请在通知发布后录入调整（POST /api/v1/calendar/overrides）或升级 chinese-days。'
  );
}

interface Run {
  first: DayStatus;
  last: DayStatus;
  days: number;
}

/** Consecutive days of the same kind, name and basis, e.g. 春节 15–23 Feb. */
function runsOf(days: DayStatus[]): Run[] {
  const runs: Run[] = [];
  const key = (d: DayStatus) => `${d.kind}|${d.name ?? ''}|${d.override ? `o:${d.override.source}` : 'official'}`;
  for (const d of days) {
    const prev = runs[runs.length - 1];
    if (prev && key(prev.last) === key(d) && dayNumber(d.date) === dayNumber(prev.last.date) + 1) {
      prev.last = d;
      prev.days += 1;
    } else {
      runs.push({ first: d, last: d, days: 1 });
    }
  }
  return runs;
}

function formatRun(r: Run): string {
  const span =
    r.days === 1
      ? `${r.first.date}（${weekdayLabel(r.first.date)}）`
      : `${r.first.date}（${weekdayLabel(r.first.date)}）至 ${r.last.date}（${weekdayLabel(r.last.date)}）`;
  const count = r.days === 1 ? '' : `，${r.days} 天`;
  const mark = r.first.override
    ? `  ［调整：${r.first.override.source}，录入于 ${r.first.override.createdAt.toISOString().slice(0, 10)}］`
    : '';
  return `  ${span}  ${r.first.name ?? ''}${count}${mark}`;
}

/** `sanxiang calendar …` commands (show, add-working-days). */
export const calendarCommands: Command[] = [
  {
    path: ['calendar', 'show'],
    usage: '<年份>',
    summary: '列出某年的法定节假日和调休上班日（标注人工调整）',
    help: [
      '数据来自 chinese-days 软件包收录的国务院办公厅节假日安排，加上系统管理员录入的调整',
      '（只追加，每个日期以最新一条为准）。来自调整的日子标注［调整：依据］。',
      '该年没有官方数据时在标准错误输出警告（退出码仍为 0）。',
      '',
      '示例：sanxiang calendar show 2026',
    ].join('\n'),
    servable: true,
    async run({ positionals }, ctx) {
      if (positionals.length !== 1) throw new UsageError('需要且只需要一个参数：年份（如 2026）');
      const year = usage(() => validateYear(positionals[0], 'year'));
      const { db } = await ctx.store();
      const cal = await createCalendar(db);
      const days = cal.yearDays(year);
      const source = cal.data.official.source;
      if (!cal.hasOfficialData(year)) ctx.err(noOfficialDataWarning(year, source));
      const overrides = days.filter((d) => d.override).length;
      ctx.out(`${year} 年工作日历（官方数据：${source}${overrides ? `；${overrides} 天来自人工调整` : ''}）`);
      const sections: [string, DayStatus[]][] = [
        ['放假', days.filter((d) => d.kind === 'holiday')],
        ['调休上班', days.filter((d) => d.kind === 'makeup_workday')],
        ['调整为上班的工作日', days.filter((d) => d.kind === 'workday')],
      ];
      for (const [title, list] of sections) {
        if (list.length === 0 && title === '调整为上班的工作日') continue;
        ctx.out('');
        ctx.out(`${title}：`);
        if (list.length === 0) ctx.out('  （无）');
        for (const run of runsOf(list)) ctx.out(formatRun(run));
      }
      return exit.ok;
    },
  },
  {
    path: ['calendar', 'add-working-days'],
    usage: '<日期> <工作日数>',
    summary: '计算某日起 N 个工作日后的日期（起算日不计入）',
    help: [
      '按《民法典》第二百零一条，起算日当天不计入，自下一日开始计算；工作日不含法定节假日和周末，',
      '含调休上班日（《行政处罚法》第八十五条、《行政许可法》第八十二条）。只输出结果日期。',
      '计算跨越尚无官方节假日安排的年份时，在标准错误输出警告（退出码仍为 0）。',
      '',
      '日期格式 YYYY-MM-DD（北京时间），工作日数为 0 至 10000 的整数。',
      '示例：sanxiang calendar add-working-days 2025-09-30 7    → 2025-10-16',
    ].join('\n'),
    servable: true,
    async run({ positionals }, ctx) {
      if (positionals.length !== 2) throw new UsageError('需要两个参数：日期（YYYY-MM-DD）和工作日数');
      const date = usage(() => validateDate(positionals[0], 'date'));
      const n = usage(() => validateDayCount(positionals[1], 'n'));
      const { db } = await ctx.store();
      let view: Awaited<ReturnType<typeof computeAddWorkingDays>>;
      try {
        view = await computeAddWorkingDays(db, date, n);
      } catch (e) {
        // e.g. a result beyond 2100
        throw e instanceof AppError && e.code === 'VALIDATION_FAILED' ? new UsageError(e.message) : e;
      }
      for (const y of view.yearsWithoutOfficialData) ctx.err(noOfficialDataWarning(y, officialCalendar().source));
      ctx.out(view.result);
      return exit.ok;
    },
  },
];
