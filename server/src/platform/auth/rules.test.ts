import { describe, expect, it } from 'vitest';
import { defaultSecurityPolicy as policy } from './policy';
import { type AuthEvent, lockoutState, passwordProblems, roleSetProblems } from './rules';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 1, minute));
const ev = (action: string, minute: number): AuthEvent => ({ action, occurredAt: at(minute) });
const fails = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ev('auth.login_failed', from + i));

describe('lockoutState (ADR 0003)', () => {
  it.each([
    ['no events', [], at(0), false, 6],
    ['five failures: one attempt left', fails(5), at(5), false, 1],
    ['six failures: locked for 15 minutes', fails(6), at(6), true, 6],
    ['lock over after 15 minutes', fails(6), at(20), false, 6],
    ['a success ends the run', [...fails(5), ev('auth.login', 5), ...fails(1, 6)], at(7), false, 5],
    ['an unlock ends the lock', [...fails(6), ev('user.unlock', 7)], at(8), false, 6],
    ['a new run after an expired lock', [...fails(6), ...fails(6, 30)], at(36), true, 6],
  ] as const)('%s', (_name, events, now, locked, remaining) => {
    const s = lockoutState([...events], policy, now);
    expect(s.locked).toBe(locked);
    expect(s.remaining).toBe(remaining);
    if (locked) expect(s.lockedUntil?.getTime()).toBeGreaterThan(now.getTime());
  });
});

describe('passwordProblems', () => {
  it.each([
    ['sanxiang-demo', []],
    ['Enforce-2026', []],
    ['short1', ['密码长度至少 8 位']],
    ['abcdefghij', ['密码须包含小写字母、大写字母、数字、符号中的至少 2 类']],
    ['officer2026!', ['密码不能包含用户名']],
  ])('%s', (password, problems) => {
    expect(passwordProblems(password, 'officer', policy)).toEqual(problems);
  });
});

describe('roleSetProblems (三员分立)', () => {
  it('refuses two administrator roles, and an administrator with a business role', () => {
    expect(roleSetProblems(['officer', 'reviewer'])).toEqual([]);
    expect(roleSetProblems(['auditor'])).toEqual([]);
    expect(roleSetProblems(['auditor', 'system_admin'])[0]).toContain('三员分立');
    expect(roleSetProblems(['security_admin', 'officer'])[0]).toContain('业务角色');
  });
});
