/**
 * Chinese labels of the case module's codes (issue 8 §9, §11), served with the procedures so the
 * web shows the same words (STYLE.md §4: labels come from the API). Names per GLOSSARY.md.
 */
import type { PenaltyKind } from '../catalog';

/**
 * The kinds of penalty a decision may impose (行政处罚法 第九条), finer than the catalog's: the
 * catalog's `confiscation` is split into gains and property, and 通报批评 and 其他 are added.
 */
export const casePenaltyKindLabels = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscate_gains: '没收违法所得',
  confiscate_property: '没收非法财物',
  suspend_license: '暂扣许可证件',
  lower_qualification: '降低资质等级',
  revoke_license: '吊销许可证件',
  restrict_activity: '限制开展生产经营活动',
  suspend_production: '责令停产停业',
  order_closure: '责令关闭',
  restrict_practice: '限制从业',
  detention: '行政拘留（移送公安）',
  other: '其他',
} as const;
export type CasePenaltyKind = keyof typeof casePenaltyKindLabels;
export const casePenaltyKinds = Object.keys(casePenaltyKindLabels) as CasePenaltyKind[];

/** the review catalog's kind of a case's penalty kind (catalog/schema.ts `penaltyKinds`); null: none there */
export const catalogPenaltyKindOf: Record<CasePenaltyKind, PenaltyKind | null> = {
  warning: 'warning',
  criticism: null,
  fine: 'fine',
  confiscate_gains: 'confiscation',
  confiscate_property: 'confiscation',
  suspend_license: 'suspend_license',
  lower_qualification: 'lower_qualification',
  revoke_license: 'revoke_license',
  restrict_activity: 'restrict_activity',
  suspend_production: 'suspend_production',
  order_closure: 'order_closure',
  restrict_practice: 'restrict_practice',
  detention: 'detention',
  other: null,
};

/** 简易程序 (行政处罚法 第五十一条): only a warning or a fine */
export const simplePenaltyKindLabels = { warning: '警告', fine: '罚款' } as const;

export const partyKindLabels = { natural_person: '自然人', organisation: '法人或者其他组织' } as const;

/** 送达 (GLOSSARY.md); 电子 needs the party's consent (行政处罚法 第六十一条第二款) */
export const serviceMethodLabels = {
  direct: '直接送达',
  left: '留置送达',
  post: '邮寄送达',
  notice: '公告送达',
  electronic: '电子送达',
} as const;

/** 案源 (GLOSSARY.md `lead`) */
export const leadSourceLabels = {
  complaint: '投诉举报',
  inspection: '监督检查',
  referral: '上级交办或者有关部门移送',
  transfer: '其他机关移送管辖',
  other: '其他',
} as const;

/** the harm of the act, which decides the limitation period (行政处罚法 第三十六条；生态环境法典 第一千零五十四条) */
export const harmLabels = {
  none: '无前述危害后果',
  life_health_financial: '涉及公民生命健康安全、金融安全且有危害后果',
  environmental: '造成环境污染、生态破坏等危害后果',
} as const;

/** 调查终结 (行政处罚法 第五十七条第一款) and the decision's outcome */
export const outcomeLabels = {
  penalty: '确有应受行政处罚的违法行为，给予行政处罚',
  no_penalty_minor: '违法行为轻微，依法不予行政处罚',
  no_penalty_unproven: '违法事实不能成立，不予行政处罚',
  transfer: '违法行为涉嫌犯罪，移送司法机关',
} as const;
export type Outcome = keyof typeof outcomeLabels;

/** 结案理由: execution completed, or an Art.-65-style end (行政强制法 第四十条) or another ending */
export const closingReasonLabels = {
  executed: '执行完毕',
  no_penalty: '决定不予行政处罚',
  transferred: '已移送其他机关或者司法机关',
  investigation_terminated: '终止调查',
  court_enforced: '经申请人民法院强制执行完毕',
  party_deceased: '公民死亡，无遗产可供执行，又无义务承受人',
  organisation_terminated: '法人或者其他组织终止，无财产可供执行，又无义务承受人',
  object_lost: '执行标的灭失',
  decision_revoked: '据以执行的行政决定被撤销',
  other_termination: '行政机关认为需要终结执行的其他情形',
} as const;
export type ClosingReason = keyof typeof closingReasonLabels;

/** 终止调查 reasons */
export const terminationReasonLabels = {
  party_deceased: '涉嫌违法的公民死亡',
  organisation_terminated: '法人或者其他组织终止，无权利义务承受人',
  other: '其他应当终止调查的情形',
} as const;

