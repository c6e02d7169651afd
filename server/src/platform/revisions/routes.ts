import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf, journalActor, requireCapability } from '../auth';
import type { AppContext } from '../context';
import type { AnyTrx } from '../db/tables';
import { forbidden } from '../errors';
import { errorResponses } from '../http/schemas';
import * as s from './schema';
import { type ConfirmInput, confirm, lockRevision, type RevisionAuthor, returnRevision } from './service';
import type { RevisionTable } from './tables';
import { isDecider, type KindInfo, listRevisions, readableRevision, revisionDetail, revisionView } from './views';

/** How a module confirms a snapshot of one of its lists (publish, bookkeeping). */
export type ConfirmHandler = (listKind: string) => Pick<ConfirmInput, 'publish' | 'onConfirmed'>;

export interface RevisionRouteOptions {
  ctx: AppContext;
  info: KindInfo;
  handler: ConfirmHandler;
  /** refuses free text that must not travel with a change (the disclosure module's personal-data check, R-D13) */
  checkText: (values: Record<string, string | undefined>) => void;
}

const tags = ['变更确认'];

/**
 * The one confirmation queue (issue 6): every list kind's submissions, their frozen content and
 * difference from what is public, and the justice bureau's confirm and return by snapshot id.
 */
export const revisionRoutes: FastifyPluginAsync<RevisionRouteOptions> = async (app, { ctx, info, handler, checkText }) => {
  const authorOf = (request: Parameters<typeof actorOf>[0]): RevisionAuthor => {
    const actor = actorOf(request);
    return { journal: journalActor(actor), id: actor.userId, name: actor.displayName };
  };

  /** A bureau decision on one snapshot: out of the caller's jurisdiction is 404 (DESIGN.md invariant 6). */
  const decide = async (
    request: FastifyRequest<{ Params: s.RevisionParams }>,
    act: (trx: AnyTrx, locked: RevisionTable) => Promise<RevisionTable>,
  ) => {
    const actor = actorOf(request);
    const rev = await ctx.db.transaction().execute(async (trx) => {
      await readableRevision(trx, actor, request.params.id); // outside the scope: 404 (ADR 0007)
      const locked = await lockRevision(trx, request.params.id);
      // in the scope (a bureau above) but not the bureau of the snapshot's own jurisdiction: 403
      if (!isDecider(actor, locked)) throw forbidden('确认或退回其他行政区划的变更（由该区划的司法局办理）');
      return act(trx, locked);
    });
    return revisionView(ctx.db, rev, info);
  };

  const readers = requireCapability('readLists');
  app.get<{ Querystring: s.RevisionQuery }>(
    '/revisions',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listRevisions',
        summary: '提交的变更（司法局确认队列：status=submitted）',
        description:
          '各单位提交的清单变更，司法局按 status=submitted 取确认队列，各单位看本单位的提交。业务角色可调用，只返回其范围内的提交。',
        querystring: s.RevisionQuery,
        response: { 200: s.RevisionList, ...errorResponses },
      },
    },
    (request) => listRevisions(ctx.db, actorOf(request), request.query, info),
  );
  app.get<{ Params: s.RevisionParams }>(
    '/revisions/:id',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getRevision',
        summary: '一次提交：冻结的内容，以及与现公开内容的字段级差异',
        description: '一次提交冻结的内容，以及与现公开内容逐字段的差异，供司法局审看。业务角色可调用；不在范围内 404。',
        params: s.RevisionParams,
        response: { 200: s.RevisionDetail, ...errorResponses },
      },
    },
    (request) => revisionDetail(ctx.db, actorOf(request), request.params.id, info),
  );
  app.post<{ Params: s.RevisionParams; Body: s.ConfirmBody }>(
    '/revisions/:id/confirm',
    {
      preValidation: requireCapability('supervise'),
      schema: {
        tags,
        operationId: 'confirmRevision',
        summary: '司法局确认这次提交并公示（只公示其冻结的内容）',
        description:
          '司法局确认这次提交，公示其冻结的内容（提交后的修改不在其中），并记入全过程记录。仅司法局（执法监督人员）；已被处理或被新提交取代、本人提交或涉及本人记录 409，意见含个人信息 400。',
        params: s.RevisionParams,
        body: s.ConfirmBody,
        response: { 200: s.RevisionView, ...errorResponses },
      },
    },
    (request) => {
      checkText({ confirmNote: request.body.note, releaseReason: request.body.releaseReason });
      return decide(request, (trx, locked) =>
        confirm(trx, ctx, authorOf(request), {
          id: locked.id,
          note: request.body.note ?? null,
          releaseReason: request.body.releaseReason ?? null,
          ...handler(locked.list_kind),
        }),
      );
    },
  );
  app.post<{ Params: s.RevisionParams; Body: s.ReturnBody }>(
    '/revisions/:id/return',
    {
      preValidation: requireCapability('supervise'),
      schema: {
        tags,
        operationId: 'returnRevision',
        summary: '司法局退回这次提交（附理由；不公示，不撤销）',
        description:
          '司法局附理由退回这次提交：不公示，也不撤销单位的工作版本，单位修改后可再次提交。仅司法局（执法监督人员）；已被处理或被新提交取代 409，理由含个人信息 400。',
        params: s.RevisionParams,
        body: s.ReturnBody,
        response: { 200: s.RevisionView, ...errorResponses },
      },
    },
    (request) => {
      checkText({ returnReason: request.body.reason });
      return decide(request, (trx, locked) => returnRevision(trx, ctx, authorOf(request), { id: locked.id, reason: request.body.reason }));
    },
  );
};
