/**
 * Jurisdiction settings with effective dates (DESIGN.md invariant 3, issue 8 §1): the typed
 * registry of keys (registry.ts) and the values provinces, cities and counties set, each from a
 * date on. Other parts read `getSetting` / `settingsOn` for a jurisdiction and a day.
 */
import { registerAuditLabels } from '../audit/labels';

registerAuditLabels({ 'setting.change': '更改规则设置' });

export {
  defaultSnapshot,
  type SettingDef,
  type SettingKey,
  type SettingLevel,
  type SettingsSnapshot,
  type SettingUnit,
  type SettingValue,
  settingDefs,
  settingGroup,
  settingKeys,
  settingLevelLabels,
  settingUnitLabels,
} from './registry';
export { settingsRoutes } from './routes';
export {
  getSetting,
  listSettings,
  type SetSettingInput,
  type SettingHistoryEntry,
  type SettingItem,
  type SettingRow,
  type SettingsList,
  setSetting,
  settingsOn,
} from './service';
export type { SettingsTables } from './tables';
