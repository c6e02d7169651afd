import { type Actor, journalActor } from '../../platform/auth';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden } from '../../platform/errors';
import { isSupervisorOf } from './access';
import { changeOfficerStatus, insertOfficer, officerInScope, reviseOfficer, viewOf } from './officers';
import type { TransferOfficerBody } from './schema';
import { agencyInScope, jsonList } from './service';

/**
 * An officer moves to another agency of the jurisdiction (调动), done by the justice bureau.
 * R-P02: the certificate is revoked on transfer, so the person leaves the old agency's list with a
 * revoked certificate and arrives at the new one without a certificate (not an enforcer until a
 * new one is entered, R-P01). Both changes are pending until the bureau confirms each agency's
 * list, like any other officer change; the two records point at each other in their reasons.
 */
export async function transferOfficer(ctx: AppContext, actor: Actor, id: string, input: TransferOfficerBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const { row, agency: from } = await officerInScope(trx, actor, id);
    if (!isSupervisorOf(actor, from)) throw forbidden('调动执法人员（由司法局办理）');
    const to = await agencyInScope(trx, actor, input.toAgencyId);
    const field = (message: string) => new AppError('VALIDATION_FAILED', message, { fields: [{ field: 'toAgencyId', message }] });
    if (to.id === from.id) throw field('调入机关与现所在机关相同');
    if (to.abolished) throw field(`${to.name}已撤销，不能调入`);
    if (!row.active) throw conflict(`${row.name}已不在${from.name}在岗，不能调动`, { active: false });

    const by = journalActor(actor);
    let left = row;
    if (row.certificate_number && row.status !== 'revoked')
      left = await changeOfficerStatus(trx, ctx, by, left, 'revoked', `调往${to.name}，原执法证件注销`);
    left = (await reviseOfficer(trx, ctx, by, left, { active: false }, `调往${to.name}：${input.reason}`)) ?? left;
    const arrived = await insertOfficer(trx, ctx, by, {
      agencyId: to.id,
      userId: row.user_id,
      name: row.name,
      idNumber: row.id_number,
      post: row.post,
      domains: jsonList(row.domains),
      hasLegalQualification: row.has_legal_qualification,
      isAuxiliary: row.is_auxiliary,
      isEnforcer: false,
      reason: `由${from.name}调入：${input.reason}；须重新申领执法证件后方可执法`,
    });
    await ctx.journal.append(trx, {
      actor: by,
      action: 'officer.transfer',
      entity: { type: 'officer', id: row.id },
      payload: { fromAgencyId: from.id, toAgencyId: to.id, newOfficerId: arrived.id, reason: input.reason },
    });
    const today = shanghaiDate(ctx.clock.now());
    return { left: await viewOf(trx, left, from.name, true, today), arrived: await viewOf(trx, arrived, to.name, true, today) };
  });
}
