import { defineSheet } from '../../platform/spreadsheet';
import { agencyKindLabels, certificateStatusLabels, enforcerCertificateProblem, idNumberProblem } from './rules';
import type { AgencyView } from './schema';
import type { AgencyKind, CertificateStatus, OfficerTable, TrainingKind } from './tables';

/**
 * The .xlsx forms of the officer list and of training records (issue 3 §5), with the Chinese
 * headers agencies use. One spec serves the template, the import and the export.
 */

export const personKinds = [
  { id: 'enforcer', label: '执法人员' },
  { id: 'reviewer', label: '法制审核人员' },
  { id: 'legal_adviser', label: '公职律师/法律顾问' },
  { id: 'auxiliary', label: '执法辅助人员' },
] as const;

const yesNo = [
  { id: 'yes', label: '是' },
  { id: 'no', label: '否' },
];

const checkIdNumber = (v: unknown) => (typeof v === 'string' ? idNumberProblem(v.toUpperCase()) : null);

export interface OfficerSheetRow {
  name: string;
  idNumber: string;
  post: string | null;
  kinds: string[];
  domains: string[];
  certificateNumber: string | null;
  issuingBody: string | null;
  validFrom: string | null;
  validUntil: string | null;
  status: CertificateStatus | null;
  legalQualification: 'yes' | 'no' | null;
}

export const officerSheet = defineSheet<OfficerSheetRow>({
  columns: [
    { header: '姓名', key: 'name', type: 'text', required: true, maxLength: 50, width: 10 },
    {
      header: '公民身份号码',
      key: 'idNumber',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 18,
      validate: checkIdNumber,
      note: '18 位，校验末位（GB 11643）；单元格请设为文本格式。本机关已有该号码的在岗人员时，按本行内容形成新版本',
      width: 22,
    },
    { header: '职务', key: 'post', type: 'text', maxLength: 100, width: 14 },
    {
      header: '人员类别',
      key: 'kinds',
      type: 'list',
      required: true,
      options: personKinds,
      note: '执法人员、法制审核人员、公职律师/法律顾问、执法辅助人员，可填多项，用“、”分隔；辅助人员不能同时是执法人员',
      validate: (v, row) => {
        const kinds = (v as string[]) ?? [];
        if (kinds.includes('auxiliary') && kinds.includes('enforcer')) return '执法辅助人员不能作为执法人员';
        if (kinds.includes('enforcer') && !row.certificateNumber) return '执法人员须填写执法证件号（持证上岗）';
        const certificate = enforcerCertificateProblem({ isEnforcer: kinds.includes('enforcer'), ...row });
        if (certificate) return '执法人员须填写执法证件的有效期（“证件有效期起”“证件有效期至”两列）';
        return null;
      },
      width: 18,
    },
    { header: '执法领域', key: 'domains', type: 'list', maxLength: 50, note: '多项用“、”分隔', width: 20 },
    { header: '执法证件号', key: 'certificateNumber', type: 'text', unique: true, maxLength: 40, width: 18 },
    { header: '发证机关', key: 'issuingBody', type: 'text', maxLength: 100, width: 16 },
    { header: '证件有效期起', key: 'validFrom', type: 'date', width: 14 },
    {
      header: '证件有效期至',
      key: 'validUntil',
      type: 'date',
      validate: (v, row) => (typeof v === 'string' && row.validFrom && v < row.validFrom ? '有效期截止日早于起始日' : null),
      width: 14,
    },
    {
      header: '证件状态',
      key: 'status',
      type: 'enum',
      options: (Object.keys(certificateStatusLabels) as CertificateStatus[]).map((id) => ({ id, label: certificateStatusLabels[id] })),
      note: '新增人员默认绿码；已有人员状态不同时记入状态变更历史',
      width: 16,
    },
    { header: '法律职业资格', key: 'legalQualification', type: 'enum', options: yesNo, width: 12 },
  ],
  ignoreHeaders: ['序号', '备注', '所在单位', '执法主体'],
});

/** The working fields of an officer as a sheet row (export; the ID number in full, for editors only). */
export function officerToRow(r: OfficerTable & { domains: string[] }): OfficerSheetRow {
  const kinds: string[] = [];
  if (r.is_enforcer) kinds.push('enforcer');
  if (r.is_reviewer) kinds.push('reviewer');
  if (r.is_legal_adviser) kinds.push('legal_adviser');
  if (r.is_auxiliary) kinds.push('auxiliary');
  return {
    name: r.name,
    idNumber: r.id_number,
    post: r.post,
    kinds,
    domains: r.domains,
    certificateNumber: r.certificate_number,
    issuingBody: r.issuing_body,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    status: r.status,
    legalQualification: r.has_legal_qualification ? 'yes' : 'no',
  };
}

