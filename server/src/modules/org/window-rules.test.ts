import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../disclosure';
import { windowNumberProblem } from './window-rules';

describe('R-D18: nothing personal on a board (the disclosure detector)', () => {
  it.each([
    ['咨询电话 13912345678', '手机'],
    ['联系人手机 139 1234 5678', '手机'],
    ['联系人手机 139-1234-5678', '手机'],
    ['+8613912345678', '手机'],
    ['身份证 110105199003071239', '身份号码'],
    ['99010219900307109X', '身份号码'],
  ])('refuses %s', (text, word) => {
    expect(findPersonalData(text)?.message).toContain(word);
  });

  it.each([
    '咨询电话 0999-88000102（工作日）',
    '12345 政务服务便民热线',
    '12315 市场监管投诉举报热线',
    '登录示范市政务服务网“办件查询”，输入受理编号 2026030200012',
    '执法证号 99010201000012',
    '400-123-4567',
  ])('lets %s through', (text) => {
    expect(findPersonalData(text)).toBeNull();
  });
});

describe('window numbers', () => {
  it('short codes only', () => {
    expect(windowNumberProblem('A03')).toBeNull();
    expect(windowNumberProblem('2-15')).toBeNull();
    expect(windowNumberProblem('A 03')).toContain('窗口编号');
    expect(windowNumberProblem('')).toContain('窗口编号');
  });
});
