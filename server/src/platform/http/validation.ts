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
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;

export function addSharedSchema(schema: object & { $id?: string }) {
  for (const ajv of [bodyAjv, textAjv]) if (schema.$id && !ajv.getSchema(schema.$id)) ajv.addSchema(schema);
}

/** One Chinese message per failed field, for `details.fields`. */
export function describeValidationErrors(errors: ErrorObject[], part: string) {
  return errors.map((e) => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field =
      e.keyword === 'required'
        ? [path, e.params.missingProperty].filter(Boolean).join('.')
        : e.keyword === 'additionalProperties'
          ? [path, e.params.additionalProperty].filter(Boolean).join('.')
          : path;
    return { field: field || part, message: messageOf(e), in: part };
  });
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
      return `长度不能少于 ${p.limit} 个字符`;
    case 'maxLength':
      return `长度不能超过 ${p.limit} 个字符`;
    case 'minimum':
      return `不能小于 ${p.limit}`;
    case 'maximum':
      return `不能大于 ${p.limit}`;
    case 'pattern':
      return '格式不正确';
    case 'format':
      return `格式应为 ${p.format}`;
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
