import { describe, expect, it } from 'vitest';
import {
  canEnforce,
  type EnforcerFacts,
  enforcerCertificateProblem,
  expiresWithin,
  idNumberCheckChar,
  idNumberProblem,
  maskIdNumber,
  reviewerRatio,
  trainingMeets,
  usccCheckChar,
  usccProblem,
} from './rules';

describe('GB 32100 USCC check character (R-D01)', () => {
  it.each([
    ['91350100M000100Y43', null], // the example printed in GB 32100-2015
    ['91110000600037341L', null],
    ['11990102MB10079190', '统一社会信用代码校验码错误（第 18 位应为 D）'],
    ['91350100M000100Y4', '统一社会信用代码应为 18 位'],
    ['91350100M000100YI3', '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V，字母须大写）'],
    ['91350100m000100Y43', '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V，字母须大写）'],
    ['9135010AM000100Y43', '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V，字母须大写）'], // 3–8 are the region digits
  ])('%s → %s', (uscc, problem) => {
    expect(usccProblem(uscc)).toBe(problem);
  });

  it('computes the check character that makes a code valid, including 0 for a remainder of 31', () => {
    for (const first17 of ['11990102MB1007919', '12990102000000001', '91350100M000100Y4']) {
      const code = `${first17}${usccCheckChar(first17)}`;
      expect(usccProblem(code)).toBeNull();
    }
    expect(usccCheckChar('1199010200000000I')).toBeNull();
  });
});

describe('GB 11643 ID number check digit', () => {
  it.each([
    ['11010519491231002X', null], // the standard's own example, check X
    ['440524188001010014', null], // the standard's example born in 1880
    ['110101199003074514', null],
    ['110101199003074510', '公民身份号码校验码错误（末位应为 4）'],
    ['110101199002304514', '公民身份号码中的出生日期无效'], // 30 February
    ['11010119900307451', '公民身份号码应为 18 位数字（末位可为 X）'],
    ['11010119900307451x', '公民身份号码应为 18 位数字（末位可为 X）'], // lower case is refused by the rule; the service upper-cases first
  ])('%s → %s', (id, problem) => {
    expect(idNumberProblem(id)).toBe(problem);
  });

  it('check character of the first 17 digits', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('masks all but the first and last four characters (R-D02)', () => {
    expect(maskIdNumber('110101199003074514')).toBe('1101**********4514');
  });
});

describe('canEnforce (R-P01 持证上岗)', () => {
  const base: EnforcerFacts = {
    name: '张伟',
    active: true,
    isAuxiliary: false,
    isEnforcer: true,
    certificateNumber: '99010201000001',
    status: 'green',
    validFrom: '2024-01-01',
    validUntil: '2028-12-31',
  };
  it.each<[string, Partial<EnforcerFacts>, string, string | null]>([
    ['green, valid', {}, '2026-03-02', null],
    ['yellow may still enforce', { status: 'yellow' }, '2026-03-02', null],
    ['last valid day', {}, '2028-12-31', null],
    ['auxiliary, even with a certificate', { isAuxiliary: true }, '2026-03-02', '张伟是执法辅助人员，不能作为执法人员'],
    ['red', { status: 'red' }, '2026-03-02', '张伟的执法证件为红码，暂停执法资格'],
    ['revoked', { status: 'revoked' }, '2026-03-02', '张伟的执法证件已注销'],
    ['expired', {}, '2029-01-01', '张伟的执法证件已于 2028-12-31 过期'],
    ['not yet valid', {}, '2023-12-31', '张伟的执法证件自 2024-01-01 起有效'],
    ['no certificate', { certificateNumber: null }, '2026-03-02', '张伟未取得行政执法证件，不能执法（持证上岗）'],
    ['not an enforcer', { isEnforcer: false }, '2026-03-02', '张伟不是执法人员'],
    ['left the agency', { active: false }, '2026-03-02', '张伟已不在本机关执法岗位'],
    ['no validity recorded (issue 7 §4)', { validFrom: null }, '2026-03-02', '张伟的执法证件未登记有效期，不能执法'],
    ['no end of validity', { validUntil: null }, '2026-03-02', '张伟的执法证件未登记有效期，不能执法'],
  ])('%s', (_label, patch, date, reason) => {
    const r = canEnforce({ ...base, ...patch }, date);
    expect(r.ok ? null : r.reason).toBe(reason);
  });
});

describe('reviewer ratio (R-L06: ≥ 5% of enforcers)', () => {
  it.each([
    [38, 1, 2, false], // the demo market agency: 1 of 38 = 2.6%
    [20, 1, 1, true], // exactly 5%
    [21, 1, 2, false],
    [25, 2, 2, true],
    [0, 0, 0, true],
  ])('%i enforcers, %i reviewers → %i required, meets %s', (enforcers, reviewers, required, meets) => {
    const r = reviewerRatio(enforcers, reviewers);
    expect(r.required).toBe(required);
    expect(r.meets).toBe(meets);
  });
});

describe('training hours (R-P03: 30 professional + 30 legal)', () => {
  it.each([
    [30, 30, true],
    [40, 29.5, false],
    [29.5, 60, false],
    [0, 0, false],
  ])('%d + %d → %s', (p, l, meets) => expect(trainingMeets(p, l)).toBe(meets));
});

describe('certificate expiry within 60 days', () => {
  it.each([
    ['2026-03-02', true],
    ['2026-05-01', true], // day 60
    ['2026-05-02', false],
    ['2026-03-01', false], // already expired: not "expiring"
    [null, false],
  ])('%s → %s', (until, flag) => expect(expiresWithin(until, '2026-03-02')).toBe(flag));
});

describe('an enforcer’s certificate needs its validity (R-P01, R-P02)', () => {
  const enforcer = { isEnforcer: true, certificateNumber: 'T-1', validFrom: '2025-01-01', validUntil: '2029-12-31' };
  it.each([
    ['complete', {}, null],
    ['no certificate', { certificateNumber: null }, 'certificateNumber'],
    ['no start', { validFrom: null }, 'validFrom'],
    ['no end', { validUntil: undefined }, 'validUntil'],
    ['not an enforcer needs nothing', { isEnforcer: false, certificateNumber: null, validFrom: null, validUntil: null }, null],
  ])('%s', (_label, patch, field) => {
    expect(enforcerCertificateProblem({ ...enforcer, ...patch })?.field ?? null).toBe(field);
  });
});
