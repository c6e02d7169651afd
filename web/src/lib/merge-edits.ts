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
    else conflicts.push({ field, mine: shown(mine[field]) });
  }
  return { values, conflicts };
}

/** The notice above the form after a 412: which version is loaded, and what of the typed input is where. */
export function staleText<T>(
  problem: string,
  version: number | null | undefined,
  conflicts: MergeResult<T>['conflicts'],
  labels: Record<string, string>,
) {
  const kept = conflicts.length
    ? `他人也改了以下内容，表单显示的是他人的修改，您输入的是：${conflicts.map((c) => `${labels[String(c.field)] ?? String(c.field)}「${c.mine}」`).join('；')}。`
    : '您的其他修改已保留在表单中。';
  return `${problem}。表单已载入最新的第 ${version ?? '—'} 版。${kept}请核对后再保存。`;
}

/** One text per value, so that '', null and undefined are one "empty", dates compare by day and lists by content. */
function comparable(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (isDayjs(v)) return v.format('YYYY-MM-DD');
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    return v.every((x) => typeof x !== 'object' || x === null) ? [...v].map(String).sort().join('、') : JSON.stringify(v.map(canonical));
  }
  if (typeof v === 'object') return JSON.stringify(canonical(v));
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** Objects with sorted keys and no empty values, so a form's and a record's forms of one value compare equal. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v !== 'object' || v === null) return typeof v === 'string' ? v.trim() : v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined && x !== null && x !== '') out[k] = canonical(x);
  }
  return out;
}

/** What the notice quotes of a typed value: text as typed; a list of rows is named, not dumped. */
function shown(v: unknown): string {
  const c = comparable(v);
  if (c === null) return '（空）';
  if (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null)) return `${v.length} 项（请重新填写）`;
  return c;
}

const isDayjs = (v: unknown): v is Dayjs =>
  typeof v === 'object' && v !== null && typeof (v as Dayjs).format === 'function' && 'isValid' in (v as object);
