import { sql } from 'kysely';
import type { AnyDb } from '../db/tables';
import type { Journal } from './append';

/**
 * Test helpers of the journal (not used by the server): fill a journal through the real append,
 * and tamper with it the way an attacker with database access would — triggers off, raw SQL.
 */
export async function fillJournal(db: AnyDb, journal: Journal, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await db.transaction().execute((trx) =>
      journal.append(trx, {
        actor: {
          id: `u${i % 3}`,
          name: ['张三', 'O\'Brien "q"', 'tab\there'][i % 3] as string,
          agencyId: i % 2 ? 'a1' : null,
          clientIp: '10.0.0.1',
        },
        action: i % 2 ? 'case.file' : 'case.update',
        entity: { type: 'case', id: `C${i}` },
        payload: { i, note: `第${i}条\n控制字符\u0001 反斜杠\\ 表情😀`, list: [i, null, true] },
      }),
    );
  }
}

/** Runs `statement` with the append-only triggers of `table` disabled. */
export async function tamper(db: AnyDb, table: 'journal_entry' | 'journal_checkpoint' | 'journal_node', statement: string): Promise<void> {
  const trigger = `${table}_append_only`;
  await sql
    .raw(`alter table ${table} disable trigger ${trigger}; ${statement}; alter table ${table} enable trigger ${trigger}`)
    .execute(db);
}
