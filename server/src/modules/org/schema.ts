import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Id } from '../../platform/http/schemas';
import { revisionSchemas } from '../../platform/revisions';

const strict = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const legalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: '日期 YYYY-MM-DD（北京时间）' });
const reason = Type.String({ minLength: 2, maxLength: 500, description: '变更理由（保存在版本历史中）' });
const domains = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30, description: '执法领域' });

export const JurisdictionView = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county'), Type.Literal('township')]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type JurisdictionView = Static<typeof JurisdictionView>;

export const AgencyKindSchema = Type.Union([
  Type.Literal('administrative_organ'),
  Type.Literal('authorized_org'),
  Type.Literal('entrusted_org'),
]);

/** The recorded fields of an agency: one version's snapshot. */
export const AgencyFields = Type.Object(
  {
    name: Type.String(),
    kind: AgencyKindSchema,
    isSupervising: Type.Boolean(),
    jurisdictionCode: Type.String(),
    parentId: nullable(Type.String()),
    legalBasis: nullable(Type.String()),
    uscc: nullable(Type.String()),
    address: nullable(Type.String()),
    phone: nullable(Type.String()),
    domains: Type.Array(Type.String()),
    legalOffice: nullable(Type.String()),
    entrustingAgencyId: nullable(Type.String()),
    abolished: Type.Boolean(),
  },
  strict,
);
export type AgencyFields = Static<typeof AgencyFields>;

export const AgencyView = Type.Object(
  {
    id: Type.String(),
    ...AgencyFields.properties,
    kindLabel: Type.String(),
    version: Type.Integer(),
    confirmedVersion: nullable(Type.Integer()),
    state: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')], { description: 'pending：有待司法局确认的变更' }),
    pendingSince: nullable(Type.String({ format: 'date-time' })),
    confirmedAt: nullable(Type.String({ format: 'date-time' })),
  },
  strict,
);
export type AgencyView = Static<typeof AgencyView>;

export const JurisdictionList = Type.Object({ items: Type.Array(JurisdictionView) }, strict);
export const AgencyList = Type.Object({ items: Type.Array(AgencyView) }, strict);

export const CreateJurisdictionBody = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 行政区划代码（6 位数字）' }),
    name: Type.String({ minLength: 1, maxLength: 64 }),
    level: JurisdictionView.properties.level,
    parentCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{6}$' }), Type.Null()])),
  },
  strict,
);
export type CreateJurisdictionBody = Static<typeof CreateJurisdictionBody>;

const agencyEditable = {
  legalBasis: Type.Optional(nullable(Type.String({ maxLength: 2000, description: '职权依据' }))),
  uscc: Type.Optional(nullable(Type.String({ maxLength: 18, description: '统一社会信用代码（GB 32100，校验第 18 位）' }))),
  address: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
  phone: Type.Optional(nullable(Type.String({ pattern: '^[0-9+() -]{5,30}$', description: '机关对外联系电话' }))),
  domains: Type.Optional(domains),
  legalOffice: Type.Optional(nullable(Type.String({ maxLength: 100, description: '法制机构名称' }))),
  parentId: Type.Optional(nullable(Id())),
  entrustingAgencyId: Type.Optional(nullable(Id('委托机关（受委托组织必填）'))),
};

export const CreateAgencyBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100, description: '执法主体名称' }),
    kind: AgencyKindSchema,
    isSupervising: Type.Optional(Type.Boolean({ description: '是否为司法行政部门（执法监督机关）' })),
    jurisdictionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    ...agencyEditable,
  },
  strict,
);
export type CreateAgencyBody = Static<typeof CreateAgencyBody>;

export const UpdateAgencyBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
    kind: Type.Optional(AgencyKindSchema),
    ...agencyEditable,
    abolished: Type.Optional(Type.Boolean({ description: '撤销（确认后从公开名录中移除）' })),
    reason,
  },
  strict,
);
export type UpdateAgencyBody = Static<typeof UpdateAgencyBody>;

export const IdParams = Type.Object({ id: Id() }, strict);
export type IdParams = Static<typeof IdParams>;

export const VersionView = Type.Object(
  {
    version: Type.Integer(),
    reason: Type.String(),
    changedBy: Type.String(),
    changedAt: Type.String({ format: 'date-time' }),
    confirmed: Type.Boolean(),
  },
  strict,
);
export const AgencyVersionList = Type.Object(
  { items: Type.Array(Type.Object({ ...VersionView.properties, snapshot: AgencyFields }, strict)) },
  strict,
);

