import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../http/schemas';

const strict = { additionalProperties: false } as const;
const str = Type.String();
const nullableStr = Type.Union([Type.String(), Type.Null()]);
const when = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const status = Type.Union([Type.Literal('submitted'), Type.Literal('confirmed'), Type.Literal('returned'), Type.Literal('superseded')]);

export const RevisionParams = Type.Object({ id: Id('提交编号') }, strict);
export type RevisionParams = Static<typeof RevisionParams>;

export const RevisionQuery = Type.Object(
  {
    status: Type.Optional(status),
    listKind: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
    agencyId: Type.Optional(Id()),
  },
  strict,
);
export type RevisionQuery = Static<typeof RevisionQuery>;

export const ChangeCounts = Type.Object(
  { added: Type.Integer(), changed: Type.Integer(), removed: Type.Integer(), internal: Type.Integer() },
  strict,
);

export const RevisionView = Type.Object(
  {
    id: str,
    listKind: Type.String({ description: '清单类别：items、officers、agencies、service_windows 等' }),
    listLabel: str,
    title: Type.String({ description: '变更的对象，如某机关的执法事项清单' }),
    subjectKey: str,
    listKey: str,
    agencyId: nullableStr,
    seq: Type.Integer({ description: '该对象的第几次提交' }),
    status,
    statusLabel: str,
    contentHash: Type.String({ description: '冻结内容的 SHA-256（规范 JSON）' }),
    itemCount: Type.Integer(),
    counts: ChangeCounts,
    note: Type.String({ description: '提交说明（内部，不公开）' }),
    publicNote: Type.String({ description: '公开的变更说明（公示时显示）' }),
    submittedBy: str,
    submittedAt: Type.String({ format: 'date-time' }),
    decidedBy: nullableStr,
    decidedAt: when,
    decisionNote: Type.Union([Type.String(), Type.Null()], { description: '退回理由或确认意见' }),
    publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
    supersededBy: nullableStr,
    releaseReason: Type.Union([Type.String(), Type.Null()], { description: '司法局对检出个人信息的放行理由' }),
  },
  strict,
);
export type RevisionView = Static<typeof RevisionView>;

export const RevisionList = Type.Object({ items: Type.Array(RevisionView) }, strict);

const FieldChange = Type.Object(
  { field: str, label: str, before: Type.Unknown(), after: Type.Unknown() },
  { ...strict, description: '字段的修改：修改前 → 修改后' },
);

export const RevisionItemView = Type.Object(
  {
    key: Type.String({ description: '条目（事项、人员、机关、窗口）的编号' }),
    subjectId: Type.Union([Type.String(), Type.Null()], { description: '公示时的标识，如事项编码' }),
    label: str,
    version: Type.Integer(),
    change: Type.Union([Type.Literal('added'), Type.Literal('changed'), Type.Literal('removed'), Type.Literal('internal')], {
      description: 'added 新增公示；changed 修改；removed 撤下；internal 仅内部字段变化（公开内容不变）',
    }),
    before: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: '现在公开的内容' }),
    after: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: '确认后公开的内容' }),
    fields: Type.Array(FieldChange, { description: '公开内容的字段级差异' }),
    internalFields: Type.Array(FieldChange, { description: '不公开字段的差异（如证件有效期起始日、角色）' }),
  },
  strict,
);
export type RevisionItemView = Static<typeof RevisionItemView>;

export const RevisionDetail = Type.Object({ revision: RevisionView, items: Type.Array(RevisionItemView) }, strict);
export type RevisionDetail = Static<typeof RevisionDetail>;

export const ConfirmBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 500, description: '确认意见' })),
    releaseReason: Type.Optional(
      Type.String({ minLength: 4, maxLength: 500, description: '检出疑似个人信息时，司法局明确放行的理由（记入全过程记录）' }),
    ),
  },
  strict,
);
export type ConfirmBody = Static<typeof ConfirmBody>;

export const ReturnBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500, description: '退回理由' }) }, strict);
export type ReturnBody = Static<typeof ReturnBody>;

/** What a submission asks for: the internal note for the bureau, and the note the public reads. */
export const SubmitBody = Type.Object(
  {
    note: Type.String({ minLength: 2, maxLength: 500, description: '提交说明（给司法局，不公开）' }),
    publicNote: Type.String({ minLength: 2, maxLength: 200, description: '公开的变更说明（公示时显示）' }),
    includeReturned: Type.Optional(Type.Boolean({ description: '把已退回、未再修改的条目原样一并重新提交' })),
  },
  strict,
);
export type SubmitBody = Static<typeof SubmitBody>;

/** The open return of a subject, shown to the agency until it submits again. */
export const OpenReturnView = Type.Union([
  Type.Object(
    {
      revisionId: str,
      seq: Type.Integer(),
      reason: str,
      returnedBy: str,
      returnedAt: Type.String({ format: 'date-time' }),
      items: Type.Array(Type.Object({ key: str, label: str }, strict)),
    },
    strict,
  ),
  Type.Null(),
]);
export type OpenReturnView = Static<typeof OpenReturnView>;
