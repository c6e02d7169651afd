import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Bodies are validated strictly: wrong types are refused rather than coerced (`"1"` is not 1),
 * unknown fields are refused rather than dropped (STYLE.md "avoid": silently dropping unknown
 * fields). Query strings and path parameters arrive as text, so there types are coerced.
 */
function makeAjv(coerceTypes: boolean) {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, removeAdditional: false, strict: false });
  addFormats(ajv);
  // ids are what randomUUID makes (platform/http/schemas.ts `Id`): no `urn:uuid:` prefix, which ajv-formats allows
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(bounded(schema) as object) as ReturnType<FastifySchemaCompiler<unknown>>;

/** Integers the database can hold (int4): ajv takes `1e309` (Infinity) and 2^53 as integers. */
const intLimit = 2 ** 31 - 1;

/**
 * A copy of a route schema in which every number without bounds gets the database's: without them
 * `version=1e309` or `seq=99999999999999999999` passed validation and failed in PostgreSQL (a 500,
 * issue 7 §4). The route's own schema (and so the OpenAPI document) is left as written.
 */
function bounded(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(bounded);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (k !== '$id') out[k] = k === 'const' || k === 'enum' || k === 'default' ? v : bounded(v);
  const types = Array.isArray(out.type) ? out.type : [out.type];
  if (types.includes('integer') || types.includes('number')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = intLimit;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -intLimit - 1;
  }
  return out;
}

export function addSharedSchema(schema: object & { $id?: string }) {
  for (const ajv of [bodyAjv, textAjv]) if (schema.$id && !ajv.getSchema(schema.$id)) ajv.addSchema(schema);
}

/**
 * One Chinese message per failed field, for `details.fields`. ajv reports a value outside a union
 * of literals once per branch and once more for the union (`format=xml` gave three errors): the
 * errors of one field collapse into one, naming the allowed values when they are literals.
 */
export function describeValidationErrors(errors: ErrorObject[], part: string) {
  const byField = new Map<string, { field: string; message: string; in: string }>();
  const allowed = new Map<string, unknown[]>();
  for (const e of errors) {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field =
      (e.keyword === 'required'
        ? [path, e.params.missingProperty].filter(Boolean).join('.')
        : e.keyword === 'additionalProperties'
          ? [path, e.params.additionalProperty].filter(Boolean).join('.')
          : path) || part;
    if (e.keyword === 'const') allowed.set(field, [...(allowed.get(field) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
    if (e.keyword === 'enum')
      allowed.set(field, [...(allowed.get(field) ?? []), ...((e.params as { allowedValues: unknown[] }).allowedValues ?? [])]);
    // a union's branches fail for the union's reason: the type or literal error of the field stands for all
    if (byField.has(field)) continue;
    byField.set(field, { field, message: messageOf(e), in: part });
  }
  for (const [field, values] of allowed) {
    const entry = byField.get(field);
    const literals = values.filter((v) => typeof v === 'string' || typeof v === 'number');
    if (entry && literals.length === values.length && literals.length > 0 && literals.length <= 12) {
      entry.message = `取值应为 ${[...new Set(literals)].join('、')} 之一`;
    }
  }
  return [...byField.values()];
}

/**
 * Chinese names of the fields most forms send, for the one-line message ("名称不能超过 64 个字");
 * `details.fields[].field` keeps the key a client maps to its input.
 */
const fieldLabels: Record<string, string> = {
  name: '名称',
  displayName: '姓名',
  username: '用户名',
  password: '密码',
  reason: '理由',
  note: '备注',
  code: '编码',
  agencyId: '执法主体',
  officerId: '执法人员',
  parentId: '上级机关',
  id: '记录标识',
  idNumber: '公民身份号码',
  certificateNumber: '执法证件号',
  validFrom: '证件有效期起始日',
  validUntil: '证件有效期截止日',
  phone: '电话',
  address: '地址',
  post: '职务/岗位',
  domains: '执法领域',
  q: '查询词',
  path: '网址',
  agency: '执法主体',
  cursor: '分页游标',
  limit: '每页条数',
  format: '格式',
  status: '状态',
  kind: '类别',
  version: '版本',
  year: '年度',
  hours: '学时',
};

/** The one-line message for a field: "名称（name）不能超过 64 个字", or "fooBar 不能超过 …" for a field without a name. */
export function fieldMessage(field: string, message: string): string {
  const label = fieldLabels[field.split('.').at(-1) ?? field];
  return label ? `${label}（${field}）${message}` : `${field} ${message}`;
}

function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return '必填项缺失';
    case 'additionalProperties':
      return '不允许的字段';
    case 'type':
      return `类型应为 ${typeName(String(p.type))}`;
    case 'minLength':
      return Number(p.limit) === 1 ? '不能为空' : `不能少于 ${p.limit} 个字`;
    case 'maxLength':
      return `不能超过 ${p.limit} 个字`;
    case 'minimum':
      return `不能小于 ${p.limit}`;
    case 'maximum':
      return `不能大于 ${p.limit}`;
    case 'pattern':
      return '格式不正确';
    case 'format':
      return p.format === 'uuid' ? '不是有效的记录标识（应为 UUID）' : `格式应为 ${formatName(String(p.format))}`;
    case 'enum':
    case 'const':
    case 'anyOf':
      return '取值不在允许范围内';
    case 'minItems':
      return `至少 ${p.limit} 项`;
    case 'maxItems':
      return `最多 ${p.limit} 项`;
    case 'minProperties':
      return '至少要提供一个字段';
    default:
      return e.message ?? '取值无效';
  }
}

function typeName(t: string): string {
  return (
    (
      { string: '字符串', integer: '整数', number: '数字', boolean: '布尔值', object: '对象', array: '数组', null: '空值' } as Record<
        string,
        string
      >
    )[t] ?? t
  );
}

function formatName(f: string): string {
  return (
    ({ date: '日期（YYYY-MM-DD）', 'date-time': '日期时间（ISO 8601）', email: '电子邮箱', uri: '网址' } as Record<string, string>)[f] ?? f
  );
}
