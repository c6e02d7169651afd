/**
 * The typed registry of jurisdiction settings (DESIGN.md invariant 3, issue 8 §1): every number the
 * law or a local rule lets vary by place is a key here, with its default, unit, legal source and
 * the lowest level that may change it. Values per jurisdiction with an effective-from date live in
 * the `setting_value` table; `settings.get(key, jurisdiction, onDate)` reads them.
 *
 * `changeableBy`: the lowest jurisdiction level that may set its own value ('none': fixed by
 * national law, shown for reference only). `tighterOnly`: a locality may only make the number
 * stricter (a shorter time limit), never looser than the national rule.
 */
export type SettingUnit = 'ratio' | 'hours' | 'working_days' | 'natural_days' | 'months' | 'yuan' | 'text';
export type SettingLevel = 'none' | 'province' | 'city' | 'county';

export interface SettingDef<V extends number | string = number | string> {
  label: string;
  unit: SettingUnit;
  default: V;
  /** the law, article or RULES.md id the default comes from */
  source: string;
  changeableBy: SettingLevel;
  /** for numbers: the locality may only lower it (a shorter time limit) */
  tighterOnly?: boolean;
  /** shown beside the value: why the default is what it is (e.g. 演示值) */
  note?: string;
  min?: number;
  max?: number;
}

const def = <V extends number | string>(d: SettingDef<V>) => d;