export const trainingKinds: { id: TrainingKind; label: string }[] = [
  { id: 'professional', label: '业务知识培训' },
  { id: 'legal', label: '法律知识培训' },
];

export interface TrainingSheetRow {
  name: string;
  idNumber: string;
  date: string;
  hours: number;
  kind: TrainingKind;
  topic: string;
}

export const trainingSheet = defineSheet<TrainingSheetRow>({
  columns: [
    { header: '姓名', key: 'name', type: 'text', required: true, maxLength: 50, width: 10 },
    {
      header: '公民身份号码',
      key: 'idNumber',
      type: 'text',
      required: true,
      maxLength: 18,
      validate: checkIdNumber,
      note: '本机关在岗人员的公民身份号码；单元格请设为文本格式',
      width: 22,
    },
    { header: '培训日期', key: 'date', type: 'date', required: true, width: 12 },
    { header: '学时', key: 'hours', type: 'decimal', required: true, min: 0.5, max: 200, scale: 1, width: 8 },
    { header: '培训类别', key: 'kind', type: 'enum', required: true, options: trainingKinds, width: 14 },
    { header: '培训内容', key: 'topic', type: 'text', required: true, maxLength: 200, width: 30 },
  ],
  ignoreHeaders: ['序号', '备注', '所在单位'],
});

// ---------------------------------------------------------------------------------------------
// The agency directory (R-D01), export only (issue 3 §5: every list exports)

export interface AgencySheetRow {
  name: string;
  kind: AgencyKind;
  jurisdictionCode: string;
  parent: string | null;
  entrustingAgency: string | null;
  legalBasis: string | null;
  uscc: string | null;
  address: string | null;
  phone: string | null;
  domains: string[];
  legalOffice: string | null;
  supervising: 'yes' | 'no';
  abolished: 'yes' | 'no';
  state: 'confirmed' | 'pending';
  version: number;
}

export const agencySheet = defineSheet<AgencySheetRow>({
  columns: [
    { header: '执法主体名称', key: 'name', type: 'text', required: true, unique: true, maxLength: 100, width: 30 },
    {
      header: '主体类别',
      key: 'kind',
      type: 'enum',
      required: true,
      options: (Object.keys(agencyKindLabels) as AgencyKind[]).map((id) => ({ id, label: agencyKindLabels[id] })),
      width: 18,
    },
    { header: '行政区划代码', key: 'jurisdictionCode', type: 'text', required: true, maxLength: 6, width: 12 },
    { header: '上级机关', key: 'parent', type: 'text', maxLength: 100, width: 24 },
    { header: '委托机关', key: 'entrustingAgency', type: 'text', maxLength: 100, note: '受委托组织填写', width: 24 },
    { header: '职权依据', key: 'legalBasis', type: 'text', maxLength: 2000, width: 40 },
    { header: '统一社会信用代码', key: 'uscc', type: 'text', maxLength: 18, width: 22 },
    { header: '办公地址', key: 'address', type: 'text', maxLength: 200, width: 30 },
    { header: '联系电话', key: 'phone', type: 'text', maxLength: 30, width: 16 },
    { header: '执法领域', key: 'domains', type: 'list', maxLength: 50, note: '多项用“、”分隔', width: 24 },
    { header: '法制机构', key: 'legalOffice', type: 'text', maxLength: 100, width: 18 },
    { header: '执法监督机关', key: 'supervising', type: 'enum', required: true, options: yesNo, note: '司法行政部门为“是”', width: 12 },
    { header: '已撤销', key: 'abolished', type: 'enum', required: true, options: yesNo, width: 8 },
    {
      header: '确认状态',
      key: 'state',
      type: 'enum',
      required: true,
      options: [
        { id: 'confirmed', label: '已确认公示' },
        { id: 'pending', label: '待司法局确认' },
      ],
      width: 14,
    },
    { header: '版本', key: 'version', type: 'integer', required: true, min: 1, width: 8 },
  ],
  ignoreHeaders: ['序号', '备注'],
});

/** One agency as a row; parent and entrusting agency by name (`names`: id → name of the listed agencies). */
export function agencyToRow(a: AgencyView, names: ReadonlyMap<string, string>): AgencySheetRow {
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  return {
    name: a.name,
    kind: a.kind,
    jurisdictionCode: a.jurisdictionCode,
    parent: nameOf(a.parentId),
    entrustingAgency: nameOf(a.entrustingAgencyId),
    legalBasis: a.legalBasis,
    uscc: a.uscc,
    address: a.address,
    phone: a.phone,
    domains: a.domains,
    legalOffice: a.legalOffice,
    supervising: a.isSupervising ? 'yes' : 'no',
    abolished: a.abolished ? 'yes' : 'no',
    state: a.state,
    version: a.version,
  };
}
