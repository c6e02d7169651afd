import type { AppContext } from '../context';
import { own } from '../db/tables';
import { insertAccount } from './accounts';
import type { AuthStore } from './tables';

/**
 * On an empty database, `npm start` creates one system administrator with a one-time password
 * that must be changed at first login (issue 2 §1). Returns the password to print, once.
 */
export async function bootstrapAdministrator(ctx: AppContext): Promise<{ username: string; password: string } | undefined> {
  return ctx.db.transaction().execute(async (trx) => {
    const any = await own<AuthStore>(trx).selectFrom('user_account').select('id').limit(1).executeTakeFirst();
    if (any) return undefined;
    const { password } = await insertAccount(trx, ctx, null, {
      username: 'admin',
      displayName: '系统管理员',
      roles: ['system_admin'],
      mustChangePassword: true,
    });
    return { username: 'admin', password };
  });
}
