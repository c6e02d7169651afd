/**
 * Where procedure definitions come from (issue 8 §2): the built-in ones (`procedures/`, version 1)
 * and the versions a jurisdiction adds, all kept as rows of `procedure_definition` (append-only).
 * A case pins the version it was opened on, so a later version never changes a running case.
 */
import type { ValidateFunction } from 'ajv';
import { sql } from 'kysely';
import { type Actor, journalActor } from '../../platform/auth';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, notFound } from '../../platform/errors';
import { describeValidationErrors } from '../../platform/http/validation';
import { jurisdictionChain } from '../../platform/scope';
import { casesDb } from './db';
import type { ActionDef, ProcedureDefinition } from './definition';
import { definitionProblems, inputAjv } from './definition-check';
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

/**
 * The version new cases of a procedure open on in a jurisdiction: the latest of the built-in ones
 * and those the jurisdiction or a jurisdiction above it added, already in effect on `onDate`.
 */
export async function currentDefinition(
  db: AnyDb,
  code: string,
  jurisdictionCode: string,
  onDate = '9999-12-31',
): Promise<ProcedureDefinition> {
  const chain = (await jurisdictionChain(db, jurisdictionCode)).map((j) => j.code);
  const row = await casesDb(db)
    .selectFrom('procedure_definition')
    .select(['version'])
    .where('code', '=', code)
    .where('effective_from', '<=', onDate)
    .where((eb) => eb.or([eb('jurisdiction_code', 'is', null), ...(chain.length ? [eb('jurisdiction_code', 'in', chain)] : [])]))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const builtIn = builtInProcedures.filter((p) => p.code === code).sort((a, b) => b.version - a.version)[0];
  if (row && (!builtIn || row.version > builtIn.version)) return definitionOf(db, code, row.version);
  if (!builtIn) throw notFound('执法程序', { procedure: code });
  return builtIn;
}

/** Every procedure new cases may open on, for a jurisdiction, on a day. */
export async function currentDefinitions(db: AnyDb, jurisdictionCode: string | null, onDate?: string): Promise<ProcedureDefinition[]> {
  const codes = [...new Set(builtInProcedures.map((p) => p.code))];
  return Promise.all(codes.map((c) => currentDefinition(db, c, jurisdictionCode ?? '', onDate)));
}

/**
 * A definition as sent: either the engine's own shape or the shape `GET /procedures` answers
 * (states as a list, absent parts as null), so a bureau can take a listed procedure, change it and
 * send it back.
 */
function fromView(raw: Record<string, unknown>): ProcedureDefinition {
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  const states = Array.isArray(raw.states)
    ? Object.fromEntries(
        (raw.states as { name: string; label: string; final?: boolean }[]).map((s) => [
          s.name,
          { label: s.label, final: s.final ?? false },
        ]),
      )
    : raw.states;
  const actions = Array.isArray(raw.actions)
    ? (raw.actions as Record<string, unknown>[]).map((a) => {
        const { toLabel: _label, ...rest } = drop(a);
        return rest;
      })
    : raw.actions;
  return { ...drop(raw), states, actions } as unknown as ProcedureDefinition;
}

/**
 * A jurisdiction's own version of a procedure (issue 8 §2: procedures are data a jurisdiction can
 * extend), added by its justice bureau from an effective date, checked before it is stored and
 * journaled. Running cases keep the version they were opened on.
 */
export async function addProcedureVersion(
  ctx: AppContext,
  actor: Actor,
  code: string,
  body: { definition: Record<string, unknown>; effectiveFrom: string; reason: string },
): Promise<ProcedureDefinition> {
  if (!actor.roles.includes('supervisor') || !actor.jurisdictionCode)
    throw new AppError('FORBIDDEN', '只有司法局可以为本辖区增加执法程序的版本', {});
  const today = shanghaiDate(ctx.clock.now());
  if (body.effectiveFrom < today)
    throw new AppError('VALIDATION_FAILED', '生效日期不能早于今天：新的程序版本只用于此后登记的案件', {
      fields: [{ field: 'effectiveFrom', message: '生效日期不能早于今天', in: 'body' }],
    });
  const base = await currentDefinition(ctx.db, code, actor.jurisdictionCode);
  const jurisdictionCode = actor.jurisdictionCode;
  return ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`procedure:${code}`}))`.execute(trx);
    const last = await casesDb(trx)
      .selectFrom('procedure_definition')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', code)
      .executeTakeFirst();
    const builtInMax = Math.max(0, ...builtInProcedures.filter((p) => p.code === code).map((p) => p.version));
    const version = Math.max(Number(last?.v ?? 0), builtInMax) + 1;
    const def = { ...fromView(body.definition), code: base.code, version };
    const problems = definitionProblems(def);
    if (problems.length)
      throw new AppError('INPUT_INVALID', `程序定义不能运行：${problems[0]}`, {
        fields: problems.map((m) => ({ field: 'definition', message: m, in: 'body' })),
      });
    for (const b of builtInProcedures.filter((p) => p.code === code)) await storeDefinition(trx, b, ctx.clock.now());
    await casesDb(trx)
      .insertInto('procedure_definition')
      .values({
        code: def.code,
        version,
        jurisdiction_code: jurisdictionCode,
        label: def.label,
        definition: JSON.stringify(def),
        effective_from: body.effectiveFrom,
        created_at: ctx.clock.now(),
        created_by: actor.userId,
      })
      .execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'procedure.version',
      entity: { type: 'procedure', id: `${def.code}@${version}` },
      payload: {
        code: def.code,
        version,
        jurisdictionCode,
        effectiveFrom: body.effectiveFrom,
        reason: body.reason,
        basedOn: `${base.code}@${base.version}`,
      },
    });
    return def;
  });
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
    validate = inputAjv.compile(schema);
    validators.set(schema, validate);
  }
  const value = structuredClone(input ?? {});
  if (validate(value)) return value as Record<string, unknown>;
  const fields = describeValidationErrors(validate.errors ?? [], 'body').map((f) => {
    const label = labelOf(schema, f.field);
    return { ...f, message: label ? `${label}${f.message}` : `${f.field} ${f.message}` };
  });
  const first = fields[0];
  throw new AppError('INPUT_INVALID', `${what}的填写有误${first ? `：${first.message}` : ''}`, { fields });
}
