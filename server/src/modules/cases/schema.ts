/** Request and response shapes of the cases API (issue 8 §3). Action inputs are the definitions' own schemas. */
import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../../platform/http/schemas';
import { EvidenceView } from './evidence/schema';

const strict = { additionalProperties: false } as const;
const legalDate = (description: string) => Type.String({ format: 'date', description });
const optText = (maxLength: number, description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength, description }), Type.Null()]));
const procedureCodes = ['general', 'simple', 'inspection', 'coercive_measure', 'licensing'] as const;
export const ProcedureCodeSchema = Type.Union(
  procedureCodes.map((c) => Type.Literal(c)),
  { description: '执法程序：general 一般程序，simple 简易程序，inspection 检查，coercive_measure 查封扣押，licensing 行政许可' },
);
/** a JSON schema, as the definitions hold them (for forms generated from it) */
const JsonSchema = Type.Unknown({ description: '输入的 JSON Schema（据此生成表单）' });

export const ActionSummary = Type.Object(
  {
    name: Type.String({ description: '办理事项的英文名，用于 POST /cases/{id}/actions/{action}' }),
    label: Type.String({ description: '中文名称' }),
    from: Type.Array(Type.String(), { description: '可办理的状态' }),
    to: Type.Union([Type.String(), Type.Null()], { description: '办理后的状态；null 表示状态不变' }),
    toLabel: Type.Union([Type.String(), Type.Null()]),
    by: Type.Array(Type.String(), { description: 'case_officer 本案执法人员，agency_head 机关负责人，reviewer 法制审核人员' }),
    input: JsonSchema,
    guards: Type.Array(Type.String(), { description: '办理前检查的法定条件（代码）' }),
    article: Type.Union([Type.String(), Type.Null()], { description: '依据' }),
    documents: Type.Array(Type.String(), { description: '本环节需要的执法文书' }),
    avDuty: Type.Union([Type.String(), Type.Null()], { description: '本环节的音像记录要求（R-C04）' }),
    approval: Type.Union([Type.Object({ kind: Type.String(), step: Type.String() }), Type.Null()]),
    reviewGate: Type.Boolean({ description: '办理前按法制审核目录判断是否须经法制审核' }),
    records: Type.String({ description: '办理内容记入案件的哪一项记录' }),
    starts: Type.Array(Type.Unknown(), { description: '开始计算的时限（种类、名称、取数的设置、依据）' }),
    stops: Type.Array(Type.String(), { description: '办结的时限' }),
    extends: Type.Array(Type.Unknown(), { description: '延长的时限' }),
    pauses: Type.Array(Type.String(), { description: '中止计算的时限' }),
    resumes: Type.Array(Type.String(), { description: '恢复计算的时限' }),
    effects: Type.Array(Type.String(), { description: 'add_party 增加当事人，assign_officers 指定执法人员' }),
    allocatesNumber: Type.Boolean({ description: '办理时编定案件编号' }),
    opens: Type.Union([Type.String(), Type.Null()], { description: '办理时另行登记的案件所用程序' }),
  },
  strict,
);
export type ActionSummary = Static<typeof ActionSummary>;

export const ProcedureView = Type.Object(
  {
    code: Type.String(),
    version: Type.Integer(),
    label: Type.String(),
    actCategory: Type.String(),
    basis: Type.String(),
    initial: Type.String(),
    numberCategory: Type.String({ description: '案件编号的类别字' }),
    openGuards: Type.Array(Type.String()),
    openStarts: Type.Array(Type.Unknown()),
    states: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), final: Type.Boolean() }, strict)),
    open: JsonSchema,
    actions: Type.Array(ActionSummary),
  },
  strict,
);
export const ProcedureList = Type.Object({ items: Type.Array(ProcedureView) }, strict);

export const PartyBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('natural_person'), Type.Literal('organisation')], {
      description: '当事人类别：natural_person 自然人，organisation 法人或其他组织',
    }),
    name: Type.String({ minLength: 1, maxLength: 200, description: '姓名或名称' }),
    idNumber: Type.Optional(Type.Union([Type.String({ maxLength: 18, description: '公民身份号码（GB 11643）' }), Type.Null()])),
    uscc: Type.Optional(Type.Union([Type.String({ maxLength: 18, description: '统一社会信用代码（GB 32100）' }), Type.Null()])),
    address: optText(300, '住所或地址'),
    phone: optText(40, '联系电话'),
    legalRepresentative: optText(100, '法定代表人或负责人'),
  },
  strict,
);

export const OpenCaseBody = Type.Object(
  {
    procedure: ProcedureCodeSchema,
    title: Type.String({ minLength: 2, maxLength: 200, description: '案由或事项，如 某超市销售过期食品案' }),
    domain: optText(50, '执法领域，如 市场监管（与执法证件的执法领域比对）'),
    itemCode: Type.Optional(
      Type.Union([
        Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$', description: '执法事项编码（本机关已公示的事项清单）' }),
        Type.Null(),
      ]),
    ),
    officerIds: Type.Optional(
      Type.Array(Id('执法人员'), { maxItems: 10, uniqueItems: true, description: '承办的执法人员（登记人本人自动加入）' }),
    ),
    parties: Type.Optional(Type.Array(PartyBody, { maxItems: 20 })),
    open: Type.Object({}, { additionalProperties: true, description: '登记内容，按所选程序的 open 结构（GET /procedures）' }),
  },
  strict,
);
export type OpenCaseBody = Static<typeof OpenCaseBody>;