export const PublishReply = Type.Object(
  {
    listKey: Type.String(),
    version: Type.Integer(),
    added: Type.Integer(),
    changed: Type.Integer(),
    removed: Type.Integer(),
    publishedAt: Type.String({ format: 'date-time' }),
  },
  strict,
);
export type PublishReply = Static<typeof PublishReply>;

// ---------------------------------------------------------------------------------------------
// Officers

export const CertificateStatusSchema = Type.Union([
  Type.Literal('green'),
  Type.Literal('yellow'),
  Type.Literal('red'),
  Type.Literal('revoked'),
]);

export const OfficerView = Type.Object(
  {
    id: Type.String(),
    agencyId: Type.String(),
    agencyName: Type.String(),
    userId: nullable(Type.String()),
    name: Type.String(),
    post: nullable(Type.String()),
    domains: Type.Array(Type.String()),
    idNumber: Type.String({ description: '本机关编辑人员和司法局可见全文，其他人只见脱敏号码' }),
    idNumberMasked: Type.Boolean(),
    certificateNumber: nullable(Type.String()),
    issuingBody: nullable(Type.String()),
    validFrom: nullable(Type.String()),
    validUntil: nullable(Type.String()),
    status: CertificateStatusSchema,
    statusLabel: Type.String(),
    statusReason: nullable(Type.String()),
    hasLegalQualification: Type.Boolean(),
    isEnforcer: Type.Boolean(),
    isReviewer: Type.Boolean(),
    isLegalAdviser: Type.Boolean(),
    isAuxiliary: Type.Boolean(),
    active: Type.Boolean(),
    version: Type.Integer(),
    pendingSince: nullable(Type.String({ format: 'date-time' })),
    canEnforceToday: Type.Boolean(),
    notEnforcerReason: nullable(Type.String()),
  },
  strict,
);
export type OfficerView = Static<typeof OfficerView>;

export const StatusChangeView = Type.Object(
  {
    fromStatus: nullable(CertificateStatusSchema),
    toStatus: CertificateStatusSchema,
    reason: Type.String(),
    changedBy: Type.String(),
    changedAt: Type.String({ format: 'date-time' }),
  },
  strict,
);
export const AnnualReviewResultSchema = Type.Union([Type.Literal('pass'), Type.Literal('basic_pass'), Type.Literal('fail')]);
export const AnnualReviewView = Type.Object(
  {
    year: Type.Integer(),
    result: AnnualReviewResultSchema,
    note: nullable(Type.String()),
    recordedBy: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
  },
  strict,
);
export const OfficerDetail = Type.Object(
  {
    officer: OfficerView,
    statusHistory: Type.Array(StatusChangeView),
    annualReviews: Type.Array(AnnualReviewView),
    versions: Type.Array(VersionView),
  },
  strict,
);

export const OfficerListQuery = Type.Object(
  {
    agencyId: Type.Optional(Id()),
    status: Type.Optional(CertificateStatusSchema),
    q: Type.Optional(Type.String({ maxLength: 50, description: '姓名或证件号' })),
    pending: Type.Optional(Type.Boolean({ description: '只看待确认的变更' })),
    includeInactive: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  strict,
);
export type OfficerListQuery = Static<typeof OfficerListQuery>;
export const OfficerList = Type.Object({ items: Type.Array(OfficerView), nextCursor: nullable(Type.String()) }, strict);

const officerEditable = {
  userId: Type.Optional(nullable(Id('关联的用户账户'))),
  post: Type.Optional(nullable(Type.String({ maxLength: 100, description: '职务/岗位' }))),
  domains: Type.Optional(domains),
  certificateNumber: Type.Optional(nullable(Type.String({ minLength: 4, maxLength: 40, description: '执法证件号' }))),
  issuingBody: Type.Optional(nullable(Type.String({ maxLength: 100, description: '发证机关' }))),
  validFrom: Type.Optional(nullable(legalDate)),
  validUntil: Type.Optional(nullable(legalDate)),
  hasLegalQualification: Type.Optional(Type.Boolean({ description: '具有法律职业资格' })),
  isEnforcer: Type.Optional(Type.Boolean()),
  isReviewer: Type.Optional(Type.Boolean()),
  isLegalAdviser: Type.Optional(Type.Boolean()),
  isAuxiliary: Type.Optional(Type.Boolean()),
};

export const CreateOfficerBody = Type.Object(
  {
    agencyId: Id(),
    name: Type.String({ minLength: 2, maxLength: 50 }),
    idNumber: Type.String({ minLength: 1, maxLength: 18, description: '公民身份号码（GB 11643，校验末位）' }),
    ...officerEditable,
    status: Type.Optional(CertificateStatusSchema),
    reason: Type.Optional(reason),
  },
  strict,
);
export type CreateOfficerBody = Static<typeof CreateOfficerBody>;

export const UpdateOfficerBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 50 })),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
    ...officerEditable,
    active: Type.Optional(Type.Boolean({ description: 'false：调离或离职（确认后从公开清单移除）' })),
    reason,
  },
  strict,
);
export type UpdateOfficerBody = Static<typeof UpdateOfficerBody>;

