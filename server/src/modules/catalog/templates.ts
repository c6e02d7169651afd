/**
 * Document templates in the catalog (issue 9 §5, R-C02, R-S08), versioned like procedures
 * (cases/definitions.ts): the built-in template of each instrument is version 1 (server/templates/
 * <code>.docx, for every jurisdiction); a justice bureau adds its own versions for its jurisdiction
 * with an effective date. A document uses the latest version in force on its date in the
 * document's jurisdiction or one above it. Versions are append-only and journaled.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Actor, journalActor } from '../../platform/auth';
import { claimUpload, finishedUpload, recordBlob } from '../../platform/blobs';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb } from '../../platform/db/tables';
import { AppError, notFound } from '../../platform/errors';
import { jurisdictionChain } from '../../platform/scope';
import { catalogDb } from './db';
import { templatePlaceholders, unknownPlaceholders } from './templates-compile';
import { commonPlaceholders, instrumentByCode, instruments, loopPlaceholders } from './templates-instruments';

const tdb = catalogDb;
const templatesDir = fileURLToPath(new URL('../../../templates/', import.meta.url));
const builtIn = new Map<string, Buffer>();

function instrumentOf(code: string) {
  const inst = instrumentByCode.get(code);
  if (!inst) throw notFound('文书模板', { code });
  return inst;
}

/** The built-in .docx of an instrument (version 1). */
export function builtInTemplate(code: string): Buffer {
  instrumentOf(code);
  let b = builtIn.get(code);
  if (!b) {
    b = readFileSync(`${templatesDir}${code}.docx`);
    builtIn.set(code, b);
  }
  return b;
}

const builtInTags = new Map<string, string[]>();
/** The placeholders of a built-in template, compiled once (they change only with a release). */
function builtInPlaceholders(code: string): string[] {
  let tags = builtInTags.get(code);
  if (!tags) {
    tags = flat(templatePlaceholders(builtInTemplate(code)));
    builtInTags.set(code, tags);
  }
  return tags;
}