export const CaseParams = Type.Object({ id: Id('案件') }, strict);
export type CaseParams = Static<typeof CaseParams>;
export const ActionParams = Type.Object(
  { id: Id('案件'), action: Type.String({ pattern: '^[a-z][a-z_]{0,59}$', description: '办理事项的英文名' }) },
  strict,
);
export type ActionParams = Static<typeof ActionParams>;
export const ActionBody = Type.Object({}, { additionalProperties: true, description: '办理内容，按该事项的 input 结构' });
export const PartyParams = Type.Object({ id: Id('当事人') }, strict);
export type PartyParams = Static<typeof PartyParams>;
export const RevealParams = Type.Object({ id: Id('案件'), partyId: Id('当事人') }, strict);
export type RevealParams = Static<typeof RevealParams>;

export const TimeLimitView = Type.Object(
  {
    kind: Type.String(),
    label: Type.String(),
    article: Type.String(),
    unit: Type.String({ description: 'working_days 工作日 / natural_days 自然日' }),
    unitLabel: Type.String(),
    days: Type.Integer(),
    startsOn: Type.String(),
    dueOn: Type.String(),
    status: Type.String(),
    urgency: Type.String({
      description: 'overdue 已超期，due_today 今日到期，due_soon 即将到期，running 计时中，paused 已中止计时，met 已完成',
    }),
    urgencyLabel: Type.String(),
    daysLeft: Type.Integer({ description: '距到期的自然日数（负数为已超期天数）' }),
    extendedDays: Type.Integer(),
    pausedDays: Type.Integer(),
  },
  strict,
);

export const PartyView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    kindLabel: Type.String(),
    name: Type.String(),
    idNumberMasked: Type.Union([Type.String(), Type.Null()], {
      description: '公民身份号码（打码）；本案执法人员可另行查看全文，每次查看记入全过程记录',
    }),
    uscc: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    legalRepresentative: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);

export const TimelineEntry = Type.Object(
  {
    seq: Type.Integer(),
    action: Type.String(),
    label: Type.String(),
    fromState: Type.Union([Type.String(), Type.Null()]),
    fromLabel: Type.Union([Type.String(), Type.Null()]),
    toState: Type.String(),
    toLabel: Type.String(),
    on: Type.String(),
    at: Type.String(),
    by: Type.String(),
    input: Type.Unknown({ description: '办理时填写的内容（公民身份号码打码）' }),
    journalSeq: Type.Integer({ description: '全过程记录的序号' }),
    proofUrl: Type.String({ description: '该记录的公开包含性证明' }),
    proofReady: Type.Boolean({ description: '已有签名检查点覆盖该记录（否则包含性证明要等下一个检查点，通常一分钟内）' }),
  },
  strict,
);

export const CaseView = Type.Object(
  {
    id: Type.String(),
    number: Type.Union([Type.String(), Type.Null()], { description: '案件编号（立案后）' }),
    title: Type.String(),
    procedure: Type.Object({ code: Type.String(), version: Type.Integer(), label: Type.String() }, strict),
    state: Type.String(),
    stateLabel: Type.String(),
    final: Type.Boolean(),
    agency: Type.Object({ id: Type.String(), name: Type.String() }, strict),
    domain: Type.Union([Type.String(), Type.Null()]),
    itemCode: Type.Union([Type.String(), Type.Null()]),
    item: Type.Union([Type.Object({ code: Type.String(), name: Type.String(), legalBases: Type.Array(Type.String()) }), Type.Null()]),
    openedOn: Type.String(),
    filedOn: Type.Union([Type.String(), Type.Null()]),
    closedOn: Type.Union([Type.String(), Type.Null()]),
    parentCaseId: Type.Union([Type.String(), Type.Null()]),
    childCaseIds: Type.Array(Type.String()),
    parties: Type.Array(PartyView),
    officers: Type.Array(
      Type.Object(
        { officerId: Type.String(), name: Type.String(), eligible: Type.Boolean(), reason: Type.Union([Type.String(), Type.Null()]) },
        strict,
      ),
    ),
    officerNames: Type.Record(Type.String(), Type.String(), {
      description: '本案先后承办的全部执法人员（编号 → 姓名），供时间线显示已调离本案的人员',
    }),
    timeLimits: Type.Array(TimeLimitView),
    timeline: Type.Array(TimelineEntry),
    actions: Type.Array(ActionSummary, { description: '当前调用者此刻可办理的事项' }),
    review: Type.Union(
      [
        Type.Object(
          {
            needsReview: Type.Boolean(),
            matches: Type.Array(Type.Object({ ruleCode: Type.String(), ruleName: Type.String(), reason: Type.String() })),
          },
          strict,
        ),
        Type.Null(),
      ],
      { description: '决定环节：按法制审核目录，拟作出的决定是否须经法制审核（R-L02）' },
    ),
    canRevealIdNumbers: Type.Boolean({ description: '调用者是否为本案执法人员（可查看当事人身份证号码全文）' }),
    version: Type.Integer(),
  },
  strict,
);
export type CaseView = Static<typeof CaseView>;