export const settingDefs = {
  // ---- org (moved from modules/org/rules.ts orgDefaults) ------------------------------------
  'org.reviewer_share': def({
    label: '法制审核人员占执法人员比例下限',
    unit: 'ratio',
    default: 0.05,
    source: 'R-L06',
    changeableBy: 'county',
    min: 0,
    max: 1,
  }),
  'org.professional_hours': def({
    label: '每人每年专业知识培训学时',
    unit: 'hours',
    default: 30,
    source: 'R-P03',
    changeableBy: 'county',
    min: 0,
    max: 1000,
  }),
  'org.legal_hours': def({
    label: '每人每年法律知识培训学时',
    unit: 'hours',
    default: 30,
    source: 'R-P03',
    changeableBy: 'county',
    min: 0,
    max: 1000,
  }),
  'org.expiry_warning_days': def({
    label: '执法证件到期预警提前天数',
    unit: 'natural_days',
    default: 60,
    source: '本平台默认',
    changeableBy: 'county',
    min: 1,
    max: 365,
  }),
  'disclosure.prior_change_working_days': def({
    label: '公示事项和人员变更后公开时限',
    unit: 'working_days',
    default: 5,
    source: 'R-D08',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 60,
  }),
  // ---- penalty cases (行政处罚法) ---------------------------------------------------------------
  'penalty.hearing_fine_person': def({
    label: '听证：对公民的“较大数额罚款”起点',
    unit: 'yuan',
    default: 10000,
    source: '《中华人民共和国行政处罚法》第六十三条（较大数额由省级规定）',
    changeableBy: 'province',
    note: '演示值：法律未规定具体数额，须按本省规定设置',
    min: 0,
    max: 1e12,
  }),
  'penalty.hearing_fine_org': def({
    label: '听证：对法人或者其他组织的“较大数额罚款”起点',
    unit: 'yuan',
    default: 100000,
    source: '《中华人民共和国行政处罚法》第六十三条（较大数额由省级规定）',
    changeableBy: 'province',
    note: '演示值：法律未规定具体数额，须按本省规定设置',
    min: 0,
    max: 1e12,
  }),
  'penalty.hearing_confiscation_person': def({
    label: '听证：对公民没收“较大数额”违法所得或非法财物起点',
    unit: 'yuan',
    default: 10000,
    source: '《中华人民共和国行政处罚法》第六十三条（较大数额由省级规定）',
    changeableBy: 'province',
    note: '演示值',
    min: 0,
    max: 1e12,
  }),
  'penalty.hearing_confiscation_org': def({
    label: '听证：对法人或者其他组织没收“较大数额”违法所得或非法财物起点',
    unit: 'yuan',
    default: 100000,
    source: '《中华人民共和国行政处罚法》第六十三条（较大数额由省级规定）',
    changeableBy: 'province',
    note: '演示值',
    min: 0,
    max: 1e12,
  }),
  'penalty.simple_fine_cap_person': def({
    label: '简易程序：对公民罚款上限',
    unit: 'yuan',
    default: 200,
    source: '《中华人民共和国行政处罚法》第五十一条',
    changeableBy: 'none',
  }),
  'penalty.simple_fine_cap_org': def({
    label: '简易程序：对法人或者其他组织罚款上限',
    unit: 'yuan',
    default: 3000,
    source: '《中华人民共和国行政处罚法》第五十一条',
    changeableBy: 'none',
  }),
  'penalty.decision_days': def({
    label: '自立案起作出行政处罚决定的期限',
    unit: 'natural_days',
    default: 90,
    source: '《中华人民共和国行政处罚法》第六十条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 90,
  }),
  'penalty.statement_working_days': def({
    label: '告知后当事人陈述、申辩期限',
    unit: 'working_days',
    default: 5,
    source: '《中华人民共和国行政处罚法》第四十四条、第八十五条（期限由告知书载明）',
    changeableBy: 'county',
    note: '法律未规定具体天数，默认与听证申请期限一致',
    min: 1,
    max: 30,
  }),
  'penalty.hearing_request_working_days': def({
    label: '告知后当事人要求听证的期限',
    unit: 'working_days',
    default: 5,
    source: '《中华人民共和国行政处罚法》第六十四条、第八十五条',
    changeableBy: 'none',
  }),
  'penalty.hearing_notice_working_days': def({
    label: '举行听证前通知当事人的提前期',
    unit: 'working_days',
    default: 7,
    source: '《中华人民共和国行政处罚法》第六十四条、第八十五条',
    changeableBy: 'none',
  }),
  'penalty.service_working_days': def({
    label: '当事人不在场时送达行政处罚决定书的期限',
    unit: 'working_days',
    default: 7,
    source: '《中华人民共和国行政处罚法》第六十一条、第八十五条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 7,
  }),
  'penalty.payment_days': def({
    label: '收到决定书后缴纳罚款的期限',
    unit: 'natural_days',
    default: 15,
    source: '《中华人民共和国行政处罚法》第六十七条',
    changeableBy: 'none',
  }),
  'penalty.evidence_preservation_working_days': def({
    label: '先行登记保存后作出处理决定的期限',
    unit: 'working_days',
    default: 7,
    source: '《中华人民共和国行政处罚法》第五十六条、第八十五条',
    changeableBy: 'none',
  }),
  'penalty.late_surcharge_rate': def({
    label: '逾期不缴纳罚款每日加处罚款比例',
    unit: 'ratio',
    default: 0.03,
    source: '《中华人民共和国行政处罚法》第七十二条',
    changeableBy: 'none',
  }),
  'penalty.limitation_years': def({
    label: '违法行为追责时效（年）',
    unit: 'text',
    default: '2',
    source: '《中华人民共和国行政处罚法》第三十六条',
    changeableBy: 'none',
  }),
  // ---- coercive measures (行政强制法) ---------------------------------------------------------
  'coercion.term_days': def({
    label: '查封、扣押期限',
    unit: 'natural_days',
    default: 30,
    source: '《中华人民共和国行政强制法》第二十五条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 30,
  }),
  'coercion.extension_days': def({
    label: '查封、扣押经批准可延长的期限',
    unit: 'natural_days',
    default: 30,
    source: '《中华人民共和国行政强制法》第二十五条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 0,
    max: 30,
  }),
  // ---- licensing (行政许可法; its time limits are working days, Art. 82) -----------------------
  'licensing.decision_working_days': def({
    label: '自受理起作出行政许可决定的期限',
    unit: 'working_days',
    default: 20,
    source: '《中华人民共和国行政许可法》第四十二条、第八十二条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 20,
  }),
  'licensing.extension_working_days': def({
    label: '行政许可决定经负责人批准可延长的期限',
    unit: 'working_days',
    default: 10,
    source: '《中华人民共和国行政许可法》第四十二条、第八十二条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 0,
    max: 10,
  }),
  'licensing.issue_working_days': def({
    label: '作出准予许可决定后颁发、送达证件的期限',
    unit: 'working_days',
    default: 10,
    source: '《中华人民共和国行政许可法》第四十四条、第八十二条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 10,
  }),
  'licensing.acceptance_working_days': def({
    label: '申请材料不齐全时一次告知补正的期限',
    unit: 'working_days',
    default: 5,
    source: '《中华人民共和国行政许可法》第三十二条、第八十二条',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 5,
  }),
  // ---- case numbers (R-C08) ---------------------------------------------------------------------
  'cases.number_format': def({
    label: '案件编号格式',
    unit: 'text',
    default: '{agency}{category}〔{year}〕{seq}号',
    source: 'R-C08（统一案件编号规则）',
    changeableBy: 'city',
    note: '占位符：{agency} 执法主体简称，{category} 类别字（罚/检/强/许/简），{year} 年份，{seq} 序号',
  }),
  // ---- post-decision disclosure (used by the disclosure issue) -----------------------------------
  'disclosure.penalty_licensing_working_days': def({
    label: '行政许可、行政处罚决定公开时限',
    unit: 'working_days',
    default: 7,
    source: 'R-D10',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 20,
  }),
  'disclosure.post_decision_working_days': def({
    label: '其他执法决定公开时限',
    unit: 'working_days',
    default: 20,
    source: 'R-D09',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 20,
  }),
  'disclosure.withdrawal_working_days': def({
    label: '决定被撤销、确认违法或责令重作后撤回公示的时限',
    unit: 'working_days',
    default: 1,
    source: 'R-D11（取两地中较严的“1日”）',
    changeableBy: 'county',
    tighterOnly: true,
    min: 1,
    max: 3,
  }),
  'disclosure.penalty_display_months': def({
    label: '行政处罚决定公示期限',
    unit: 'months',
    default: 36,
    source: '本地规定',
    changeableBy: 'province',
    note: '演示值：公示期限按本省信用信息公示规定设置',
    min: 1,
    max: 120,
  }),
} as const;

