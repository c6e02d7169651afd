/** The jurisdiction tree (GB/T 2260 codes): the platform's, since accounts, the journal and every module scope by it (ADR 0007). */
export type JurisdictionLevel = 'province' | 'city' | 'county' | 'township';

export interface JurisdictionTable {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parent_code: string | null;
  created_at: Date;
}

export interface ScopeTables {
  jurisdiction: JurisdictionTable;
}
