/**
 * Schema pieces shared by the built-in procedure definitions (issue 8 §2). Every field carries a
 * Chinese `title` and `description` so the web can generate its forms from the schema alone;
 * objects are strict (unknown fields answer 422, STYLE.md §3), dates are legal dates YYYY-MM-DD,
 * money is in yuan.
 */
import { type TLiteral, type TSchema, Type } from '@sinclair/typebox';
import { closingReasonLabels, partyKindLabels, remedyKindLabels, remedyOutcomeLabels, serviceMethodLabels } from '../labels';

export const strict = { additionalProperties: false } as const;

/** the largest amount of money a form accepts (yuan): a guard against typing errors, not a legal cap */
export const maxYuan = 1e10;

export const date = (title: string, description = title) => Type.String({ format: 'date', title, description });
export const text = (maxLength: number, title: string, description = title) => Type.String({ minLength: 1, maxLength, title, description });
export const yuan = (title: string, description = `${title}（元）`) => Type.Number({ minimum: 0, maximum: maxYuan, title, description });
export const count = (title: string, max: number, description = title) => Type.Integer({ minimum: 1, maximum: max, title, description });
export const flag = (title: string, description = title) => Type.Boolean({ title, description });

/** one of the values, each literal titled with its Chinese label */
export function choice<T extends string>(labels: Readonly<Record<T, string>>, title: string, description = title) {
  const values = Object.keys(labels) as T[];
  return Type.Union(values.map((v) => Type.Literal(v, { title: labels[v] })) as TLiteral<T>[], { title, description });
}

/** several distinct values of `labels` */
export function choices<T extends string>(labels: Readonly<Record<T, string>>, title: string, min = 1, description = title) {
  const n = Object.keys(labels).length;
  return Type.Array(choice(labels, title), { minItems: min, maxItems: n, uniqueItems: true, title, description });
}

export function form<P extends Record<string, TSchema>>(properties: P, title: string, description = title) {
  return Type.Object(properties, { ...strict, title, description });
}

export const empty = (title: string) => form({}, title);

export const opt = Type.Optional;

// ---- pieces used by several procedures ---------------------------------------------------------

/** R-C06: one party, natural person (ID number, GB 11643) or organisation (USCC) */
export const partyInput = form(
  {
    party: form(
      {
        kind: choice(partyKindLabels, '当事人类型'),
        name: text(200, '姓名或者名称'),
        idNumber: opt(
          Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', title: '公民身份号码', description: '18 位公民身份号码（GB 11643），仅自然人' }),
        ),
        uscc: opt(
          Type.String({
            pattern: '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$',
            title: '统一社会信用代码',
            description: '18 位统一社会信用代码（GB 32100），仅法人或者其他组织',
          }),
        ),
        address: opt(text(500, '住所或者地址')),
        phone: opt(text(50, '联系电话')),
        legalRepresentative: opt(text(100, '法定代表人或者负责人', '法人或者其他组织的法定代表人或者负责人')),
      },
      '当事人',
    ),
  },
  '添加当事人',
);

export const assignOfficersInput = form(
  {
    officerIds: Type.Array(Type.String({ minLength: 1, maxLength: 64, title: '执法人员', description: '执法人员编号' }), {
      // 行政处罚法 第四十二条, 行政强制法 第十八条, 行政许可法 第三十四条: never fewer than two
      minItems: 2,
      maxItems: 20,
      uniqueItems: true,
      title: '承办执法人员',
      description: '本案承办的执法人员（须为本机关人员；行政处罚法第四十二条：不得少于两人）',
    }),
    reason: opt(text(500, '变更理由')),
  },
  '指派执法人员',
);

export const remedyInput = form(
  {
    kind: choice(remedyKindLabels, '救济途径'),
    body: text(200, '复议机关或者人民法院'),
    filedOn: date('申请或者起诉日期'),
    reference: opt(text(100, '案号或者文号')),
    outcome: opt(choice(remedyOutcomeLabels, '结果', '复议决定或者判决结果；尚未作出时不填')),
    decidedOn: opt(date('作出复议决定或者裁判的日期')),
    summary: opt(text(2000, '摘要')),
  },
  '登记行政复议、行政诉讼',
);

export const serviceInput = (title: string) =>
  form(
    {
      method: choice(serviceMethodLabels, '送达方式'),
      servedOn: date('送达日期'),
      recipient: text(200, '受送达人'),
      consentToElectronic: opt(flag('当事人同意电子送达并签订确认书', '电子送达须当事人同意并签订确认书（行政处罚法第六十一条第二款）')),
      electronicAddress: opt(text(200, '电子送达地址', '传真号码、电子邮箱等')),
      proof: text(1000, '送达凭证', '送达回证、邮寄回执单号、公告载体及日期、电子送达记录等'),
      witness: opt(text(200, '见证人', '留置送达时的见证人')),
      lateReason: opt(text(1000, '逾期送达的原因', '超过法定送达期限时须说明原因')),
    },
    title,
  );

export const closingInput = form(
  {
    reason: choice(closingReasonLabels, '结案理由'),
    explanation: opt(text(2000, '说明', '以执行完毕以外的理由结案时须说明情况')),
    summary: opt(text(2000, '结案报告摘要')),
  },
  '申请结案',
);

/** the engine passes `note` to the approval (platform/revisions) and `reason` to a return */
export const approvalInput = (title: string) => form({ note: opt(text(1000, '审批意见')) }, title);
export const returnInput = (title: string) => form({ reason: text(1000, '退回理由') }, title);
