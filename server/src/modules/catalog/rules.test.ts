import { describe, expect, it } from 'vitest';
import { publicFieldProblems } from '../disclosure';
import { dataProblems, evaluateReview, publicContent } from './rules';
import type { ProposedDecision, ReviewRuleData } from './schema';

// R-L02: one rule of each kind; thresholds are data (DESIGN.md invariant 3), here test values.
const base = { effectiveFrom: '2026-01-01', effectiveTo: null, description: '测试' };
const rules: ReviewRuleData[] = [
  {
    ...base,
    code: 'R-PK',
    name: '停产停业等',
    kind: 'penalty_kind',
    penaltyKinds: ['suspend_production', 'revoke_license', 'order_closure'],
  },
  { ...base, code: 'R-FT', name: '较大数额罚款', kind: 'fine_threshold', naturalPersonThreshold: 10_000, organisationThreshold: 100_000 },
  { ...base, code: 'R-AC', name: '行政强制', kind: 'act_category', actCategories: ['coercion'] },
  { ...base, code: 'R-HH', name: '经过听证', kind: 'hearing_held' },
  { ...base, code: 'R-CX', name: '疑难复杂', kind: 'complex' },
  { ...base, code: 'R-MI', name: '重大影响', kind: 'major_impact' },
  { ...base, code: 'R-GP', name: '普通程序处罚', kind: 'general_procedure', effectiveFrom: '2026-06-01' },
];
const org: ProposedDecision = { actCategory: 'penalty', partyType: 'organisation' };
const person: ProposedDecision = { actCategory: 'penalty', partyType: 'natural_person' };

describe('evaluateReview (R-L02)', () => {
  const cases: [string, ProposedDecision, string, string[]][] = [
    ['责令停产停业 needs review', { ...org, penaltyKinds: ['suspend_production'] }, '2026-03-02', ['R-PK']],
    ['吊销许可证 needs review', { ...org, penaltyKinds: ['warning', 'revoke_license'] }, '2026-03-02', ['R-PK']],
    ['a warning alone does not', { ...org, penaltyKinds: ['warning'] }, '2026-03-02', []],
    ['fine above the organisation threshold', { ...org, penaltyKinds: ['fine'], fineAmount: 150_000 }, '2026-03-02', ['R-FT']],
    ['fine at the organisation threshold (以上 includes it)', { ...org, fineAmount: 100_000 }, '2026-03-02', ['R-FT']],
    ['fine below the organisation threshold', { ...org, fineAmount: 99_999 }, '2026-03-02', []],
    ['the same fine to a person reaches the person threshold', { ...person, fineAmount: 50_000 }, '2026-03-02', ['R-FT']],
    ['fine below the person threshold', { ...person, fineAmount: 9_000 }, '2026-03-02', []],
    ['act category coercion', { ...org, actCategory: 'coercion' }, '2026-03-02', ['R-AC']],
    ['hearing held', { ...org, hearingHeld: true }, '2026-03-02', ['R-HH']],
    ['marked complex', { ...org, complex: true }, '2026-03-02', ['R-CX']],
    ['major public interest', { ...org, majorPublicInterest: true }, '2026-03-02', ['R-MI']],
    ['general procedure before the rule takes effect', { ...org, procedure: 'general' }, '2026-03-02', []],
    ['general procedure once in force', { ...org, procedure: 'general' }, '2026-06-01', ['R-GP']],
    ['simple procedure never by R-GP', { ...org, procedure: 'simple' }, '2026-06-01', []],
    [
      'several rules at once',
      { ...org, penaltyKinds: ['order_closure'], fineAmount: 200_000, hearingHeld: true },
      '2026-03-02',
      ['R-PK', 'R-FT', 'R-HH'],
    ],
  ];
  it.each(cases)('%s', (_name, decision, onDate, expected) => {
    const r = evaluateReview(rules, decision, onDate);
    expect(r.matches.map((m) => m.ruleCode)).toEqual(expected);
    expect(r.needsReview).toBe(expected.length > 0);
    for (const m of r.matches) expect(m.reason).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('names the amount and threshold in the reason', () => {
    const r = evaluateReview(rules, { ...org, fineAmount: 150_000 }, '2026-03-02');
    expect(r.matches[0]?.reason).toContain('150,000元');
    expect(r.matches[0]?.reason).toContain('100,000元');
  });

  it('ignores an expired rule', () => {
    const expired = [{ ...rules[0], effectiveTo: '2026-02-28' } as ReviewRuleData];
    expect(evaluateReview(expired, { ...org, penaltyKinds: ['suspend_production'] }, '2026-03-02').needsReview).toBe(false);
    expect(evaluateReview(expired, { ...org, penaltyKinds: ['suspend_production'] }, '2026-02-28').needsReview).toBe(true);
  });
});

describe('dataProblems', () => {
  it('refuses a review rule without the parameters of its kind', () => {
    const p = dataProblems('review_catalog', { ...base, code: 'X', name: 'x', kind: 'fine_threshold' });
    expect(p.map((x) => x.field)).toContain('organisationThreshold');
  });
  it('refuses effective dates out of order', () => {
    const p = dataProblems('review_catalog', { ...base, code: 'X', name: 'x', kind: 'hearing_held', effectiveTo: '2025-01-01' });
    expect(p.map((x) => x.field)).toEqual(['effectiveTo']);
  });
  it('refuses a fine range whose minimum is above its maximum (R-D07)', () => {
    const level = {
      level: '一般' as const,
      conditions: 'c',
      penalty: 'p',
      fineMin: 5,
      fineMax: 1,
      gainsMultipleMin: null,
      gainsMultipleMax: null,
    };
    const basis = [{ law: 'l', article: 'a', clause: null, text: null }];
    const p = dataProblems('discretion_standards', { code: 'D', violation: 'v', legalBasis: basis, penaltyBasis: basis, levels: [level] });
    expect(p.map((x) => x.field)).toEqual(['levels.0.fineMin']);
  });
});

describe('publicContent fits the public schema of its kind', () => {
  const agency = { id: 'a1', name: '某局', isSupervising: false };
  it('items, with the service guide under Chinese labels', () => {
    const c = publicContent(
      'items',
      {
        code: 'I-1',
        name: '事项',
        actCategory: 'penalty',
        legalBases: [{ law: '《法》', article: '第一条', clause: null, text: null }],
        serviceGuide: { phone: '0999-1', acceptingBody: '某局' },
        flowchart: [{ step: '立案' }],
      },
      agency,
      3,
    );
    expect(publicFieldProblems('items', c)).toEqual([]);
    expect(c.serviceGuide).toEqual({ 受理机构: '某局', 咨询电话: '0999-1' });
    expect(c.version).toBe(3);
  });
  it('a review rule of the justice bureau applies to the whole jurisdiction', () => {
    const c = publicContent('review_catalog', rules[1] as ReviewRuleData, { ...agency, isSupervising: true }, 1);
    expect(publicFieldProblems('review_catalog', c)).toEqual([]);
    expect(c.agencyId).toBeNull();
    expect(c).not.toHaveProperty('organisationThreshold');
  });
});
