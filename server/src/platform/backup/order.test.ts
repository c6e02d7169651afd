import { describe, expect, it } from 'vitest';
import { isLoadOrder, loadOrder } from './order';

describe('loadOrder', () => {
  it('puts referenced tables first, alphabetically among equals, ignoring self references', () => {
    const tables = [
      { name: 'officer', references: ['agency'] },
      { name: 'agency', references: ['agency', 'jurisdiction'] },
      { name: 'jurisdiction', references: ['jurisdiction'] },
      { name: 'blob', references: [] },
    ];
    const order = loadOrder(tables);
    expect(order).toEqual(['blob', 'jurisdiction', 'agency', 'officer']);
    expect(isLoadOrder(order, tables)).toBe(true);
    expect(isLoadOrder(['officer', 'agency', 'jurisdiction', 'blob'], tables)).toBe(false);
  });

  it('refuses a cycle between two tables, naming them', () => {
    expect(() =>
      loadOrder([
        { name: 'a', references: ['b'] },
        { name: 'b', references: ['a'] },
        { name: 'c', references: [] },
      ]),
    ).toThrow(/a、b/);
  });
});
