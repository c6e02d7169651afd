import { type Static, Type } from '@sinclair/typebox';
import { settingKeys } from './registry';

const LegalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD（北京时间）', examples: ['2026-01-01'] });
const Value = Type.Union([Type.Number(), Type.String()], { description: '数值（比例、天数、金额等）或文字（如案件编号格式）' });
const Level = Type.Union([Type.Literal('none'), Type.Literal('province'), Type.Literal('city'), Type.Literal('county')], {
  description: '可设置的最低层级：none 法律规定不可更改；province 省级；city 设区的市级及以上；county 县级及以上',
});

export const SettingsQuery = Type.Object(
  {
    jurisdictionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$', description: '行政区划代码；缺省为本人所属区划' })),
    onDate: Type.Optional(LegalDate),
  },
  { additionalProperties: false },
);
export type SettingsQuery = Static<typeof SettingsQuery>;

export const SettingKeyParams = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 100, description: `设置项键名，如 ${settingKeys[0]}` }) },
  { additionalProperties: false },
);
export type SettingKeyParams = Static<typeof SettingKeyParams>;

export const ScheduleSettingBody = Type.Object(
  {
    jurisdictionCode: Type.String({ minLength: 1, maxLength: 12, description: '为哪个行政区划设置（本级司法局所在区划）' }),
    value: Value,
    effectiveFrom: Type.String({ description: '生效日期 YYYY-MM-DD（今天或以后；更改不改写历史）', examples: ['2026-07-01'] }),
    reason: Type.String({ maxLength: 500, description: '更改理由，如本地规定的文号' }),
  },
  { additionalProperties: false },
);
export type ScheduleSettingBody = Static<typeof ScheduleSettingBody>;

export const SettingHistoryView = Type.Object(
  {
    id: Type.Integer(),
    jurisdictionCode: Type.String(),
    jurisdictionName: Type.String(),
    value: Value,
    effectiveFrom: LegalDate,
    reason: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
    createdByName: Type.String({ description: '设置人：姓名（用户名）' }),
  },
  { additionalProperties: false },
);
export type SettingHistoryView = Static<typeof SettingHistoryView>;

export const SettingItemView = Type.Object(
  {
    key: Type.String(),
    group: Type.String({ description: '分组：人员、处罚、强制、许可、编号、公示' }),
    label: Type.String(),
    unit: Type.String(),
    unitLabel: Type.String({ description: '单位：工作日、自然日、元……' }),
    default: Value,
    source: Type.String({ description: '默认值的依据（法律条文或规则编号）' }),
    changeableBy: Level,
    changeableByLabel: Type.String(),
    tighterOnly: Type.Boolean({ description: '本地只能规定更短的期限' }),
    note: Type.Union([Type.String(), Type.Null()]),
    min: Type.Union([Type.Number(), Type.Null()]),
    max: Type.Union([Type.Number(), Type.Null()]),
    value: Value,
    setBy: Type.Union([SettingHistoryView, Type.Null()], { description: '生效中的设置记录；null 表示适用默认值' }),
    changeable: Type.Boolean({ description: '调用者能否为该区划设置此项' }),
    upcoming: Type.Array(SettingHistoryView, { description: '已设置、尚未生效的值' }),
    history: Type.Array(SettingHistoryView, { description: '本区划及上级区划对此项的全部设置，新的在前' }),
  },
  { additionalProperties: false },
);

export const SettingsListView = Type.Object(
  {
    jurisdiction: Type.Union([
      Type.Object(
        { code: Type.String(), name: Type.String(), level: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]) },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    onDate: LegalDate,
    items: Type.Array(SettingItemView),
  },
  { additionalProperties: false },
);
