/**
 * The pure rules of the org module: identifiers (GB 32100, GB 11643), who may enforce (R-P01),
 * the reviewer ratio (R-L06), training hours (R-P03) and certificate expiry.
 * Thresholds are arguments with the RULES.md defaults, so a jurisdiction setting can replace them.
 */
import { settingDefs } from '../../platform/settings';
import type { AgencyKind, CertificateStatus } from './tables';

/**
 * The registry defaults of the org thresholds (DESIGN.md invariant 3): the numbers are written once,
 * in platform/settings/registry.ts; a jurisdiction may set its own values from a date on, which the
 * services read with `orgThresholdsOn`. Pure rules below take them as arguments; these defaults are
 * what applies where no jurisdiction set a value.
 */
export const orgDefaults = {
  /** R-L06: legal reviewers ≥ 5% of the agency's enforcement officers */
  reviewerShare: settingDefs['org.reviewer_share'].default,
  /** R-P03: hours a year */
  professionalHours: settingDefs['org.professional_hours'].default,
  legalHours: settingDefs['org.legal_hours'].default,
  /** R-D08: a change is public within 5 working days (also for the catalog lists; see `publicationDeadline`) */
  publishWithinWorkingDays: settingDefs['disclosure.prior_change_working_days'].default,
  /** certificates expiring within this many natural days are flagged */
  expiryWarningDays: settingDefs['org.expiry_warning_days'].default,
} as const;

export const agencyKindLabels: Record<AgencyKind, string> = {
  administrative_organ: '行政机关',
  authorized_org: '法律法规授权组织',
  entrusted_org: '受委托组织',
};

export const certificateStatusLabels: Record<CertificateStatus, string> = {
  green: '绿码（正常）',
  yellow: '黄码（预警）',
  red: '红码（暂停执法）',
  revoked: '已注销',
};

// ---------------------------------------------------------------------------------------------
// GB 32100-2015 统一社会信用代码

const usccChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (18th) of the first 17 characters, or null if one is outside the code set. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccChars.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * (usccWeights[i] as number);
  }
  const c = (31 - (sum % 31)) % 31;
  return usccChars[c] as string;
}

/** Why a USCC is invalid (Chinese, for `details.fields`), or null when it is valid. */
export function usccProblem(uscc: string): string | null {
  if (uscc.length !== 18) return '统一社会信用代码应为 18 位';
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(uscc))
    return '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V，字母须大写）';
  const expected = usccCheckChar(uscc.slice(0, 17));
  if (expected !== uscc[17]) return `统一社会信用代码校验码错误（第 18 位应为 ${expected}）`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// GB 11643-1999 公民身份号码

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idChecks = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (idWeights[i] as number);
  return idChecks[sum % 11] as string;
}

/** Why an ID number is invalid, or null when valid (18 characters, real birth date, check digit). */
export function idNumberProblem(idNumber: string): string | null {
  if (!/^[0-9]{17}[0-9X]$/.test(idNumber)) return '公民身份号码应为 18 位数字（末位可为 X）';
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return '公民身份号码中的出生日期无效';
  const expected = idNumberCheckChar(idNumber.slice(0, 17));
  if (expected !== idNumber[17]) return `公民身份号码校验码错误（末位应为 ${expected}）`;
  return null;
}

/** 110101199003074514 → 1101**********4514: what readers without need see (R-D02). */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// R-P01 持证上岗

export interface EnforcerFacts {
  name?: string;
  active: boolean;
  isAuxiliary: boolean;
  isEnforcer: boolean;
  certificateNumber: string | null;
  status: CertificateStatus;
  validFrom: string | null;
  validUntil: string | null;
}

export type Eligibility = { ok: true } | { ok: false; reason: string };

/**
 * R-P01/R-P02: an enforcement officer holds a certificate with its validity recorded, start and
 * end; a certificate without them can never be checked on a date, so it is refused at entry (form,
 * API and spreadsheet import alike) rather than shown as a valid green certificate (issue 7 §4).
 */
