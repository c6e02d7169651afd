import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../http/schemas';

const strict = { additionalProperties: false } as const;

export const JobParams = Type.Object({ id: Id('任务编号') }, strict);
export type JobParams = Static<typeof JobParams>;

export const JobProblemView = Type.Object(
  {
    row: Type.Optional(Type.Integer({ description: 'Excel 中显示的行号（从 1 起）' })),
    column: Type.Optional(Type.String({ description: '列名（中文表头）' })),
    value: Type.Optional(Type.String({ description: '单元格内容' })),
    reason: Type.String({ description: '原因' }),
  },
  strict,
);

export const JobView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: '任务类别，如 catalog.item_import' }),
    status: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')], {
      description: 'running 进行中；succeeded 已完成；failed 失败（导入失败时未写入任何数据）',
    }),
    total: Type.Integer({ description: '总量（如行数）；尚未知道时为 0' }),
    done: Type.Integer({ description: '已完成量' }),
    result: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: '成功时的结果，如 {written}' }),
    error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }, strict), Type.Null()], {
      description: '失败时的错误代码与中文说明',
    }),
    problems: Type.Array(JobProblemView, { description: '失败时的问题清单（最多 1000 条）' }),
    problemCount: Type.Integer({ description: '问题总数（可能多于列出的条数）' }),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  strict,
);
export type JobView = Static<typeof JobView>;
