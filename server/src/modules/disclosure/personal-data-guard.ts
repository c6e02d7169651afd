import { AppError } from '../../platform/errors';
import { findPersonalDataInFields, type KnownPersonalData } from './personal-data';

/**
 * R-D13 at the boundary for free text around a record — change reasons, submission notes, the
 * public change note (issue 6 §4): refused with the field named, like the record's own fields.
 * `labels` gives each field's Chinese name.
 */
export function assertNoPersonalData(values: Record<string, unknown>, labels: Record<string, string>, known?: KnownPersonalData) {
  const hits = findPersonalDataInFields(values, known);
  const first = hits[0];
  if (!first) return;
  const label = labels[first.field] ?? first.field;
  throw new AppError('VALIDATION_FAILED', `${label}${first.message}，请删除后再保存（个人信息不得公开或随变更流转）`, {
    fields: hits.map((h) => ({ field: h.field, message: h.message })),
  });
}

/** The Chinese names of the notes of a change and a submission. */
export const noteLabels: Record<string, string> = {
  reason: '变更理由',
  note: '提交说明',
  returnReason: '退回理由',
  confirmNote: '确认意见',
  releaseReason: '放行理由',
  publicNote: '公开的变更说明',
};
