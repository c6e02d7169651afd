import type { Dayjs } from 'dayjs';

/**
 * A save refused because someone else saved first (412): what the person typed must not be lost
 * (issue 7, the browser walk). Three-way, field by field, over the form's values:
 * - a field only the other person changed takes their value;
 * - a field only this person changed keeps what they typed;
 * - a field both changed takes the other person's value, and what this person typed is listed in
 *   `conflicts`, so they can decide and type it again.
 * The form is then saved against the other person's version, only by a new click.
 */
export interface MergeResult<T> {
  values: Partial<T>;
  conflicts: { field: keyof T; mine: string }[];
}

export function mergeEdits<T extends object>(
  base: Partial<T>,
  theirs: Partial<T>,
  mine: Partial<T>,
  fields: readonly (keyof T)[],
): MergeResult<T> {
  const values: Partial<T> = { ...theirs };
  const conflicts: MergeResult<T>['conflicts'] = [];
  for (const field of fields) {
    const b = comparable(base[field]);
    const t = comparable(theirs[field]);
    const m = comparable(mine[field]);
    if (m === b || m === t) continue;
    if (t === b) values[field] = mine[field];
    else conflicts.push({ field, mine: m ?? '（空）' });
  }
  return { values, conflicts };
}

/** One text per value, so that '', null and undefined are one "empty" and dates compare by day. */
function comparable(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (isDayjs(v)) return v.format('YYYY-MM-DD');
  if (Array.isArray(v)) return v.length ? [...v].map(String).sort().join('、') : null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

const isDayjs = (v: unknown): v is Dayjs =>
  typeof v === 'object' && v !== null && typeof (v as Dayjs).format === 'function' && 'isValid' in (v as object);
