import { describe, expect, it } from 'vitest';
import { classifyChange, contentOf, entryState, fieldDiff, type ItemState, readableChanges } from './rules';

const state = (version: number, status: ItemState['status']): ItemState => ({
  version,
  status,
  revisionId: 'r',
  seq: 1,
  decisionNote: null,
  decidedBy: null,
  decidedAt: null,
});

describe('entryState: an edit after a submission never joins it', () => {
  it.each([
    [1, undefined, 'draft'],
    [2, state(2, 'submitted'), 'submitted'],
    [3, state(2, 'submitted'), 'draft'],
    [2, state(2, 'returned'), 'returned'],
    [3, state(2, 'returned'), 'draft'],
    [2, state(2, 'confirmed'), 'published'],
    [3, state(2, 'confirmed'), 'draft'],
  ] as const)('version %i with %o is %s', (version, s, expected) => {
    expect(entryState(version, s)).toBe(expected);
  });
});

describe('classifyChange', () => {
  const e = (content: Record<string, unknown>, subjectId = 'A') => ({ subjectId, label: 'A', content });
  it('tells added, removed, changed and internal-only apart', () => {
    expect(classifyChange(null, e({ a: 1 }))).toBe('added');
    expect(classifyChange(e({ a: 1 }), null)).toBe('removed');
    expect(classifyChange(e({ a: 1 }), e({ a: 2 }))).toBe('changed');
    expect(classifyChange(e({ a: 1 }), e({ a: 1 }, 'B'))).toBe('changed');
    expect(classifyChange(e({ a: 1, b: [2] }), e({ a: 1, b: [2] }))).toBe('internal');
    expect(classifyChange(null, null)).toBe('internal');
  });
});

describe('fieldDiff and readableChanges: what the bureau reads', () => {
  it('lists changed fields only, absent and null alike', () => {
    expect(fieldDiff({ a: 1, b: null, c: [1] }, { a: 2, c: [1] })).toEqual([{ field: 'a', before: 1, after: 2 }]);
    expect(fieldDiff(null, { a: 1 })).toEqual([{ field: 'a', before: null, after: 1 }]);
  });
  it('shows the Chinese label instead of the code, and no record ids or version numbers', () => {
    const changes = fieldDiff(
      { status: 'red', statusLabel: '红码', agencyId: 'x', agency_id: 'x', id: '1', version: 1, name: '甲' },
      { status: 'green', statusLabel: '绿码', agencyId: 'y', agency_id: 'y', id: '2', version: 2, name: '乙' },
    );
    expect(readableChanges(changes).map((c) => c.field)).toEqual(['statusLabel', 'name']);
  });
});

describe('contentOf: the hash covers the items whatever their order', () => {
  it('sorts by key', () => {
    const a = { key: 'a', version: 1, label: 'A', data: {}, public: null };
    const b = { key: 'b', version: 1, label: 'B', data: {}, public: null };
    expect(contentOf([a, b])).toBe(contentOf([b, a]));
  });
});
