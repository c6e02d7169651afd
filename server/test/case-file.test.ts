import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine } from '../src/cli';
import { addEvidenceFromBlob, verifyCaseFile } from '../src/modules/cases';
import { checkZipStructure } from '../src/modules/cases/case-file/zip-structure';
import type { Actor } from '../src/platform/auth';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { act, buildCase, buildCaseTeam, type CaseTeam, ok } from './case-fixtures';

// Issue 9 §8 (R-C08): archiving binds the case file, makes the case read-only, and the exported
// .zip verifies offline; one altered byte makes the verifier exit 1 naming what was altered.
let t: TestApp;
let team: CaseTeam;
let dir: string;

const actorOf = (a: CaseTeam['officers'][number]): Actor => ({
  userId: a.id,
  username: a.username,
  displayName: a.username,
  roles: [a.role],
  agencyId: a.agencyId,
  jurisdictionCode: a.jurisdictionCode,
  clientIp: null,
  sessionId: 'test',
});

async function closedInspection(): Promise<string> {
  const id = await buildCase(t, team, { procedure: 'inspection', state: 'inspected' });
  return id;
}

async function addEvidence(caseId: string, title: string, bytes: Buffer, mimeType: string, filename: string) {
  const o = team.officers[0] as CaseTeam['officers'][number];
  const info = await t.ctx.blobs.put(bytes);
  return addEvidenceFromBlob(
    t.ctx,
    actorOf(o),
    caseId,
    {
      category: mimeType.startsWith('image/') ? 'evidence' : 'av_record',
      kind: mimeType.startsWith('image/') ? '书证' : '视听资料',
      title,
      capturedAt: '2026-08-31T00:30:00.000Z',
      place: '示范路1号',
      collectorIds: [o.officerId],
      proves: '现场状况',
    },
    { hash: info.hash, size: info.size, mimeType, filename },
  );
}

const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const post = (url: string, token: string) => t.app.inject({ method: 'POST', url, headers: bearer(token), payload: {} });

async function download(caseId: string, token: string, name: string): Promise<string> {
  const res = await get(`/api/v1/cases/${caseId}/case-file/download`, token);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  const path = join(dir, name);
  writeFileSync(path, res.rawPayload);
  return path;
}

/** A copy of the zip with one byte changed at `offset`. */
function flipped(path: string, offset: number, name: string): string {
  const bytes = Buffer.from(readFileSync(path));
  bytes[offset] = (bytes[offset] as number) ^ 0x01;
  const out = join(dir, name);
  writeFileSync(out, bytes);
  return out;
}

async function cli(argv: string[]) {
  const out: string[] = [];
  // the command signs with the deployment's current key (issue 10 §1): the one the app registered in `dir`
  const keyFile = process.env.CHECKPOINT_KEY_FILE;
  process.env.CHECKPOINT_KEY_FILE = join(dir, 'keys', 'checkpoint-private.pem');
  try {
    const code = await runCommandLine(argv, { out: (l) => out.push(l), err: (l) => out.push(l) }, async () => t.ctx.store);
    return { code, text: out.join('\n') };
  } finally {
    if (keyFile === undefined) delete process.env.CHECKPOINT_KEY_FILE;
    else process.env.CHECKPOINT_KEY_FILE = keyFile;
  }
}

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  dir = mkdtempSync(join(tmpdir(), 'sanxiang-case-file-'));
  Object.assign(t.ctx.config, { dataDir: dir });
  team = await buildCaseTeam(t);
});
afterAll(async () => {
  await t?.close();
});

