import type { Dayjs } from 'dayjs';
import { dayjs } from '../../../lib/time';

/**
 * The JSON schemas of the procedure definitions (server/src/modules/cases/procedures/*.ts), as far
 * as the forms read them: every field carries a Chinese `title` and `description`, a choice is an
 * `anyOf` of titled literals, a legal date is `format: date`, money is a number in yuan (issue 8 §2).
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export type FieldKind =
  | 'text'
  | 'longText'
  | 'date'
  | 'dateTime'
  | 'number'
  | 'boolean'
  | 'const'
  | 'choice'
  | 'choices'
  | 'tags'
  | 'objects'
  | 'object'
  | 'unknown';

export interface ChoiceOption {
  value: string | number | boolean;
  label: string;
}

/** A union's members without its null member (an optional-or-null field is still one field). */
function members(schema: JsonSchema): JsonSchema[] {
  return (schema.anyOf ?? []).filter((m) => m.type !== 'null');
}

/** The literal choices of a union of literals or an enum; null when the schema is not one. */
export function choiceOptions(schema: JsonSchema): ChoiceOption[] | null {
  if (schema.enum) return schema.enum.map((v) => ({ value: v as string, label: String(v) }));
  const ms = members(schema);
  if (ms.length === 0 || !ms.every((m) => m.const !== undefined)) return null;
  // a literal shows its Chinese title (labels.ts); a bare literal its description, else itself
  return ms.map((m) => ({ value: m.const as string, label: m.title ?? m.description ?? String(m.const) }));
}

/** What kind of input a schema asks for (the forms and the timeline's rendering follow it). */
export function kindOf(schema: JsonSchema): FieldKind {
  if (schema.const !== undefined) return 'const';
  if (choiceOptions(schema)) return 'choice';
  const ms = members(schema);
  if (ms.length === 1 && ms[0]) return kindOf(ms[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date') return 'date';
      if (schema.format === 'date-time') return 'dateTime';
      return (schema.maxLength ?? 0) > 200 ? 'longText' : 'text';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = schema.items ?? {};
      if (choiceOptions(items)) return 'choices';
      if (kindOf(items) === 'object') return 'objects';
      return 'tags';
    }
    case 'object':
      return 'object';
    default:
      return 'unknown';
  }
}

/** The schema itself, or its single non-null member (an optional union written as anyOf). */
export function unwrap(schema: JsonSchema): JsonSchema {
  const ms = members(schema);
  return schema.anyOf && ms.length === 1 && ms[0] ? ms[0] : schema;
}

export const labelOf = (schema: JsonSchema, key: string) => schema.title ?? schema.description ?? key;

/** Key under which an optional nested object's "fill it in" switch sits in the form values. */
export const INCLUDE = '__include';

const isDayjs = (v: unknown): v is Dayjs => dayjs.isDayjs(v);

/**
 * The form's values as the action's input: dates as YYYY-MM-DD (Beijing legal dates), trimmed text,
 * blank optional fields left out, an optional object only when its switch is on. The server
 * validates again (422 names the field).
 */
export function toInput(schema: JsonSchema, values: unknown, required = true): unknown {
  const s = unwrap(schema);
  const kind = kindOf(s);
  switch (kind) {
    case 'const':
      return required ? s.const : undefined;
    case 'date':
      return isDayjs(values) ? values.format('YYYY-MM-DD') : typeof values === 'string' && values ? values : undefined;
    case 'dateTime':
      return isDayjs(values) ? values.toISOString() : typeof values === 'string' && values ? values : undefined;
    case 'text':
    case 'longText': {
      if (typeof values !== 'string') return undefined;
      const t = values.trim();
      return t === '' ? undefined : t;
    }
    case 'number':
      return typeof values === 'number' && Number.isFinite(values) ? values : undefined;
    case 'boolean':
      // a required flag is a statement the officer makes: unticked is false; an optional one only when touched
      return typeof values === 'boolean' ? values : required ? false : undefined;
    case 'choice':
      return values === null || values === '' ? undefined : values;
    case 'choices':
    case 'tags': {
      const list = Array.isArray(values) ? values.filter((v) => v !== '' && v !== undefined && v !== null) : [];
      const cleaned = kind === 'tags' ? list.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '') : list;
      return cleaned.length === 0 && !required ? undefined : cleaned;
    }
    case 'objects': {
      const list = Array.isArray(values) ? values : [];
      const out = list.map((v) => toInput(s.items ?? {}, v ?? {}, true));
      return out.length === 0 && !required ? undefined : out;
    }
    case 'object': {
      const v = (values ?? {}) as Record<string, unknown>;
      if (!required && v[INCLUDE] !== true) return undefined;
      const out: Record<string, unknown> = {};
      const req = new Set(s.required ?? []);
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        const value = toInput(child, v[key], req.has(key));
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    default:
      return values;
  }
}

/**
 * An input as recorded (timeline) back into form values, e.g. to offer the last notified penalty
 * again; dates become Dayjs. Unknown keys are dropped.
 */
export function toFormValues(schema: JsonSchema, input: unknown): unknown {
  const s = unwrap(schema);
  const kind = kindOf(s);
  if (input === undefined || input === null) return undefined;
  if (kind === 'date' || kind === 'dateTime') return typeof input === 'string' ? dayjs(input) : undefined;
  if (kind === 'object') {
    if (typeof input !== 'object') return undefined;
    const out: Record<string, unknown> = { [INCLUDE]: true };
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const v = toFormValues(child, (input as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (kind === 'objects') return Array.isArray(input) ? input.map((v) => toFormValues(s.items ?? {}, v)) : undefined;
  return input;
}

/** A server field path (`party.idNumber`, `items.0.name`, `/party/idNumber`) as a form name path. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^\//, '')
    .split(/[./]/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Whether `path` names a field of the schema (to put a server error on the field, not only in the message). */
export function hasField(schema: JsonSchema, path: (string | number)[]): boolean {
  let s: JsonSchema | undefined = unwrap(schema);
  for (const part of path) {
    if (!s) return false;
    if (typeof part === 'number') {
      s = s.items ? unwrap(s.items) : undefined;
      continue;
    }
    s = s.properties?.[part] ? unwrap(s.properties[part]) : undefined;
  }
  return !!s;
}