export const TransferOfficerBody = Type.Object({ toAgencyId: Id('调入的执法主体'), reason }, strict);
export type TransferOfficerBody = Static<typeof TransferOfficerBody>;
export const TransferOfficerReply = Type.Object({ left: OfficerView, arrived: OfficerView }, strict);

export const StatusChangeBody = Type.Object({ status: CertificateStatusSchema, reason }, strict);
export type StatusChangeBody = Static<typeof StatusChangeBody>;

export const AnnualReviewBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    result: AnnualReviewResultSchema,
    note: Type.Optional(nullable(Type.String({ maxLength: 500 }))),
  },
  strict,
);
export type AnnualReviewBody = Static<typeof AnnualReviewBody>;

// ---------------------------------------------------------------------------------------------
// Training

export const TrainingKindSchema = Type.Union([Type.Literal('professional'), Type.Literal('legal')]);
export const TrainingBody = Type.Object(
  {
    date: legalDate,
    hours: Type.Number({ minimum: 0.5, maximum: 200, multipleOf: 0.5, description: '学时' }),
    kind: TrainingKindSchema,
    topic: Type.String({ minLength: 2, maxLength: 200 }),
  },
  strict,
);
export type TrainingBody = Static<typeof TrainingBody>;
export const TrainingView = Type.Object(
  {
    id: Type.String(),
    officerId: Type.String(),
    date: Type.String(),
    hours: Type.Number(),
    kind: TrainingKindSchema,
    topic: Type.String(),
    recordedBy: Type.String(),
    recordedAt: Type.String({ format: 'date-time' }),
  },
  strict,
);
export type TrainingView = Static<typeof TrainingView>;
export const TrainingTotals = Type.Object(
  { year: Type.Integer(), professionalHours: Type.Number(), legalHours: Type.Number(), meets: Type.Boolean() },
  strict,
);
export const TrainingList = Type.Object({ items: Type.Array(TrainingView), totals: Type.Array(TrainingTotals) }, strict);

// ---------------------------------------------------------------------------------------------
// Justice bureau views

export const ExportQuery = Type.Object(
  {
    agencyId: Type.Optional(Id('司法局可导出辖区内任一机关；默认本单位')),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  },
  strict,
);
export type ExportQuery = Static<typeof ExportQuery>;

export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, strict);
export type YearQuery = Static<typeof YearQuery>;

/** The thresholds the server applies: jurisdiction settings in force today (platform/settings; the registry defaults where none is set). */
export const OrgThresholds = Type.Object(
  {
    reviewerShare: Type.Number({ description: '法制审核人员占执法人员的最低比例（R-L06，0.05 即 5%）' }),
    professionalHours: Type.Number({ description: '每人每年业务知识培训最低学时（R-P03）' }),
    legalHours: Type.Number({ description: '每人每年法律知识培训最低学时（R-P03）' }),
    expiryWarningDays: Type.Integer({ description: '执法证件在此自然日数内到期即提示' }),
    publishWithinWorkingDays: Type.Integer({
      description: '变更应在此工作日数内公示（R-D08；自变更次日起按工作日历计算，期满次日起即逾期）',
    }),
  },
  strict,
);
export type OrgThresholds = Static<typeof OrgThresholds>;

