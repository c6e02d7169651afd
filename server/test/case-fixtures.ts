import { insertOfficer, usccCheckChar } from '../src/modules/org';
import { bearer, type TestApp } from './app';
import {
  type BuiltAccount,
  type BuiltAgency,
  buildAccount,
  buildAgency,
  buildJurisdiction,
  idNumberFor,
  submitAndConfirm,
  uniq,
} from './factories';

/**
 * A county ready to handle cases (issue 8): its justice bureau (a supervisor), a market-regulation
 * agency with its head, disclosure clerk and two certified officers linked to their accounts, and
 * the officer list confirmed by the bureau (R-P01: officers enforce on what the bureau confirmed).
 */
export interface CaseTeam {
  county: string;
  bureau: BuiltAgency;
  agency: BuiltAgency;
  supervisor: BuiltAccount & { token: string };
  head: BuiltAccount & { token: string };
  clerk: BuiltAccount & { token: string };
  officers: (BuiltAccount & { token: string; officerId: string })[];
}

const factory = { id: null, name: 'test-factory' };

export async function buildCaseTeam(t: TestApp, county = `99${uniq().padStart(4, '0').slice(-4)}`, officers = 2): Promise<CaseTeam> {
  await buildJurisdiction(t, { code: county, name: `测试县${county}` });
  const bureau = await buildAgency(t, { jurisdictionCode: county, name: `测试县${county}司法局`, isSupervising: true });
  const agency = await buildAgency(t, { jurisdictionCode: county, name: `测试县${county}市场监督管理局` });
  const withToken = async (a: BuiltAccount) => ({ ...a, token: await t.login(a.username) });
  const supervisor = await withToken(await buildAccount(t, 'supervisor', bureau));
  const head = await withToken(await buildAccount(t, 'agency_head', agency));
  const clerk = await withToken(await buildAccount(t, 'disclosure_clerk', agency));
  const team: CaseTeam['officers'] = [];
  for (let i = 0; i < officers; i++) {
    const account = await buildAccount(t, 'officer', agency, { displayName: `执法员${i + 1}号` });
    const n = uniq();
    const row = await t.ctx.db.transaction().execute((trx) =>
      insertOfficer(trx, t.ctx, factory, {
        agencyId: agency.id,
        userId: account.id,
        name: `执法员${n}`,
        idNumber: idNumberFor(Number(n)),
        post: '科员',
        domains: ['市场监管'],
        isEnforcer: true,
        certificateNumber: `61${n.padStart(10, '0')}`,
        issuingBody: '示范市人民政府',
        validFrom: '2025-01-01',
        validUntil: '2030-12-31',
        reason: '测试数据',
      }),
    );
    team.push({ ...(await withToken(account)), officerId: row.id });
  }
  await submitAndConfirm(t, `/api/v1/agencies/${agency.id}/officers/submit`, clerk.token, supervisor.token);
  return { county, bureau, agency, supervisor, head, clerk, officers: team };
}

/** A valid USCC (GB 32100) ending in the given digits. */
export function usccFor(n: number): string {
  const first17 = `91610100${String(n).padStart(9, '0')}`.slice(0, 17);
  return `${first17}${usccCheckChar(first17)}`;
}

export async function act(t: TestApp, token: string, caseId: string, action: string, payload: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: bearer(token), payload });
}

export const leadOpen = (on: string) => ({
  source: 'inspection',
  summary: '日常检查发现该店从业人员未取得健康证明',
  violationOn: on,
  discoveredOn: on,
  harm: 'none',
});
