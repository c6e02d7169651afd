import { insertAgency, insertJurisdiction } from '../modules/org';
import { insertAccount } from '../platform/auth';
import type { AppContext } from '../platform/context';
import type { JournalActor } from '../platform/journal/append';
import { loadCatalogDemo } from './catalog';
import { demoAccounts, demoAgencies, demoDistrict, demoJurisdictions } from './data';
import { loadOrgDemo } from './org';
import { loadWindowsDemo } from './windows';

const loadedKey = 'demo.loaded';
const installer: JournalActor = { id: null, name: 'demo-loader' };

/** Loads the demo jurisdiction once, in one journaled transaction; later starts reuse it. */
export async function loadDemo(ctx: AppContext, password: string): Promise<'loaded' | 'present'> {
  return ctx.db.transaction().execute(async (trx) => {
    const done = await trx.selectFrom('platform_setting').select('key').where('key', '=', loadedKey).executeTakeFirst();
    if (done) return 'present';
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
