import type { Role } from '../platform/auth';
import type { JournalActor } from '../platform/journal/append';

/**
 * The demo jurisdiction: a fictional city and district. Code prefix 99 is not assigned to any
 * province in GB/T 2260, so demo data can never be mistaken for a real district.
 */
export const demoJurisdictions = [
  { code: '990000', name: '示范省', level: 'province', parentCode: null },
  { code: '990100', name: '示范市', level: 'city', parentCode: '990000' },
  { code: '990102', name: '示范市示范区', level: 'county', parentCode: '990100' },
] as const;

export const demoDistrict = '990102';

/**
 * Who the journal names for everything the demo loader records. It acts for the demo district: its
 * entries carry the district's code, so the district's auditor reads the demo's history in the
 * audit log (scoped to their subtree, ADR 0007).
 */
export const demoLoader: JournalActor = { id: null, name: 'demo-loader', jurisdictionCode: demoDistrict };

export const demoAgencies = [
  { key: 'justice', name: '示范市示范区司法局', isSupervising: true },
  { key: 'market', name: '示范市示范区市场监督管理局', isSupervising: false },
  { key: 'urban', name: '示范市示范区综合行政执法局', isSupervising: false },
  { key: 'ecology', name: '示范市生态环境局示范分局', isSupervising: false },
  { key: 'emergency', name: '示范市示范区应急管理局', isSupervising: false },
  { key: 'culture', name: '示范市示范区文化和旅游局', isSupervising: false },
] as const;

export type DemoAgencyKey = (typeof demoAgencies)[number]['key'];

/** One account per role (issue 2 §9); the three administrators have no agency. */
export const demoAccounts: { username: string; displayName: string; role: Role; agency: DemoAgencyKey | null }[] = [
  { username: 'sysadmin', displayName: '孙强', role: 'system_admin', agency: null },
  { username: 'secadmin', displayName: '周丽', role: 'security_admin', agency: null },
  { username: 'auditor', displayName: '吴军', role: 'auditor', agency: null },
  { username: 'officer', displayName: '张伟', role: 'officer', agency: 'market' },
  { username: 'auxiliary', displayName: '李娜', role: 'auxiliary', agency: 'market' },
  { username: 'reviewer', displayName: '王芳', role: 'reviewer', agency: 'market' },
  { username: 'legal_adviser', displayName: '刘洋', role: 'legal_adviser', agency: 'justice' },
  { username: 'agency_head', displayName: '陈静', role: 'agency_head', agency: 'market' },
  { username: 'disclosure_clerk', displayName: '杨磊', role: 'disclosure_clerk', agency: 'market' },
  { username: 'supervisor', displayName: '赵敏', role: 'supervisor', agency: 'justice' },
];