export const ActionResultView = Type.Object(
  {
    case: CaseView,
    journalSeq: Type.Integer({ description: '本次办理的全过程记录序号' }),
    openedCaseId: Type.Union([Type.String(), Type.Null()], { description: '本次办理新开的案件（如检查发现违法转立案）' }),
  },
  strict,
);

export const CaseSummary = Type.Object(
  {
    id: Type.String(),
    number: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    procedure: Type.String(),
    procedureLabel: Type.String(),
    state: Type.String(),
    stateLabel: Type.String(),
    agencyId: Type.String(),
    agencyName: Type.String(),
    partyNames: Type.String(),
    officerNames: Type.String(),
    openedOn: Type.String(),
    filedOn: Type.Union([Type.String(), Type.Null()]),
    closedOn: Type.Union([Type.String(), Type.Null()]),
    nextDueOn: Type.Union([Type.String(), Type.Null()]),
    urgency: Type.Union([Type.String(), Type.Null()]),
    urgencyLabel: Type.Union([Type.String(), Type.Null()]),
    daysLeft: Type.Union([Type.Integer(), Type.Null()]),
  },
  strict,
);
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseQuery = Type.Object(
  {
    agencyId: Type.Optional(Id('执法主体（司法局可按单位筛选）')),
    procedure: Type.Optional(ProcedureCodeSchema),
    state: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z_]+$', description: '状态' })),
    officerId: Type.Optional(Id('承办的执法人员')),
    party: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '当事人名称（包含）' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '案件编号或案由（包含）' })),
    from: Type.Optional(legalDate('登记日期起')),
    to: Type.Optional(legalDate('登记日期止')),
    overdue: Type.Optional(Type.Boolean({ description: '只看有已超期时限的案件' })),
    open: Type.Optional(Type.Boolean({ description: 'true 只看未结案件，false 只看已结案件' })),
    mine: Type.Optional(Type.Boolean({ description: '只看本人承办的案件' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: '分页游标' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: '每页条数，默认 50' })),
  },
  strict,
);
export type CaseQuery = Static<typeof CaseQuery>;
export const CaseExportQuery = Type.Omit(CaseQuery, ['cursor', 'limit']);
export type CaseExportQuery = Static<typeof CaseExportQuery>;

export const CaseList = Type.Object(
  { items: Type.Array(CaseSummary), nextCursor: Type.Union([Type.String(), Type.Null()]), today: Type.String() },
  strict,
);

export const TodoItem = Type.Object(
  {
    case: CaseSummary,
    why: Type.String({ description: '为何在待办中：本人承办 / 待本人审批' }),
    limit: Type.Union([TimeLimitView, Type.Null()], { description: '最紧迫的时限' }),
  },
  strict,
);
export const TodoList = Type.Object({ items: Type.Array(TodoItem), today: Type.String(), overdue: Type.Integer() }, strict);

export const PartyDetail = Type.Object(
  {
    party: PartyView,
    cases: Type.Array(Type.Object({ case: CaseSummary, addedAt: Type.String() }, strict), {
      description: '该当事人在本机关的全部案件，按时间顺序',
    }),
    evidence: Type.Array(EvidenceView, { description: '该当事人各案件的证据和音像记录，按采集时间顺序（R-C06）' }),
  },
  strict,
);
export const PartySearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100, description: '姓名或名称（包含）' }) },
  strict,
);
export type PartySearchQuery = Static<typeof PartySearchQuery>;
export const PartySearch = Type.Object({ items: Type.Array(Type.Object({ party: PartyView, caseCount: Type.Integer() }, strict)) }, strict);
export const RevealedIdNumber = Type.Object(
  { partyId: Type.String(), idNumber: Type.String(), journalSeq: Type.Integer({ description: '本次查看的全过程记录序号' }) },
  strict,
);

export const ProcedureParams = Type.Object({ code: ProcedureCodeSchema }, strict);
export type ProcedureParams = Static<typeof ProcedureParams>;
export const ProcedureVersionBody = Type.Object(
  {
    definition: Type.Object(
      {},
      { additionalProperties: true, description: '程序定义（与 GET /procedures 返回的结构相同：states、actions、open 等）' },
    ),
    effectiveFrom: legalDate('生效日期：此后登记的案件使用新版本'),
    reason: Type.String({ minLength: 2, maxLength: 500, description: '增加版本的理由（记入全过程记录）' }),
  },
  strict,
);
export type ProcedureVersionBody = Static<typeof ProcedureVersionBody>;
