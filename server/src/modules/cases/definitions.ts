/**
 * Where procedure definitions come from (issue 8 §2): the built-in ones (`procedures/`, version 1)
 * and the versions a jurisdiction adds, all kept as rows of `procedure_definition` (append-only).
 * A case pins the version it was opened on, so a later version never changes a running case.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, notFound } from '../../platform/errors';
import { describeValidationErrors } from '../../platform/http/validation';
import { casesDb } from './db';
import type { ActionDef, ProcedureDefinition } from './definition';
import { builtInProcedures } from './procedures';

const cache = new Map<string, ProcedureDefinition>();
const key = (code: string, version: number) => `${code}@${version}`;

/** The definition a case runs on; built-ins answer from memory, jurisdiction versions from the table. */
export async function definitionOf(db: AnyDb, code: string, version: number): Promise<ProcedureDefinition> {
  const hit = cache.get(key(code, version));
  if (hit) return hit;
  const builtIn = builtInProcedures.find((p) => p.code === code && p.version === version);
  if (builtIn) return builtIn;
  const row = await casesDb(db)
    .selectFrom('procedure_definition')
    .select(['definition'])
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound('执法程序', { procedure: code, version });
  const def = (typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition) as ProcedureDefinition;
  cache.set(key(code, version), def);
  return def;
}

/** The version new cases of a procedure open on: the latest built-in (jurisdiction versions: by their rows). */
export async function currentDefinition(db: AnyDb, code: string, jurisdictionCode: string): Promise<ProcedureDefinition> {
  const row = await casesDb(db)
    .selectFrom('procedure_definition')
    .select(['version'])
    .where('code', '=', code)
    .where((eb) => eb.or([eb('jurisdiction_code', 'is', null), eb('jurisdiction_code', '=', jurisdictionCode)]))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const builtIn = builtInProcedures.filter((p) => p.code === code).sort((a, b) => b.version - a.version)[0];
  if (row && (!builtIn || row.version > builtIn.version)) return definitionOf(db, code, row.version);
  if (!builtIn) throw notFound('执法程序', { procedure: code });
  return builtIn;
}

/** Every procedure new cases may open on, for a jurisdiction. */
export async function currentDefinitions(db: AnyDb, jurisdictionCode: string | null): Promise<ProcedureDefinition[]> {
  const codes = [...new Set(builtInProcedures.map((p) => p.code))];
  return Promise.all(codes.map((c) => currentDefinition(db, c, jurisdictionCode ?? '')));
}

/** The row a case's foreign key points at: a built-in version is stored the first time a case uses it. */
export async function storeDefinition(trx: AnyTrx, def: ProcedureDefinition, at: Date): Promise<void> {
  await casesDb(trx)
    .insertInto('procedure_definition')
    .values({
      code: def.code,
      version: def.version,
      jurisdiction_code: null,
      label: def.label,
      definition: JSON.stringify(def),
      effective_from: '2021-07-15',
      created_at: at,
      created_by: 'system',
    })
    .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Inputs: validated against the action's JSON schema (422, issue 8 §3)

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
addFormats(ajv);
const validators = new WeakMap<object, ValidateFunction>();

/** The Chinese name of an input field, from its schema's title or description. */
function labelOf(schema: ActionDef['input'], path: string): string | null {
  let node: unknown = schema;
  for (const part of path.split('.')) {
    const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    const items = (node as { items?: unknown } | undefined)?.items;
    node = props?.[part] ?? (/^\d+$/.test(part) ? items : undefined);
    if (!node) return null;
  }
  const n = node as { title?: string; description?: string };
  return n.title ?? n.description?.split(/[，,；;（(]/)[0] ?? null;
}

/** Validates (and fills defaults into) an input; 422 with one message per field otherwise. */
export function validateInput(schema: ActionDef['input'], input: unknown, what: string): Record<string, unknown> {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  const value = structuredClone(input ?? {});
  if (validate(value)) return value as Record<string, unknown>;
  const fields = describeValidationErrors(validate.errors ?? [], 'body').map((f) => {
    const label = labelOf(schema, f.field);
    return { ...f, message: label ? `${label}${f.message}` : f.message };
  });
  const first = fields[0];
  throw new AppError('INPUT_INVALID', `${what}的填写有误${first ? `：${first.message}` : ''}`, { fields });
}