describe('archiving (R-C08)', () => {
  let caseId: string;
  const photo = randomBytes(3000);
  const audio = randomBytes(5000);
  let zip: string;

  beforeAll(async () => {
    caseId = await closedInspection();
    await addEvidence(caseId, '现场照片：仓库东侧', photo, 'image/jpeg', '照片.jpg');
    await addEvidence(caseId, '现场录音', audio, 'audio/mpeg', 'rec.mp3');
    // documents: bound by their instrument (结案审批表 last, 现场检查笔录 with the investigation)
    const o1 = team.officers[0] as CaseTeam['officers'][number];
    for (const templateCode of ['closing_approval', 'inspection_record']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/documents`,
        headers: bearer(o1.token),
        payload: { templateCode, fields: {} },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('refuses a case that is not closed, and writes nothing', async () => {
    const o = team.officers[0] as CaseTeam['officers'][number];
    const before = await t.journalCount();
    expectError(await post(`/api/v1/cases/${caseId}/archive`, o.token), 409, 'CASE_NOT_CLOSED');
    expect(await t.journalCount()).toBe(before);
    const view = (await get(`/api/v1/cases/${caseId}/case-file`, o.token)).json();
    expect(view.canArchive).toBe(false);
    expect(view.archiveRefusal).toMatch(/办结/);
    // the catalogue is already shown: evidence in binding order, seq 1..n
    expect(view.catalogue.map((c: { seq: number }) => c.seq)).toEqual([1, 2, 3, 4]);
  });

  it('archives a closed case: catalogue in binding order, journaled, case read-only', async () => {
    const [o1, o2] = team.officers as [CaseTeam['officers'][number], CaseTeam['officers'][number]];
    ok(await act(t, o1.token, caseId, 'close', { summary: '检查完毕，未发现问题' }));
    // someone of another agency does not see it; the clerk may not act on cases
    const other = await buildCaseTeam(t);
    expectError(await post(`/api/v1/cases/${caseId}/archive`, (other.officers[0] as CaseTeam['officers'][number]).token), 404, 'NOT_FOUND');
    expect((await post(`/api/v1/cases/${caseId}/archive`, team.clerk.token)).statusCode).toBe(403);
    const before = await t.journalCount();
    const res = await post(`/api/v1/cases/${caseId}/archive`, o2.token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.files).toBe(4);
    expect(body.caseFile.archived.manifestHash).toBe(body.manifestHash);
    // binding order: investigation (the record first: same date, documents answered first), then closing
    expect(
      body.caseFile.catalogue.map((c: { seq: number; groupLabel: string; section: string }) => [c.seq, c.groupLabel, c.section]),
    ).toEqual([
      [1, '调查取证', 'documents'],
      [2, '调查取证', 'evidence'],
      [3, '调查取证', 'av_records'],
      [4, '结案', 'documents'],
    ]);
    expect(await t.journalCount()).toBe(before + 1);
    // read-only: every action refused, the page offers none, a second archive refused
    expectError(await act(t, o1.token, caseId, 'close', {}), 409, 'CASE_ARCHIVED');
    expectError(await post(`/api/v1/cases/${caseId}/archive`, o1.token), 409, 'CASE_ARCHIVED');
    await expect(addEvidence(caseId, '补充照片', randomBytes(10), 'image/jpeg', 'x.jpg')).rejects.toMatchObject({ guard: 'CASE_ARCHIVED' });
    const doc = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/documents`,
      headers: bearer(o1.token),
      payload: { templateCode: 'inspection_record', fields: {} },
    });
    expectError(doc, 409, 'CASE_ARCHIVED');
    const page = (await get(`/api/v1/cases/${caseId}`, o1.token)).json();
    expect(page.actions).toEqual([]);
    expect(page.timeline.at(-1).label).toBe('归档');
    const ledger = (await get(`/api/v1/cases?q=${encodeURIComponent(page.title)}`, o1.token)).json();
    expect(ledger.items[0].stateLabel).toMatch(/已归档/);
  });

  it('exports a .zip that verifies offline, signing a checkpoint when none covers the archive', async () => {
    const o1 = team.officers[0] as CaseTeam['officers'][number];
    zip = await download(caseId, o1.token, 'case.zip');
    if (process.env.CASE_FILE_KEEP) writeFileSync(process.env.CASE_FILE_KEEP, readFileSync(zip));
    const r = await verifyCaseFile(zip);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files).toBe(4);
    expect(r.entries).toBeGreaterThan(3);
    const { code, text } = await cli(['case-file', 'verify', zip]);
    expect(code).toBe(0);
    expect(text).toMatch(/案卷完整/);
    expect(text).toContain(`公钥标识 ${r.keyId}`);
  });

  it('names the altered entry when one byte changes, and exits 1', async () => {
    const bytes = readFileSync(zip);
    const at = (needle: Buffer | string, extra = 0) => {
      const i = bytes.indexOf(needle);
      expect(i).toBeGreaterThan(0);
      return i + extra;
    };
    const lines = (await verifyCaseFile(zip)).entries;
    expect(lines).toBeGreaterThan(0);
    const cases: [string, number, RegExp][] = [
      ['photo', at(photo, 1500), /files\/\d{3}-.*仓库东侧\.jpg/],
      ['audio', at(audio, 4999), /files\/\d{3}-.*现场录音\.mp3/],
      ['manifest', at('"catalogue":[', 3), /manifest\.json/],
      ['journal line', at('"action":"case.close"', 12), /全过程记录第 \d+ 条/],
      ['checkpoint', at('"signature": "', 20), /checkpoint\.json/],
      ['public key', at('-----BEGIN PUBLIC KEY-----\n', 20), /public-key\.pem|checkpoint\.json/],
    ];
    for (const [name, offset, where] of cases) {
      const path = flipped(zip, offset, `flip-${name.replace(' ', '-')}.zip`);
      const r = await verifyCaseFile(path);
      expect(r.ok, name).toBe(false);
      expect(r.problems[0]?.where, name).toMatch(where);
      const { code, text } = await cli(['case-file', 'verify', path]);
      expect(code, name).toBe(1);
      expect(text, name).toMatch(/发现问题/);
    }
  });

  it('detects a single altered byte at every position of the zip structure and sampled data', async () => {
    const bytes = readFileSync(zip);
    const layout = await checkZipStructure(zip);
    if ('problem' in layout) throw new Error(layout.problem.message);
    // every byte outside the catalogued files (headers, manifest, journal, checkpoint, key), and every 97th inside them
    const files = layout.entries.filter((e) => e.name.startsWith('files/'));
    const inFile = (i: number) => files.some((f) => i >= f.dataOffset && i < f.dataOffset + f.size);
    const positions = [...bytes.keys()].filter((i) => !inFile(i) || i % 97 === 0);
    const step = process.env.CASE_FILE_FULL_SCAN ? 1 : 11;
    const missed: number[] = [];
    for (const [k, i] of positions.entries()) {
      if (k % step) continue;
      const r = await verifyCaseFile(flipped(zip, i, 'scan.zip'));
      if (r.ok) missed.push(i);
    }
    expect(missed).toEqual([]);
  }, 300_000);
});

describe('export', () => {
  it('refuses a case not archived', async () => {
    const id = await closedInspection();
    const o1 = team.officers[0] as CaseTeam['officers'][number];
    expectError(await get(`/api/v1/cases/${id}/case-file/download`, o1.token), 409, 'CASE_NOT_ARCHIVED');
  });

  it('`case-file export` writes the journal part of a case with no files; verify passes', async () => {
    const [o1, o2] = team.officers as [CaseTeam['officers'][number], CaseTeam['officers'][number]];
    const id = await closedInspection();
    ok(await act(t, o1.token, id, 'close', {}));
    expect((await post(`/api/v1/cases/${id}/archive`, team.head.token)).statusCode).toBe(200);
    const number = (await get(`/api/v1/cases/${id}`, o2.token)).json().number as string | null;
    const out = join(dir, 'cli.zip');
    const exported = await cli(['case-file', 'export', number ?? id, out]);
    expect(exported.code, exported.text).toBe(0);
    const verified = await cli(['case-file', 'verify', out]);
    expect(verified.code, verified.text).toBe(0);
    expect(verified.text).toMatch(/已核验 0 个文件/);
  });
});
