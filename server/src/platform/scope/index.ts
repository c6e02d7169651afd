export {
  type CreateJurisdictionInput,
  findJurisdiction,
  insertJurisdiction,
  type JurisdictionView,
  jurisdictionChain,
  jurisdictionInScope,
  jurisdictionNames,
  listJurisdictions,
  toJurisdictionView,
} from './jurisdictions';
export { inScope, isWide, type Scope, type ScopeColumns, type ScopeSubject, scopeOf, subtreeOf, subtreeRoles } from './scope';
export type { JurisdictionLevel, JurisdictionTable, ScopeTables } from './tables';
