/** The ledger (台账, R-C08) as a spreadsheet, through the one spreadsheet module. No ID numbers in it. */
import type { Actor } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { defineSheet, exportWorkbook } from '../../platform/spreadsheet';
import type { CaseExportQuery, CaseSummary } from './schema';
import { ledgerRows } from './service';

const ledgerSheet = defineSheet<CaseSummary>({
  columns: [
    { header: '案件编号', key: 'number', type: 'text', width: 28 },
    { header: '案由', key: 'title', type: 'text', width: 36 },
    { header: '执法程序', key: 'procedureLabel', type: 'text', width: 14 },
    { header: '状态', key: 'stateLabel', type: 'text', width: 14 },
    { header: '执法主体', key: 'agencyName', type: 'text', width: 24 },
    { header: '当事人', key: 'partyNames', type: 'text', width: 24 },
    { header: '承办人', key: 'officerNames', type: 'text', width: 16 },
    { header: '登记日期', key: 'openedOn', type: 'date' },
    { header: '立案日期', key: 'filedOn', type: 'date' },
    { header: '结案日期', key: 'closedOn', type: 'date' },
    { header: '最近到期', key: 'nextDueOn', type: 'date' },
    { header: '时限状态', key: 'urgencyLabel', type: 'text', width: 10 },
  ],
});

export async function exportLedger(ctx: AppContext, actor: Actor, q: CaseExportQuery) {
  const rows = await ledgerRows(ctx, actor, q);
  return { buffer: await exportWorkbook(ledgerSheet, rows, '案件台账'), filename: '案件台账.xlsx' };
}