export function enforcerCertificateProblem(o: {
  isEnforcer: boolean;
  certificateNumber?: string | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
}): { field: 'certificateNumber' | 'validFrom' | 'validUntil'; message: string } | null {
  if (!o.isEnforcer) return null;
  if (!o.certificateNumber) return { field: 'certificateNumber', message: '执法人员须持有行政执法证件（持证上岗）' };
  if (!o.validFrom) return { field: 'validFrom', message: '执法人员须填写执法证件有效期的起始日' };
  if (!o.validUntil) return { field: 'validUntil', message: '执法人员须填写执法证件有效期的截止日' };
  return null;
}

/**
 * R-P01: whether the officer may act as enforcer on `onDate` (YYYY-MM-DD): an active, certified
 * enforcement officer whose certificate is green or yellow and valid on that day. Auxiliary staff
 * never may, whatever else is recorded.
 */
export function canEnforce(officer: EnforcerFacts, onDate: string): Eligibility {
  const who = officer.name ?? '该人员';
  if (officer.isAuxiliary) return { ok: false, reason: `${who}是执法辅助人员，不能作为执法人员` };
  if (!officer.active) return { ok: false, reason: `${who}已不在本机关执法岗位` };
  if (!officer.isEnforcer) return { ok: false, reason: `${who}不是执法人员` };
  if (!officer.certificateNumber) return { ok: false, reason: `${who}未取得行政执法证件，不能执法（持证上岗）` };
  if (officer.status === 'revoked') return { ok: false, reason: `${who}的执法证件已注销` };
  if (officer.status === 'red') return { ok: false, reason: `${who}的执法证件为红码，暂停执法资格` };
  if (!officer.validFrom || !officer.validUntil) return { ok: false, reason: `${who}的执法证件未登记有效期，不能执法` };
  if (onDate < officer.validFrom) return { ok: false, reason: `${who}的执法证件自 ${officer.validFrom} 起有效` };
  if (onDate > officer.validUntil) return { ok: false, reason: `${who}的执法证件已于 ${officer.validUntil} 过期` };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// R-L06, R-P03, expiry (R-D08's deadline is `publicationDeadline` in platform/calendar)

/** R-L06: reviewers against the required share of enforcers (5% by default). */
export function reviewerRatio(enforcers: number, reviewers: number, share: number = orgDefaults.reviewerShare) {
  // the fewest reviewers whose share reaches `share` (tolerating binary rounding: 1 of 20 is 5%)
  const required = Math.max(0, Math.ceil(enforcers * share - 1e-9));
  return { ratio: enforcers === 0 ? null : reviewers / enforcers, required, meets: reviewers >= required };
}

/** R-P03: whether one officer's yearly hours meet both minimums. */
export function trainingMeets(
  professional: number,
  legal: number,
  min: { professionalHours: number; legalHours: number } = orgDefaults,
): boolean {
  return professional >= min.professionalHours && legal >= min.legalHours;
}

/** `date` plus `n` natural days, YYYY-MM-DD. */
export function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A certificate valid today that ends within `days` natural days (today included). */
export function expiresWithin(validUntil: string | null, today: string, days: number = orgDefaults.expiryWarningDays): boolean {
  return validUntil !== null && validUntil >= today && validUntil <= plusDays(today, days);
}

/**
 * R-P01 with the justice bureau's confirmation (issue 6 §6): an officer enforces only on what the
 * bureau confirmed. A change that restricts (red, revoked, left, expired) applies at once; one that
 * would let the officer enforce (red → green, a new validity, a new certificate) waits for the
 * bureau — so nobody, an agency's own clerk included, turns a certificate green by editing it.
 */
export function canEnforceConfirmed(current: EnforcerFacts, confirmed: EnforcerFacts | null, onDate: string): Eligibility {
  const now = canEnforce(current, onDate);
  if (!now.ok) return now;
  const who = current.name ?? '该人员';
  if (!confirmed) return { ok: false, reason: `${who}的执法人员信息尚未经司法局确认公示，确认后方可执法` };
  const then = canEnforce({ ...confirmed, name: who }, onDate);
  return then.ok ? then : { ok: false, reason: `${then.reason}；变更待司法局确认后生效` };
}
