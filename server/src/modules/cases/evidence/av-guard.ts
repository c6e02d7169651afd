/**
 * R-C04 enforced (issue 9 §4): the engine asks here before it takes an action with an `avDuty`.
 * The duty list is the agency's confirmed 音像记录事项清单 (its own and its justice bureau's); the
 * decision is the pure `avRecordRefusal` of rules.ts.
 */
import type { AnyDb } from '../../../platform/db/tables';
import { confirmedAvDuties } from '../../catalog';
import { casesDb } from '../db';
import type { ActionDef, ProcedureDefinition } from '../definition';
import { definitionOf } from '../definitions';
import type { Refusal } from '../facts';
import { avRecordRefusal, dutyFor, dutyLabels } from './rules';
import type { AvRequirement } from './schema';

/** The case's AV records by step, withdrawn ones marked (they do not count). */
async function avRecords(db: AnyDb, caseId: string) {
  const rows = await casesDb(db)
    .selectFrom('evidence_item as e')
    .leftJoin('evidence_withdrawal as w', 'w.item_id', 'e.id')
    .select(['e.step', 'w.item_id as withdrawn'])
    .where('e.case_id', '=', caseId)
    .where('e.category', '=', 'av_record')
    .execute();
  return rows.map((r) => ({ step: r.step, withdrawn: r.withdrawn !== null }));
}

/** The refusal of an action for want of its full-process AV record, or null (no duty, or recorded). */
export async function avRefusal(db: AnyDb, c: { agencyId: string; caseId: string }, action: ActionDef): Promise<Refusal | null> {
  if (!action.avDuty) return null;
  const duties = await confirmedAvDuties(db, c.agencyId);
  if (dutyFor(action.avDuty, duties)?.duty !== 'full_process') return null;
  return avRecordRefusal(action, duties, await avRecords(db, c.caseId));
}

/** What the case page shows beside each action of the procedure that needs a full-process record. */
export async function avRequirements(
  db: AnyDb,
  row: { id: string; agency_id: string },
  def: ProcedureDefinition,
  items?: readonly { category: string; step: string | null; withdrawn: unknown }[],
): Promise<AvRequirement[]> {
  if (!def.actions.some((a) => a.avDuty)) return [];
  const duties = await confirmedAvDuties(db, row.agency_id);
  const records = items
    ? items.filter((i) => i.category === 'av_record').map((i) => ({ step: i.step, withdrawn: i.withdrawn !== null }))
    : await avRecords(db, row.id);
  const out: AvRequirement[] = [];
  for (const a of def.actions) {
    const duty = dutyFor(a.avDuty, duties);
    if (duty?.duty !== 'full_process' || out.some((o) => o.action === a.name)) continue;
    out.push({
      action: a.name,
      actionLabel: a.label,
      code: duty.code,
      step: duty.step,
      duty: duty.duty,
      dutyLabel: dutyLabels[duty.duty],
      basis: duty.basis ?? null,
      recorded: records.some((r) => r.step === a.name && !r.withdrawn),
    });
  }
  return out;
}

/**
 * Whether taking `actionName` on the case now waits for a full-process AV record (the demo records
 * one first, as an officer on site would): the action's step and label, or null.
 */
export async function avRecordNeeded(db: AnyDb, caseId: string, actionName: string): Promise<{ step: string; label: string } | null> {
  const row = await casesDb(db)
    .selectFrom('enforcement_case')
    .select(['id', 'agency_id', 'state', 'procedure_code', 'procedure_version'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) return null;
  const def = await definitionOf(db, row.procedure_code, row.procedure_version);
  const action = def.actions.find((a) => a.name === actionName && a.from.includes(row.state));
  if (!action) return null;
  const refusal = await avRefusal(db, { agencyId: row.agency_id, caseId: row.id }, action);
  return refusal ? { step: action.name, label: action.label } : null;
}