async function readBlob(ctx: AppContext, hash: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await ctx.blobs.get(hash)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const versionColumns = [
  'code',
  'version',
  'jurisdiction_code',
  sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from'),
  'blob_hash',
  'size',
  'placeholders',
  'reason',
  'created_at',
  'created_by_name',
] as const;

/** The template of `code` in force on `onDate` in a jurisdiction: its version and its bytes (`db`: the caller's transaction, if any). */
export async function templateInForce(
  ctx: AppContext,
  code: string,
  jurisdictionCode: string,
  onDate: string,
  db: AnyDb = ctx.db,
): Promise<{ version: number; bytes: Buffer }> {
  instrumentOf(code);
  const chain = (await jurisdictionChain(db, jurisdictionCode)).map((j) => j.code);
  const row = chain.length
    ? await tdb(db)
        .selectFrom('document_template_version')
        .select(['version', 'blob_hash'])
        .where('code', '=', code)
        .where('jurisdiction_code', 'in', chain)
        .where('effective_from', '<=', onDate)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  if (!row) return { version: 1, bytes: builtInTemplate(code) };
  return { version: row.version, bytes: await readBlob(ctx, row.blob_hash) };
}

/** The bytes of one version (1 = built in). */
export async function templateVersionBytes(ctx: AppContext, code: string, version: number): Promise<Buffer> {
  if (version === 1) return builtInTemplate(code);
  const row = await tdb(ctx.db)
    .selectFrom('document_template_version')
    .select(['blob_hash'])
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound('文书模板版本', { code, version });
  return readBlob(ctx, row.blob_hash);
}

const flat = (p: { top: string[]; loops: Record<string, string[]> }) => [
  ...p.top.filter((t) => !p.loops[t]),
  ...Object.entries(p.loops).flatMap(([l, inner]) => [l, ...inner.map((i) => `${l}.${i}`)]),
];

/** GET /document-templates: every instrument, its placeholders and its versions with their effective dates. */
export async function listTemplates(ctx: AppContext, actor: Actor) {
  const chain = (await jurisdictionChain(ctx.db, actor.jurisdictionCode)).map((j) => j.code);
  const rows = chain.length
    ? await tdb(ctx.db)
        .selectFrom('document_template_version')
        .select(versionColumns)
        .where('jurisdiction_code', 'in', chain)
        .orderBy('version')
        .execute()
    : [];
  return {
    items: instruments.map((inst) => ({
      code: inst.code,
      name: inst.name,
      decision: inst.decision,
      freeFields: inst.freeFields.map((x) => ({ name: x.name, label: x.label, multiline: x.multiline ?? false })),
      placeholders: [
        ...Object.entries(commonPlaceholders).map(([name, label]) => ({ name, label })),
        ...Object.entries(loopPlaceholders).flatMap(([loop, inner]) =>
          Object.entries(inner).map(([name, label]) => ({ name: `${loop}.${name}`, label })),
        ),
        ...inst.freeFields.map((x) => ({ name: x.name, label: x.label })),
      ],
      versions: [
        {
          version: 1,
          builtIn: true,
          jurisdictionCode: null,
          effectiveFrom: '2021-07-15',
          reason: '内置模板',
          size: builtInTemplate(inst.code).length,
          placeholders: builtInPlaceholders(inst.code),
          createdAt: null,
          createdByName: null,
        },
        ...rows
          .filter((r) => r.code === inst.code)
          .map((r) => ({
            version: r.version,
            builtIn: false,
            jurisdictionCode: r.jurisdiction_code,
            effectiveFrom: r.effective_from,
            reason: r.reason,
            size: Number(r.size),
            placeholders: (typeof r.placeholders === 'string' ? JSON.parse(r.placeholders) : r.placeholders) as string[],
            createdAt: new Date(r.created_at).toISOString(),
            createdByName: r.created_by_name,
          })),
      ],
    })),
  };
}

/**
 * POST /document-templates/{code}/versions: a justice bureau's own version of a template for its
 * jurisdiction, from a .docx uploaded through tus. It is compiled first; a template naming a
 * placeholder the instrument does not know is refused (422, each listed) and nothing is written.
 */
export async function addTemplateVersion(
  ctx: AppContext,
  actor: Actor,
  code: string,
  body: { uploadId: string; effectiveFrom: string; reason: string },
) {
  instrumentOf(code);
  if (!actor.roles.includes('supervisor') || !actor.jurisdictionCode)
    throw new AppError('FORBIDDEN', '只有司法局可以为本辖区增加文书模板的版本', {});
  const today = shanghaiDate(ctx.clock.now());
  if (body.effectiveFrom < today)
    throw new AppError('VALIDATION_FAILED', '生效日期不能早于今天：已制作的文书不因新模板改变', {
      fields: [{ field: 'effectiveFrom', message: '生效日期不能早于今天', in: 'body' }],
    });
  const upload = await finishedUpload(ctx.db, actor.userId, body.uploadId);
  const bytes = await readBlob(ctx, upload.hash);
  const unknown = unknownPlaceholders(code, bytes);
  if (unknown.length)
    throw new AppError('INPUT_INVALID', `模板含有本文书不能使用的占位符：${unknown.map((u) => `{${u}}`).join('、')}`, {
      fields: [{ field: 'uploadId', message: `未知占位符：${unknown.join('、')}`, in: 'body' }],
      unknown,
    });
  const placeholders = flat(templatePlaceholders(bytes));
  const jurisdictionCode = actor.jurisdictionCode;
  return ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`template:${code}`}))`.execute(trx);
    await claimUpload(trx, actor.userId, body.uploadId);
    const last = await tdb(trx)
      .selectFrom('document_template_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', code)
      .executeTakeFirst();
    const version = Math.max(1, Number(last?.v ?? 0)) + 1;
    const now = ctx.clock.now();
    await recordBlob(trx, { hash: upload.hash, algorithm: ctx.blobs.algorithm, size: upload.size }, now);
    const entry = await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'catalog.template.version',
      entity: { type: 'document_template', id: `${code}@${version}` },
      payload: { code, version, jurisdictionCode, effectiveFrom: body.effectiveFrom, reason: body.reason, hash: upload.hash, placeholders },
    });
    await tdb(trx)
      .insertInto('document_template_version')
      .values({
        code,
        version,
        jurisdiction_code: jurisdictionCode,
        effective_from: body.effectiveFrom,
        blob_hash: upload.hash,
        size: upload.size,
        placeholders: JSON.stringify(placeholders),
        reason: body.reason,
        created_at: now,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        journal_seq: entry.seq,
      })
      .execute();
    return {
      code,
      version,
      jurisdictionCode,
      effectiveFrom: body.effectiveFrom,
      reason: body.reason,
      size: upload.size,
      placeholders,
      journalSeq: entry.seq,
    };
  });
}
