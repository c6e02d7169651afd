import type { Actor } from '../auth';
import type { AppContext } from '../context';
import type { AnyTrx } from '../db/tables';
import { jobProblems, type Progress, type StartJobOptions, startJob } from '../jobs';
import type { ImportProblem, SheetSpec } from './spec';
import { parseWorkbook } from './workbook';

export interface ImportCommitContext {
  /** the Excel row number of each row, for problems the commit finds (e.g. a code already taken) */
  rowNumbers: number[];
}

export interface ImportRequest<R> {
  /** the job kind, e.g. `catalog.item_import` */
  kind: string;
  spec: SheetSpec<R>;
  /** the uploaded .xlsx */
  buffer: Buffer | Uint8Array;
  /**
   * Writes every row inside the one transaction it is given, journaling what it writes, and
   * answers how many records it wrote. It may call `progress(done)` as it goes. To refuse rows
   * for reasons only the database knows (a duplicate code, an unknown agency), throw
   * `importRefused(problems)`: the transaction rolls back and the job fails with those problems.
   */
  commit: (trx: AnyTrx, rows: R[], progress: Progress, context: ImportCommitContext) => Promise<{ written: number }>;
  log?: StartJobOptions['log'];
}

/** The job's failure when rows have problems: nothing was written. */
export function importRefused(problems: ImportProblem[]): Error {
  return jobProblems(`发现 ${problems.length} 个问题，未导入任何数据；请按问题清单改正后重新导入`, problems);
}

/**
 * The import flow every module uses (issue 3 §5): starts a job and answers its id at once; the
 * job reads the workbook and checks EVERY row; if any has a problem the job fails with the full
 * list (row, column, value, reason) and writes nothing; otherwise `commit` writes all rows in one
 * transaction (all or none). Progress counts rows written, out of the rows read.
 */
export function runImport<R>(ctx: AppContext, actor: Actor, request: ImportRequest<R>): Promise<string> {
  const { kind, spec, buffer, commit } = request;
  return startJob(
    ctx,
    actor,
    kind,
    0,
    async (progress) => {
      const parsed = await parseWorkbook(buffer, spec);
      if (parsed.problems.length > 0) throw importRefused(parsed.problems);
      await progress(0, parsed.rows.length);
      const { written } = await ctx.db
        .transaction()
        .execute((trx) => commit(trx, parsed.rows, progress, { rowNumbers: parsed.rowNumbers }));
      await progress(parsed.rows.length);
      return { rows: parsed.rows.length, written };
    },
    request.log ? { log: request.log } : {},
  );
}
