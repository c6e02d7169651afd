import { type TObject, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

/**
 * The lists published before enforcement (事前公开, R-D01..R-D07) and, for each, exactly which
 * fields the public may see. A field not named here cannot be published: this is what keeps an
 * ID number or a person's phone out of the portal even if a caller passes the whole row.
 */
const str = Type.String();
const optStr = Type.Union([Type.String(), Type.Null()]);
const strict = { additionalProperties: false } as const;

/** A legal basis as published: law, article, clause, and the quoted text (LEGAL-BASES.md). */
const legalBasis = Type.Object(
  {
    law: str, // 《中华人民共和国食品安全法》
    article: str, // 第一百二十二条
    clause: optStr, // 第一款 / （六）
    text: optStr,
  },
  strict,
);

export const publicSchemas = {
  // R-D01 行政执法主体名录
  agencies: Type.Object(
    {
      name: str,
      kind: str,
      kindLabel: str,
      legalBasis: optStr,
      jurisdictionCode: str,
      jurisdictionName: optStr,
      uscc: optStr,
      address: optStr,
      phone: optStr, // the agency's public contact number (R-D01), never a person's
      domains: Type.Array(str),
      legalOffice: optStr,
      parentName: optStr,
      entrustingAgencyName: optStr,
    },
    strict,
  ),
  // R-D02 行政执法人员清单: never the ID number (公民身份号码) or a phone number
  officers: Type.Object(
    {
      name: str,
      agencyId: str,
      agencyName: str,
      certificateNumber: optStr,
      issuingBody: optStr,
      domains: Type.Array(str),
      status: str,
      statusLabel: str,
      validUntil: optStr,
    },
    strict,
  ),
  // R-D03 行政执法事项清单, with R-D05 flowchart steps and R-D06 service guide
  items: Type.Object(
    {
      code: str,
      name: str,
      actCategory: str, // GLOSSARY act category id, e.g. penalty
      actCategoryLabel: str, // 行政处罚
      agencyId: str,
      agencyName: str,
      legalBases: Type.Array(legalBasis),
      duties: optStr, // 职责 / 权限
      serviceGuide: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]), // field label → text (R-D06)
      flowchart: Type.Array(Type.Object({ step: str, description: optStr, timeLimit: optStr }, strict)),
      version: Type.Integer(),
    },
    strict,
  ),
  // R-D07 行政处罚裁量基准
  discretion_standards: Type.Object(
    {
      code: str,
      itemCode: optStr,
      violation: str,
      agencyId: str,
      agencyName: str,
      legalBasis: Type.Array(legalBasis),
      penaltyBasis: Type.Array(legalBasis),
      levels: Type.Array(
        Type.Object(
          {
            level: str, // 轻微 / 一般 / 较重 / 严重
            conditions: str,
            penalty: str, // the penalty in words, e.g. 处五万元以上七万元以下罚款
            fineMin: Type.Union([Type.Number(), Type.Null()]), // yuan
            fineMax: Type.Union([Type.Number(), Type.Null()]),
            gainsMultipleMin: Type.Union([Type.Number(), Type.Null()]), // multiples of illegal gains / goods value
            gainsMultipleMax: Type.Union([Type.Number(), Type.Null()]),
          },
          strict,
        ),
      ),
    },
    strict,
  ),
  // R-D07 不予 / 从轻 / 减轻处罚事项清单
  three_lists: Type.Object(
    {
      list: Type.Union([Type.Literal('no_penalty'), Type.Literal('lighter_penalty'), Type.Literal('mitigated_penalty')]),
      listLabel: str,
      code: str,
      violation: str,
      agencyId: str,
      agencyName: str,
      legalBasis: Type.Array(legalBasis),
      conditions: str,
      measure: optStr, // e.g. 责令改正 / 批评教育
    },
    strict,
  ),
  // R-L02 重大执法决定法制审核目录清单
  review_catalog: Type.Object(
    {
      code: str,
      name: str,
      kind: str, // rule kind, e.g. penalty_kind, fine_threshold, hearing_held, complex, act_category, general_procedure
      kindLabel: str,
      description: str,
      agencyId: Type.Union([Type.String(), Type.Null()]), // null: the whole jurisdiction
      agencyName: optStr,
      effectiveFrom: str,
      effectiveTo: optStr,
    },
    strict,
  ),
  // R-C04 音像记录事项清单
  av_duties: Type.Object(
    {
      code: str,
      step: str, // enforcement step, e.g. 查封扣押
      duty: Type.Union([Type.Literal('full_process'), Type.Literal('key_moments'), Type.Literal('optional')]),
      dutyLabel: str, // 全过程记录 / 关键环节记录 / 根据需要记录
      agencyId: Type.Union([Type.String(), Type.Null()]),
      agencyName: optStr,
      basis: optStr,
    },
    strict,
  ),
  // R-D04 随机抽查事项清单
  inspection_items: Type.Object(
    {
      code: str,
      name: str,
      agencyId: str,
      agencyName: str,
      basis: Type.Array(legalBasis),
      target: str, // 抽查对象
      content: str, // 抽查内容
      ratio: str, // 抽查比例
      method: str, // 抽查方式
      frequency: str, // 抽查频次
    },
    strict,
  ),
  // R-D18 岗位信息公示牌 of service windows: the board's fields in the rule's order. Staff appear
  // by name, unit, position, enforcement categories and duties only: never a person's phone or
  // ID number; phone is the window's landline or the agency's hotline.
  service_windows: Type.Object(
    {
      agencyId: str,
      agencyName: str,
      number: str, // 窗口编号
      name: str, // 窗口名称
      hall: str, // 服务大厅 / 办公地点
      floor: optStr,
      openingHours: str,
      phone: optStr,
      staff: Type.Array(
        Type.Object(
          {
            name: str, // 姓名
            unit: str, // 单位
            position: optStr, // 职务
            enforcementCategories: Type.Array(str), // 执法种类
            duties: str, // 岗位职责
          },
          strict,
        ),
      ),
      items: Type.Array(Type.Object({ code: str, name: str }, strict)), // 办理的执法事项
      materials: Type.Array(Type.Object({ title: str, text: str, itemCodes: Type.Array(str) }, strict)), // 申请材料示范文本
      progressEnquiry: str, // 办理进度查询
      consultation: str, // 咨询服务
      complaint: str, // 投诉举报
      version: Type.Integer(),
    },
    strict,
  ),
} satisfies Record<string, TObject>;

export type ListKind = keyof typeof publicSchemas;
export const listKinds = Object.keys(publicSchemas) as ListKind[];
const registered = new Map<string, TObject>(Object.entries(publicSchemas));

export const kindLabels: Record<string, string> = {
  agencies: '行政执法主体名录',
  officers: '行政执法人员清单',
  items: '行政执法事项清单',
  discretion_standards: '行政处罚裁量基准',
  three_lists: '不予处罚、从轻处罚、减轻处罚事项清单',
  review_catalog: '重大执法决定法制审核目录清单',
  av_duties: '音像记录事项清单',
  inspection_items: '随机抽查事项清单',
  service_windows: '政务服务窗口岗位信息公示牌',
};

const compiled = new Map<string, ReturnType<typeof TypeCompiler.Compile>>();

/** The problems of one entry's content against its kind's public schema (empty when it fits). */
export function publicFieldProblems(kind: string, content: unknown): string[] {
  const schema = registered.get(kind);
  if (!schema) return [`未知的公示类别：${kind}`];
  let check = compiled.get(kind);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(kind, check);
  }
  return [...check.Errors(content)].map((e) => `${e.path || '/'}: ${e.message}`);
}
