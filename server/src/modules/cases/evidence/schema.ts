/** Request and response shapes of evidence, AV records and devices (issue 9 §3, §4). */
import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../../../platform/http/schemas';
import { deviceKinds, evidenceKinds } from './rules';

const strict = { additionalProperties: false } as const;
const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const legalDate = (description: string) => Type.String({ format: 'date', description });
const text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });

export const EvidenceKind = Type.Union(
  evidenceKinds.map((k) => Type.Literal(k)),
  { description: '证据种类（行政诉讼法第三十三条）' },
);
export const EvidenceCategory = Type.Union([Type.Literal('evidence'), Type.Literal('av_record')], {
  description: 'evidence 证据，av_record 音像记录（执法全过程记录）',
});

// ---- devices -------------------------------------------------------------------------------

export const DeviceKind = Type.Union(
  deviceKinds.map((k) => Type.Literal(k)),
  { description: '设备种类' },
);

const CustodyEntry = Type.Object(
  {
    seq: Type.Integer(),
    officerId: Type.String(),
    name: Type.String({ description: '保管人' }),
    fromDate: Type.String({ description: '保管起始日期' }),
    reason: Type.String(),
    at: Type.String(),
    byName: Type.String({ description: '指定人' }),
  },
  strict,
);

export const DeviceView = Type.Object(
  {
    id: Type.String(),
    agencyId: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    serialNumber: Type.String(),
    createdAt: Type.String(),
    custodian: Type.Union([Type.Object({ officerId: Type.String(), name: Type.String(), fromDate: Type.String() }, strict), Type.Null()], {
      description: '当前保管人（谁使用、谁保管、谁负责）',
    }),
    custody: Type.Array(CustodyEntry, { description: '保管历史（只追加）' }),
  },
  strict,
);
export type DeviceView = Static<typeof DeviceView>;
export const DeviceList = Type.Object({ items: Type.Array(DeviceView) }, strict);
export const DeviceQuery = Type.Object({ agencyId: Type.Optional(Id('执法机关')) }, strict);
export type DeviceQuery = Static<typeof DeviceQuery>;
export const DeviceParams = Type.Object({ id: Id('设备') }, strict);
export type DeviceParams = Static<typeof DeviceParams>;

export const DeviceBody = Type.Object(
  {
    name: text(100, '设备名称，如 执法记录仪 3 号'),
    kind: DeviceKind,
    serialNumber: text(100, '序列号'),
    custodian: Type.Object(
      {
        officerId: Id('保管人（本机关执法人员）'),
        fromDate: Type.Optional(legalDate('保管起始日期，缺省为今天')),
        reason: Type.Optional(Type.String({ maxLength: 500 })),
      },
      strict,
    ),
  },
  strict,
);
export type DeviceBody = Static<typeof DeviceBody>;

export const CustodianBody = Type.Object(
  {
    officerId: Id('新保管人（本机关执法人员）'),
    fromDate: Type.Optional(legalDate('保管起始日期，缺省为今天；不得早于上一位保管人')),
    reason: text(500, '交接原因'),
  },
  strict,
);
export type CustodianBody = Static<typeof CustodianBody>;

// ---- evidence ------------------------------------------------------------------------------

export const EvidenceBody = Type.Object(
  {
    uploadId: Type.String({ minLength: 1, maxLength: 200, description: '已完成的断点续传上传（tus）的编号' }),
    category: EvidenceCategory,
    kind: EvidenceKind,
    title: text(200, '名称，如 现场照片：仓库东侧'),
    capturedAt: Type.String({ format: 'date-time', description: '采集时间（不得晚于当前时间）' }),
    place: text(500, '采集地点'),
    latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
    collectorIds: Type.Array(Id('采集人（本案执法人员）'), { minItems: 1, maxItems: 10, uniqueItems: true }),
    proves: text(2000, '证明对象'),
    deviceId: Type.Optional(Type.Union([Id('采集设备'), Type.Null()])),
    step: Type.Optional(
      Type.Union([Type.String({ maxLength: 100, description: '所属环节：本案执法程序中办理事项的英文名' }), Type.Null()]),
    ),
    partyId: Type.Optional(Type.Union([Id('涉及的当事人'), Type.Null()])),
  },
  strict,
);
export type EvidenceBody = Static<typeof EvidenceBody>;

export const WithdrawalBody = Type.Object({ reason: text(1000, '撤回原因') }, strict);
export type WithdrawalBody = Static<typeof WithdrawalBody>;

export const EvidenceParams = Type.Object({ id: Id('案件'), itemId: Id('证据') }, strict);
export type EvidenceParams = Static<typeof EvidenceParams>;

const Person = Type.Object({ officerId: Type.String(), name: Type.String() }, strict);

export const EvidenceView = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    caseNumber: nullable(Type.String()),
    caseTitle: Type.String(),
    seq: Type.Integer({ description: '案内序号' }),
    category: EvidenceCategory,
    categoryLabel: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    capturedAt: Type.String(),
    place: Type.String(),
    latitude: Type.Union([Type.Number(), Type.Null()]),
    longitude: Type.Union([Type.Number(), Type.Null()]),
    collectors: Type.Array(Person, { description: '采集人' }),
    proves: Type.String({ description: '证明对象' }),
    device: Type.Union([
      Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), serialNumber: Type.String() }, strict),
      Type.Null(),
    ]),
    custodian: Type.Union([Person, Type.Null()], { description: '采集时设备的保管人' }),
    step: nullable(Type.String()),
    stepLabel: nullable(Type.String()),
    party: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }, strict), Type.Null()]),
    hash: Type.String({ description: '文件哈希（SHA-256 或 SM3）' }),
    size: Type.Integer(),
    mimeType: Type.String(),
    filename: Type.String(),
    contentUrl: Type.String({ description: '文件（支持 Range 分段下载）' }),
    thumbnailUrl: nullable(Type.String()),
    createdAt: Type.String(),
    createdBy: Type.String(),
    journalSeq: Type.Integer({ description: '全过程记录序号' }),
    withdrawn: Type.Union([Type.Object({ at: Type.String(), by: Type.String(), reason: Type.String() }, strict), Type.Null()], {
      description: '撤回（记录保留并标明已撤回）',
    }),
  },
  strict,
);
export type EvidenceView = Static<typeof EvidenceView>;

export const AvRequirement = Type.Object(
  {
    action: Type.String(),
    actionLabel: Type.String({ description: '办理事项' }),
    code: Type.String({ description: '音像记录事项清单编号' }),
    step: Type.String(),
    duty: Type.String(),
    dutyLabel: Type.String(),
    basis: nullable(Type.String()),
    recorded: Type.Boolean({ description: '本环节是否已有有效的音像记录' }),
  },
  strict,
);
export type AvRequirement = Static<typeof AvRequirement>;

export const EvidenceList = Type.Object(
  {
    items: Type.Array(EvidenceView),
    avRequirements: Type.Array(AvRequirement, { description: '本案各办理事项依音像记录事项清单须全过程记录的要求及是否已记录' }),
  },
  strict,
);
export type EvidenceList = Static<typeof EvidenceList>;

/** A byte stream: a file answered as it is stored (200 or 206 with Range). */
/** A stored file's bytes (whole, or the Range asked for) in its own type: image, audio, video or other. */
export const FileBody = {
  description: '文件内容（二进制；按 Range 请求时为所请求的字节段）',
  content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
} as const;
