import { sql } from 'kysely';
import { insertAgency, insertJurisdiction } from '../modules/org';
import { insertAccount } from '../platform/auth';
import type { AppContext } from '../platform/context';
import { loadCatalogDemo } from './catalog';
import { demoAccounts, demoAgencies, demoDistrict, demoJurisdictions, demoLoader } from './data';
import { loadOrgDemo } from './org';
import { loadWindowsDemo } from './windows';

const loadedKey = 'demo.loaded';
const installer = demoLoader;

/** The store already serves real users: the demo must not add accounts with a published password. */
export class DemoRefusedError extends Error {
  override name = 'DemoRefusedError';
}

/**
 * Loads the demo jurisdiction once, in one journaled transaction; later starts reuse it. A store
 * without the demo's marker that already has accounts (a real administrator bootstrapped by
 * `sanxiang serve`, imported users) is refused: the demo's ten accounts share one known password,
 * and adding them to a real store would open it to anyone who read the README (issue 7 §6).
 */
export async function loadDemo(ctx: AppContext, password: string): Promise<'loaded' | 'present'> {
  return ctx.db.transaction().execute(async (trx) => {
    const done = await trx.selectFrom('platform_setting').select('key').where('key', '=', loadedKey).executeTakeFirst();
    if (done) return 'present';
    // raw SQL: the account table belongs to platform/auth; only its size matters here
    const { rows } = await sql<{ n: string | number }>`select count(*) as n from user_account`.execute(trx);
    const accounts = Number(rows[0]?.n ?? 0);
    if (accounts > 0) {
      throw new DemoRefusedError(
        `此数据库已有 ${accounts} 个并非演示程序创建的账户，不能载入演示数据（演示账户的密码是公开的）。` +
          '请为演示另用一个空的数据目录（DATA_DIR）或数据库（DATABASE_URL）。',
      );
    }
    for (const j of demoJurisdictions) await insertJurisdiction(trx, ctx, installer, { ...j });
    const agencyIds = new Map<string, string>();
    for (const a of demoAgencies) {
      const view = await insertAgency(trx, ctx, installer, {
        name: a.name,
        kind: 'administrative_organ',
        isSupervising: a.isSupervising,
        jurisdictionCode: demoDistrict,
      });
      agencyIds.set(a.key, view.id);
    }
    for (const acc of demoAccounts) {
      await insertAccount(trx, ctx, null, {
        username: acc.username,
        displayName: acc.displayName,
        agencyId: acc.agency ? agencyIds.get(acc.agency) : null,
        jurisdictionCode: demoDistrict,
        roles: [acc.role],
        password,
        mustChangePassword: false,
      });
    }
    await loadOrgDemo(trx, ctx, agencyIds);
    await loadCatalogDemo(trx, ctx, agencyIds);
    await loadWindowsDemo(trx, ctx, agencyIds);
    const now = ctx.clock.now();
    await trx
      .insertInto('platform_setting')
      .values({ key: loadedKey, value: JSON.stringify(now.toISOString()), updated_at: now, updated_by: null })
      .execute();
    await ctx.journal.append(trx, {
      actor: installer,
      action: 'demo.load',
      entity: { type: 'platform', id: 'demo' },
      payload: { jurisdiction: demoDistrict },
    });
    return 'loaded';
  });
}

export function demoAccountTable(password: string): string {
  const lines = demoAccounts.map((a) => `  ${a.username.padEnd(18)} ${a.displayName}`);
  return ['演示账户（密码均为 ' + password + '）：', ...lines].join('\n');
}