export const remedyKindLabels = { reconsideration: '行政复议', litigation: '行政诉讼' } as const;
/** R-S06 / issue 8 §11: outcomes the disclosure of decisions consumes */
export const remedyOutcomeLabels = {
  upheld: '维持',
  revoked: '撤销',
  confirmed_illegal: '确认违法',
  varied: '变更',
  redo: '责令重作',
} as const;

/** 移送 (R-S06): to another agency (移送管辖) or a suspected crime to the police or procuratorate */
export const transferTargetLabels = {
  agency: '其他行政机关（移送管辖）',
  police: '公安机关',
  procuratorate: '检察机关',
} as const;
export const criminalTransferOutcomeLabels = {
  filed: '已立案',
  not_filed: '不予立案',
  returned: '退回移送机关',
} as const;

/** 缴纳罚款的方式: to the treasury through a bank or e-payment (第六十七条), or collected on the spot (第六十八条、第六十九条) */
export const paymentChannelLabels = {
  bank: '到指定银行缴纳',
  electronic: '通过电子支付系统缴纳',
  on_the_spot: '执法人员当场收缴',
} as const;
/** grounds of on-the-spot collection */
export const onTheSpotGroundLabels = {
  under_100: '依法给予一百元以下罚款（第六十八条第一项）',
  hard_to_execute: '不当场收缴事后难以执行（第六十八条第二项）',
  remote_area: '边远、水上、交通不便地区，当事人缴纳确有困难并提出（第六十九条）',
} as const;

export const inspectionReasonLabels = {
  plan: '年度检查计划',
  random: '“双随机、一公开”抽查',
  complaint: '投诉举报',
  referral: '上级交办或者有关部门移送',
  other: '其他',
} as const;
export const inspectionResultLabels = {
  compliant: '未发现问题',
  order_rectification: '发现问题，责令改正',
  violation_found: '发现涉嫌违法行为',
} as const;

export const coercionMeasureLabels = { seal: '查封', seize: '扣押' } as const;
/** 行政强制法 第二十七条 */
export const coercionDispositionLabels = { confiscate: '依法没收', destroy: '依法销毁', release: '解除查封、扣押' } as const;
/** 行政强制法 第二十八条第一款 */
export const releaseReasonLabels = {
  no_violation: '当事人没有违法行为',
  unrelated: '查封、扣押的场所、设施或者财物与违法行为无关',
  decided: '行政机关对违法行为已经作出处理决定，不再需要查封、扣押',
  term_expired: '查封、扣押期限已经届满',
  other: '其他不再需要采取查封、扣押措施的情形',
} as const;
/** 行政强制法 第二十五条第三款 */
export const testingKindLabels = { testing: '检测', inspection: '检验', quarantine: '检疫', appraisal: '技术鉴定' } as const;

/** 行政许可法 第三十二条第一款第一项、第二项 */
export const rejectionGroundLabels = {
  not_required: '申请事项依法不需要取得行政许可',
  outside_competence: '申请事项依法不属于本行政机关职权范围',
} as const;
/** 行政许可法 第四十五条: periods not counted */
export const licensingExcludedLabels = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expert_review: '专家评审',
} as const;
export const applicationChannelLabels = { window: '窗口受理', online: '网上申请', post: '信函、电报、电传、传真、电子邮件' } as const;
export const issueMethodLabels = {
  certificate: '颁发行政许可证件',
  label: '加贴标签',
  stamp: '加盖检验、检测、检疫印章',
} as const;

/** Every label map of the module by name, for the API that serves labels to the web (STYLE.md §4). */
export const caseLabels = {
  penaltyKinds: casePenaltyKindLabels,
  simplePenaltyKinds: simplePenaltyKindLabels,
  partyKinds: partyKindLabels,
  serviceMethods: serviceMethodLabels,
  leadSources: leadSourceLabels,
  harms: harmLabels,
  outcomes: outcomeLabels,
  closingReasons: closingReasonLabels,
  terminationReasons: terminationReasonLabels,
  remedyKinds: remedyKindLabels,
  remedyOutcomes: remedyOutcomeLabels,
  transferTargets: transferTargetLabels,
  criminalTransferOutcomes: criminalTransferOutcomeLabels,
  paymentChannels: paymentChannelLabels,
  onTheSpotGrounds: onTheSpotGroundLabels,
  inspectionReasons: inspectionReasonLabels,
  inspectionResults: inspectionResultLabels,
  coercionMeasures: coercionMeasureLabels,
  coercionDispositions: coercionDispositionLabels,
  releaseReasons: releaseReasonLabels,
  testingKinds: testingKindLabels,
  rejectionGrounds: rejectionGroundLabels,
  licensingExcluded: licensingExcludedLabels,
  applicationChannels: applicationChannelLabels,
  issueMethods: issueMethodLabels,
} as const;