export const RatiosReply = Type.Object(
  {
    year: Type.Integer(),
    today: Type.String(),
    thresholds: OrgThresholds,
    agencies: Type.Array(
      Type.Object(
        {
          agencyId: Type.String(),
          agencyName: Type.String(),
          enforcers: Type.Integer(),
          reviewers: Type.Integer(),
          reviewerRatio: nullable(Type.Number()),
          reviewersRequired: Type.Integer(),
          meetsReviewerRatio: Type.Boolean(),
          officers: Type.Integer({ description: '应参加培训的在岗人员（不含辅助人员）' }),
          trainingMet: Type.Integer(),
          trainingShare: nullable(Type.Number()),
          expiringSoon: Type.Integer(),
        },
        strict,
      ),
    ),
    training: Type.Array(
      Type.Object(
        {
          officerId: Type.String(),
          name: Type.String(),
          agencyId: Type.String(),
          professionalHours: Type.Number(),
          legalHours: Type.Number(),
          meets: Type.Boolean(),
        },
        strict,
      ),
    ),
    expiring: Type.Array(
      Type.Object(
        {
          officerId: Type.String(),
          name: Type.String(),
          agencyId: Type.String(),
          agencyName: Type.String(),
          certificateNumber: nullable(Type.String()),
          validUntil: Type.String(),
          daysLeft: Type.Integer(),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type RatiosReply = Static<typeof RatiosReply>;

export const AlertsReply = Type.Object(
  {
    today: Type.String(),
    limitWorkingDays: Type.Integer(),
    items: Type.Array(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('agency'), Type.Literal('officers')]),
          agencyId: Type.String(),
          agencyName: Type.String(),
          pendingSince: Type.String({ format: 'date-time' }),
          deadline: Type.String({ format: 'date', description: '应公开的最后一日（变更后第 5 个工作日，R-D08）' }),
          workingDaysPending: Type.Integer({ description: '自变更次日至今日的工作日数' }),
          workingDaysOverdue: Type.Integer({ description: '期满后至今日的工作日数（期满次日为休息日时可为 0）' }),
          pendingCount: Type.Integer(),
          message: Type.String(),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type AlertsReply = Static<typeof AlertsReply>;

// ---------------------------------------------------------------------------------------------
// Service windows and their post information boards (岗位信息公示牌, R-D18)

const boardText = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const itemCode = Type.String({ minLength: 1, maxLength: 50, description: '执法事项编码（本机关已公示的事项）' });

export const WindowStaffInput = Type.Object(
  {
    officerId: Id('本机关在岗人员的记录标识'),
    duties: boardText(500, '岗位职责'),
  },
  strict,
);
export const WindowMaterialInput = Type.Object(
  {
    title: boardText(100, '示范文本名称，例如：听证申请书（示范文本）'),
    text: boardText(4000, '示范文本内容或填写说明'),
    itemCodes: Type.Array(itemCode, { maxItems: 50, description: '适用的事项编码' }),
  },
  strict,
);

const windowEditable = {
  number: Type.String({ minLength: 1, maxLength: 10, description: '窗口编号，例如 A03' }),
  name: Type.String({ minLength: 2, maxLength: 50, description: '窗口名称，例如 登记注册窗口' }),
  hall: boardText(100, '服务大厅或办公地点'),
  floor: nullable(Type.String({ maxLength: 20, description: '楼层' })),
  openingHours: boardText(200, '办公时间'),
  phone: nullable(Type.String({ pattern: '^[0-9+() -]{3,30}$', description: '窗口办公电话或机关服务热线（不得填写个人手机）' })),
  staff: Type.Array(WindowStaffInput, { minItems: 1, maxItems: 20, description: '在岗工作人员' }),
  itemCodes: Type.Array(itemCode, { maxItems: 200, description: '本窗口办理的执法事项' }),
  materials: Type.Array(WindowMaterialInput, { maxItems: 50, description: '申请材料示范文本' }),
  progressEnquiry: boardText(500, '办理进度查询方式'),
  consultation: boardText(500, '咨询服务方式'),
  complaint: boardText(500, '投诉举报渠道，例如 12345 政务服务便民热线'),
};

export const CreateServiceWindowBody = Type.Object(
  {
    number: windowEditable.number,
    name: windowEditable.name,
    hall: windowEditable.hall,
    floor: Type.Optional(windowEditable.floor),
    openingHours: windowEditable.openingHours,
    phone: Type.Optional(windowEditable.phone),
    staff: windowEditable.staff,
    itemCodes: Type.Optional(windowEditable.itemCodes),
    materials: Type.Optional(windowEditable.materials),
    progressEnquiry: windowEditable.progressEnquiry,
    consultation: windowEditable.consultation,
    complaint: windowEditable.complaint,
    reason: Type.Optional(reason),
  },
  strict,
);
export type CreateServiceWindowBody = Static<typeof CreateServiceWindowBody>;

export const UpdateServiceWindowBody = Type.Object(
  {
    number: Type.Optional(windowEditable.number),
    name: Type.Optional(windowEditable.name),
    hall: Type.Optional(windowEditable.hall),
    floor: Type.Optional(windowEditable.floor),
    openingHours: Type.Optional(windowEditable.openingHours),
    phone: Type.Optional(windowEditable.phone),
    staff: Type.Optional(windowEditable.staff),
    itemCodes: Type.Optional(windowEditable.itemCodes),
    materials: Type.Optional(windowEditable.materials),
    progressEnquiry: Type.Optional(windowEditable.progressEnquiry),
    consultation: Type.Optional(windowEditable.consultation),
    complaint: Type.Optional(windowEditable.complaint),
    reason,
  },
  strict,
);
export type UpdateServiceWindowBody = Static<typeof UpdateServiceWindowBody>;

export const RetireServiceWindowBody = Type.Object({ reason }, strict);
export type RetireServiceWindowBody = Static<typeof RetireServiceWindowBody>;

export const ServiceWindowParams = Type.Object({ agencyId: Id() }, strict);
export type ServiceWindowParams = Static<typeof ServiceWindowParams>;
export const ServiceWindowIdParams = Type.Object({ agencyId: Id(), id: Id() }, strict);
export type ServiceWindowIdParams = Static<typeof ServiceWindowIdParams>;
export const ServiceWindowListQuery = Type.Object(
  { includeRetired: Type.Optional(Type.Boolean({ description: '包括已撤销的窗口' })) },
  strict,
);
export type ServiceWindowListQuery = Static<typeof ServiceWindowListQuery>;

export const ServiceWindowView = Type.Object(
  {
    id: Type.String(),
    agencyId: Type.String(),
    agencyName: Type.String(),
    number: Type.String(),
    name: Type.String(),
    hall: Type.String(),
    floor: nullable(Type.String()),
    openingHours: Type.String(),
    phone: nullable(Type.String()),
    staff: Type.Array(
      Type.Object(
        {
          officerId: Type.String(),
          name: Type.String(),
          post: nullable(Type.String()),
          domains: Type.Array(Type.String()),
          isAuxiliary: Type.Boolean(),
          active: Type.Boolean({ description: 'false：人员已调离，公示牌上不再显示，请更新' }),
          duties: Type.String(),
        },
        strict,
      ),
    ),
    itemCodes: Type.Array(Type.String()),
    items: Type.Array(
      Type.Object({ code: Type.String(), name: nullable(Type.String({ description: 'null：该事项已不在公示的事项清单中' })) }, strict),
    ),
    materials: Type.Array(WindowMaterialInput),
    progressEnquiry: Type.String(),
    consultation: Type.String(),
    complaint: Type.String(),
    retired: Type.Boolean(),
    retiredReason: nullable(Type.String()),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    boardUrl: Type.String({ description: '门户上的公示牌页面（可打印）' }),
  },
  strict,
);
export type ServiceWindowView = Static<typeof ServiceWindowView>;
export const ServiceWindowList = Type.Object({ items: Type.Array(ServiceWindowView) }, strict);

export const ServiceWindowVersionView = Type.Object(
  {
    version: Type.Integer(),
    reason: Type.String(),
    changedBy: Type.String(),
    changedAt: Type.String({ format: 'date-time' }),
    publishedListVersion: nullable(Type.Integer({ description: '发布于公示清单的第几版' })),
  },
  strict,
);
export const ServiceWindowDetail = Type.Object({ window: ServiceWindowView, versions: Type.Array(ServiceWindowVersionView) }, strict);

/** An agency submits its pending changes: the internal note for the bureau and the public change note (issue 6 §5). */
export const SubmitBody = revisionSchemas.SubmitBody;
export type SubmitBody = revisionSchemas.SubmitBody;

export const SubjectStatus = Type.Object(
  { openSubmission: Type.Union([revisionSchemas.RevisionView, Type.Null()]), openReturn: revisionSchemas.OpenReturnView },
  { additionalProperties: false },
);
