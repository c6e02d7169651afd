import { describe, expect, it } from 'vitest';
import { nameSortKey } from './sort-key';

const byKey = (names: string[], person = false) =>
  [...names].sort((a, b) => {
    const x = nameSortKey(a, { person });
    const y = nameSortKey(b, { person });
    // byte order, as the column's collate "C"
    return x < y ? -1 : x > y ? 1 : 0;
  });

describe('nameSortKey (pinyin order)', () => {
  it('张/李/王/阿 sort as 阿, 李, 王, 张', () => {
    expect(byKey(['张伟', '李娜', '王芳', '阿强'], true)).toEqual(['阿强', '李娜', '王芳', '张伟']);
  });
  it('a shorter name that is a prefix comes first; same reading is still a fixed order', () => {
    expect(byKey(['李娜娜', '李娜'], true)).toEqual(['李娜', '李娜娜']);
    expect(nameSortKey('李娜')).not.toBe(nameSortKey('里娜'));
  });
  it('a surname is read as a surname', () => {
    expect(nameSortKey('单雄', { person: true }).startsWith('shan4 ')).toBe(true);
    expect(nameSortKey('曾国藩', { person: true }).startsWith('zeng1 ')).toBe(true);
  });
  it('agency names: 城管 before 市场 before 司法', () => {
    expect(byKey(['示范区司法局', '示范区市场监督管理局', '示范区城市管理综合执法局'])).toEqual([
      '示范区城市管理综合执法局',
      '示范区市场监督管理局',
      '示范区司法局',
    ]);
  });
});
