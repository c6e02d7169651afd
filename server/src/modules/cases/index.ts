/** The cases module: procedures as data, cases from lead to closing, parties, time limits (issue 8; R-C01, R-C06, R-C08, R-S06, R-S11). */
import { registerAuditLabels } from '../../platform/audit/labels';
import { builtInProcedures } from './procedures';

// the journal actions cases write, named for the audit log (ADR 0007): one per action of every built-in procedure
const labels: Record<string, string> = {
  'case.open': '登记案件',
  'party.reveal_id_number': '查看当事人身份证号码',
  'procedure.version': '增加执法程序版本',
  'case.archive': '案件归档（案卷）',
  'case.add_evidence': '案件：添加证据或音像记录',
  'case.withdraw_evidence': '案件：撤回证据',
  'device.create': '登记执法记录设备',
  'device.custodian': '设备交接（指定保管人）',
  'document.generate': '制作文书',
  'document.version': '文书更正（新版本）',
  'document.sign': '签署文书',
};
for (const p of builtInProcedures) for (const a of p.actions) labels[`case.${a.name}`] ??= `案件：${a.label}`;
registerAuditLabels(labels);

export { archiveCase, assertCaseWritable, caseFileCommands, exportCaseFile, verifyCaseFile } from './case-file';
export { generateDocument } from './documents/service';
export { openCase, takeAction } from './engine';
export { avRecordNeeded } from './evidence/av-guard';
export { createDevice } from './evidence/devices';
export { evidenceForCaseFile } from './evidence/party';
export { addEvidenceFromBlob } from './evidence/service';
export { casesRoutes } from './routes';
export type { CasesTables } from './tables';
