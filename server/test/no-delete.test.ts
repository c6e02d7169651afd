import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../src/cli';
import { buildTestApp, type TestApp } from './app';
import { registeredRoutes } from './route-recorder';

// Issue 9 acceptance, DESIGN.md invariant 2 (R-C05 不能删改): no HTTP route and no CLI command deletes
// or overwrites a document, blob, evidence item, AV record or journal entry. The scan reads the
// routes the server really registered (hidden ones included) and the CLI's own command table, so a
// route or command added later is caught without anyone remembering to list it.
vi.mock('fastify', async (importOriginal) => (await import('./route-recorder')).recordingFastify(await importOriginal()));

/** Paths of records that are never changed once written: nothing but GET, HEAD, OPTIONS and POST may reach them. */
const recordPaths = [
  /\/cases(\/|$)/,
  /\/documents?(\/|$)/,
  /\/document-templates(\/|$)/,
  /\/evidence(\/|$)/,
  /\/blobs(\/|$)/,
  /\/journal(\/|$)/,
  /\/case-file/,
];

/** Routes with DELETE, PUT or PATCH that exist, each with why it touches none of those records. */
const allowed: Record<string, string> = {
  'PATCH /api/v1/uploads/:id':
    'tus 1.0: appends bytes to an upload in progress (staging, not a record); a finished upload is a blob that no route changes',
  'PATCH /api/v1/agencies/:agencyId/service-windows/:id': 'a draft of an org list (revisions: a new version, history kept)',
  'PATCH /api/v1/agencies/:id': 'a draft of an org list (revisions: a new version, history kept)',
  'PATCH /api/v1/officers/:id': 'a draft of an org list (revisions: a new version, history kept)',
  'PATCH /api/v1/users/:id': 'an account (platform/auth), journaled',
  'PUT /api/v1/users/:id/roles': 'an account (platform/auth), journaled',
  'PUT /api/v1/security-policy': 'a setting of the platform, journaled',
};
// catalog list entries: an edit or a removal is a new version of a draft list row, with the reason, history kept
for (const kind of ['items', 'discretion-standards', 'three-lists', 'review-catalog', 'av-duties', 'inspection-items']) {
  allowed[`PUT /api/v1/catalog/${kind}/:entryId`] = 'a catalog draft: a new version of the entry, history kept';
  allowed[`DELETE /api/v1/catalog/${kind}/:entryId`] = 'a catalog draft: recorded as a removal version with its reason, history kept';
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
});
afterAll(() => t.close());

describe('nothing recorded can be deleted or overwritten (issue 9, R-C05)', () => {
  it('no registered route deletes or overwrites a document, blob, evidence item or journal entry', () => {
    const changing = registeredRoutes(t.app).filter((r) => ['DELETE', 'PUT', 'PATCH'].includes(r.method));
    const keys = changing.map((r) => `${r.method} ${r.url}`);
    expect(keys.filter((k) => !allowed[k])).toEqual([]);
    const onRecords = changing.filter((r) => r.url !== '/api/v1/uploads/:id' && recordPaths.some((p) => p.test(r.url)));
    expect(onRecords.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    // and the public document says the same (a client generated from it has no such operation)
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['delete', 'put', 'patch'].includes(m) && recordPaths.some((p) => p.test(path)))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual([]);
  });

  it('no CLI command deletes, overwrites or prunes anything', () => {
    const destructive = /delete|remove|rm|purge|prune|drop|truncate|overwrite|gc|clean|reset|wipe/i;
    const found = commands.filter((c) => c.path.some((w) => destructive.test(w)) || destructive.test(c.summary.replace(/删除|删改/g, '')));
    expect(found.map((c) => c.path.join(' '))).toEqual([]);
    // the Chinese summaries of every command, read as a person would: none offers to delete
    expect(commands.filter((c) => /删除|清除|覆盖|清空/.test(c.summary)).map((c) => c.path.join(' '))).toEqual([]);
  });
});