export type SettingKey = keyof typeof settingDefs;
export type SettingValue<K extends SettingKey> = (typeof settingDefs)[K]['default'] extends number ? number : string;
export const settingKeys = Object.keys(settingDefs) as SettingKey[];

/** Every key with the value in force for one jurisdiction on one day (what a guard sees, modules/cases/facts.ts). */
export type SettingsSnapshot = { readonly [K in SettingKey]: SettingValue<K> };

/** The groups of the settings page, by the key's prefix. */
export const settingGroups = {
  org: '人员',
  penalty: '处罚',
  coercion: '强制',
  licensing: '许可',
  cases: '编号',
  disclosure: '公示',
} as const;

export function settingGroup(key: SettingKey): string {
  return settingGroups[key.split('.')[0] as keyof typeof settingGroups] ?? '其他';
}

export const settingUnitLabels: Record<SettingUnit, string> = {
  ratio: '比例',
  hours: '学时',
  working_days: '工作日',
  natural_days: '自然日',
  months: '个月',
  yuan: '元',
  text: '',
};

export const settingLevelLabels: Record<SettingLevel, string> = {
  none: '法律规定，不可更改',
  province: '省级',
  city: '设区的市级及以上',
  county: '县级及以上',
};

/** The registry defaults: what applies where no jurisdiction set a value. */
export function defaultSnapshot(): SettingsSnapshot {
  return Object.fromEntries(settingKeys.map((k) => [k, settingDefs[k].default])) as unknown as SettingsSnapshot;
}
