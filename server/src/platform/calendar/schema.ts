import { type Static, Type } from '@sinclair/typebox';
import type { CalendarOverride, DayStatus } from './rules';

const LegalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD（北京时间）', examples: ['2025-10-01'] });

export const CalendarYearParams = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2100 }) }, { additionalProperties: false });
export type CalendarYearParams = Static<typeof CalendarYearParams>;

export const CalendarOverrideView = Type.Object(
  {
    id: Type.Integer(),
    date: LegalDate,
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday'), Type.Literal('official')]),
    name: Type.String(),
    source: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
  },
  { additionalProperties: false },
);
export type CalendarOverrideView = Static<typeof CalendarOverrideView>;

export const CalendarDayView = Type.Object(
  {
    date: LegalDate,
    weekday: Type.String({ description: '周一…周日' }),
    working: Type.Boolean(),
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('makeup_workday'), Type.Literal('workday'), Type.Literal('weekend')]),
    name: Type.Union([Type.String(), Type.Null()]),
    override: Type.Union([CalendarOverrideView, Type.Null()]),
  },
  { additionalProperties: false },
);
export type CalendarDayView = Static<typeof CalendarDayView>;

export const CalendarYearView = Type.Object(
  {
    year: Type.Integer(),
    hasOfficialData: Type.Boolean({ description: '是否已有该年国务院办公厅节假日安排（软件包数据或已录入的调整）' }),
    officialSource: Type.String({ description: '官方数据来源，如 chinese-days 1.5.7' }),
    days: Type.Array(CalendarDayView, { description: '与“周一至周五上班”不同的日子（节假日、调休上班）及被调整的日子' }),
  },
  { additionalProperties: false },
);
export type CalendarYearView = Static<typeof CalendarYearView>;

export const AddWorkingDaysQuery = Type.Object(
  { date: LegalDate, n: Type.Integer({ minimum: 0, maximum: 10_000 }) },
  { additionalProperties: false },
);
export type AddWorkingDaysQuery = Static<typeof AddWorkingDaysQuery>;

export const AddWorkingDaysView = Type.Object(
  {
    date: LegalDate,
    n: Type.Integer(),
    result: LegalDate,
    yearsWithoutOfficialData: Type.Array(Type.Integer(), {
      description: '计算跨越的、尚无官方节假日安排的年份；非空时结果只按周一至周五计算',
    }),
  },
  { additionalProperties: false },
);
export type AddWorkingDaysView = Static<typeof AddWorkingDaysView>;

export const CalendarOverrideCreateBody = Type.Object(
  {
    date: LegalDate,
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday'), Type.Literal('official')], {
      description: 'holiday 放假；workday 上班；official 恢复为官方安排',
    }),
    name: Type.Optional(Type.String({ maxLength: 50, description: '节日名称，如 春节' })),
    source: Type.String({ minLength: 1, maxLength: 200, description: '依据，如 国办发明电〔2025〕7号' }),
  },
  { additionalProperties: false },
);
export type CalendarOverrideCreateBody = Static<typeof CalendarOverrideCreateBody>;

export function toCalendarOverrideView(o: CalendarOverride): CalendarOverrideView {
  return {
    id: o.id,
    date: o.date,
    kind: o.kind,
    name: o.name,
    source: o.source,
    createdAt: o.createdAt.toISOString(),
    createdBy: o.createdBy,
  };
}

export function toCalendarDayView(d: DayStatus, weekday: string): CalendarDayView {
  return {
    date: d.date,
    weekday,
    working: d.working,
    kind: d.kind,
    name: d.name,
    override: d.override ? toCalendarOverrideView(d.override) : null,
  };
}
