import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsForCaseFile } from '../src/modules/cases/documents';
import { sofficePath } from '../src/modules/cases/documents/pdf';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { buildCase, buildCaseTeam, type CaseTeam } from './case-fixtures';
import { stagedUpload } from './cases-evidence-fixtures';

// Issue 9 §5, §7 and its acceptance: a 现场检查笔录 and a 行政处罚决定书 generated from built cases
// hold the case number and the party (and the decision the reconsideration and litigation notice);
// a correction is a new version and the old one stays byte for byte; a jurisdiction's template with
// an unknown placeholder is refused and writes nothing; the PDF is a PDF.

const textOf = (docx: Buffer) =>
  (new PizZip(docx).file('word/document.xml')?.asText() ?? '').replace(/<w:p[ >]/g, (m) => `\n${m}`).replace(/<[^>]+>/g, '');

describe('case documents', () => {
  let t: TestApp;
  let team: CaseTeam;
  let officer: string;
  let inspectionId: string;
  let decidedId: string;

  const get = (url: string, token = officer) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
  const post = (url: string, payload: Record<string, unknown>, token = officer) =>
    t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
  const caseOf = async (id: string) =>
    (await get(`/api/v1/cases/${id}`)).json() as { number: string; parties: { name: string }[]; timeline: { label: string }[] };

  beforeAll(async () => {
    t = await buildTestApp({}, { demo: false });
    team = await buildCaseTeam(t);
    officer = (team.officers[0] as { token: string }).token;
    inspectionId = await buildCase(t, team, { procedure: 'inspection', state: 'inspected' });
    decidedId = await buildCase(t, team, { procedure: 'general', state: 'decided' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('previews a 现场检查笔录 filled from the case, then generates it with the officer’s findings', async () => {
    const c = await caseOf(inspectionId);
    // a long 检查情况 (1,000 characters) previews too: the fields travel in the body
    const preview = await post(`/api/v1/cases/${inspectionId}/documents/preview`, {
      templateCode: 'inspection_record',
      fields: { findings: '货架上摆放的食品标签不全。'.repeat(80) },
    });
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.templateName).toBe('现场检查笔录');
    expect(p.data.caseNumber).toBe(c.number);
    expect(p.data.partyNames).toContain(c.parties[0]?.name);
    expect(p.freeFields.map((f: { label: string }) => f.label)).toContain('检查情况');

    const res = await post(`/api/v1/cases/${inspectionId}/documents`, {
      templateCode: 'inspection_record',
      fields: { findings: '仓库东侧存放电热水壶20台，无合格证明。' },
    });
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc.versions).toHaveLength(1);
    const file = await get(doc.versions[0].contentUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    const text = textOf(file.rawPayload);
    expect(text).toContain(c.number);
    expect(text).toContain(c.parties[0]?.name);
    expect(text).toContain('仓库东侧存放电热水壶20台');
    expect(text).toContain('执法证件号码');
    // the timeline shows it
    expect((await caseOf(inspectionId)).timeline.map((e) => e.label)).toContain('制作文书：现场检查笔录');
  });

  it('states the reconsideration and litigation notice in a 行政处罚决定书', async () => {
    const c = await caseOf(decidedId);
    const res = await post(`/api/v1/cases/${decidedId}/documents`, { templateCode: 'penalty_decision' });
    expect(res.statusCode).toBe(201);
    const text = textOf((await get(res.json().versions[0].contentUrl)).rawPayload);
    expect(text).toContain(c.number);
    expect(text).toContain(c.parties[0]?.name);
    expect(text).toMatch(/六十日内向.+人民政府申请行政复议（《中华人民共和国行政复议法》第二十条）/);
    expect(text).toMatch(/六个月内依法向.+人民法院提起行政诉讼/);
    expect(text).toContain('行政处罚不停止执行');
  });

  it('keeps every version: a correction is a new version with a reason, the old one byte-identical', async () => {
    const created = (
      await post(`/api/v1/cases/${inspectionId}/documents`, { templateCode: 'inspection_record', fields: { findings: '初稿' } })
    ).json();
    const v1 = (await get(created.versions[0].contentUrl)).rawPayload;
    expectError(
      await post(`/api/v1/cases/${inspectionId}/documents/${created.id}/versions`, { fields: { findings: '改' }, reason: '' }),
      400,
      'VALIDATION_FAILED',
    );
    const res = await post(`/api/v1/cases/${inspectionId}/documents/${created.id}/versions`, {
      fields: { findings: '更正：存放电热水壶25台' },
      reason: '数量记错',
    });
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(doc.versions[1].reason).toBe('数量记错');
    expect(doc.versions[1].fields.findings).toBe('更正：存放电热水壶25台');
    const again = (await get(doc.versions[0].contentUrl)).rawPayload;
    expect(again.equals(v1)).toBe(true);
    expect(doc.versions[0].hash).toBe(created.versions[0].hash);
    expect(textOf((await get(doc.versions[1].contentUrl)).rawPayload)).toContain('存放电热水壶25台');
    // the case file gets every version
    const items = await documentsForCaseFile(t.ctx.db, inspectionId);
    expect(items.filter((i) => i.recordId === doc.versions[0].id || i.recordId === doc.versions[1].id)).toHaveLength(2);
  });

  it('refuses a document from someone who does not handle the case, and writes nothing', async () => {
    const before = await t.journalCount();
    expectError(
      await post(`/api/v1/cases/${inspectionId}/documents`, { templateCode: 'inspection_record' }, team.clerk.token),
      403,
      'FORBIDDEN',
    );
    expectError(
      await post(`/api/v1/cases/${inspectionId}/documents`, { templateCode: 'inspection_record' }, team.head.token),
      403,
      'FORBIDDEN',
    );
    expectError(await post(`/api/v1/cases/${inspectionId}/documents`, { templateCode: 'no_such_form' }), 400, 'VALIDATION_FAILED');
    expect(await t.journalCount()).toBe(before);
  });

  it('signs a version: the journal records the signer and the document hash', async () => {
    const doc = (await post(`/api/v1/cases/${decidedId}/documents`, { templateCode: 'penalty_decision' })).json();
    const res = await post(`/api/v1/cases/${decidedId}/documents/${doc.id}/versions/1/signatures`, {}, team.head.token);
    expect(res.statusCode).toBe(201);
    const sig = res.json().versions[0].signatures[0];
    expect(sig.documentHash).toBe(doc.versions[0].hash);
    const entry = await t.ctx.db.selectFrom('journal_entry').selectAll().where('seq', '=', sig.journalSeq).executeTakeFirstOrThrow();
    expect(JSON.stringify(entry)).toContain(doc.versions[0].hash);
    // the same account signs the same version once: a second try is 409 and writes nothing
    const before = await t.journalCount();
    const again = await post(`/api/v1/cases/${decidedId}/documents/${doc.id}/versions/1/signatures`, {}, team.head.token);
    expectError(again, 409, 'CONFLICT');
    expect(again.json().message).toBe('您已签署过该文书版本');
    expect(await t.journalCount()).toBe(before);
    const listed = (await get(`/api/v1/cases/${decidedId}/documents`)).json();
    const after = listed.items.find((d: { id: string }) => d.id === doc.id);
    expect(after.versions[0].signatures).toHaveLength(1);
    // another signer of the case may still sign it
    const second = await post(`/api/v1/cases/${decidedId}/documents/${doc.id}/versions/1/signatures`, {});
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().versions[0].signatures).toHaveLength(2);
  });

  it('refuses a jurisdiction template naming an unknown placeholder and writes nothing; a fit one is used from its date', async () => {
    const builtIn = (await get('/api/v1/document-templates/inspection_record/versions/1/content')).rawPayload;
    const zip = new PizZip(builtIn);
    const xml = zip.file('word/document.xml')?.asText() ?? '';
    const bad = new PizZip(builtIn)
      .file('word/document.xml', xml.replace('{findings}', '{findings}{weather}'))
      .generate({ type: 'nodebuffer' }) as Buffer;
    const before = await t.journalCount();
    const badUpload = await stagedUpload(t, team.supervisor.id, bad, 'application/octet-stream', '现场检查笔录.docx');
    const refused = await post(
      '/api/v1/document-templates/inspection_record/versions',
      { uploadId: badUpload, effectiveFrom: '2026-08-31', reason: '本地格式' },
      team.supervisor.token,
    );
    expectError(refused, 422, 'INPUT_INVALID');
    expect(refused.json().message).toContain('{weather}');
    expect(await t.journalCount()).toBe(before);
    expect(
      (await get('/api/v1/document-templates')).json().items.find((i: { code: string }) => i.code === 'inspection_record').versions,
    ).toHaveLength(1);

    const good = new PizZip(builtIn)
      .file('word/document.xml', xml.replace('{findings}', '本县格式：{findings}'))
      .generate({ type: 'nodebuffer' }) as Buffer;
    const upload = await stagedUpload(t, team.supervisor.id, good, 'application/octet-stream', '现场检查笔录.docx');
    const added = await post(
      '/api/v1/document-templates/inspection_record/versions',
      { uploadId: upload, effectiveFrom: '2026-08-31', reason: '本地格式' },
      team.supervisor.token,
    );
    expect(added.statusCode).toBe(201);
    expect(added.json().version).toBe(2);
    const doc = (
      await post(`/api/v1/cases/${inspectionId}/documents`, { templateCode: 'inspection_record', fields: { findings: '新模板' } })
    ).json();
    expect(doc.versions[0].templateVersion).toBe(2);
    expect(textOf((await get(doc.versions[0].contentUrl)).rawPayload)).toContain('本县格式：新模板');
  });

  it.runIf(sofficePath() !== null)(
    'converts a version to PDF (LibreOffice) and keeps it',
    async () => {
      const doc = (await post(`/api/v1/cases/${decidedId}/documents`, { templateCode: 'penalty_decision' })).json();
      const pdf = await get(doc.versions[0].pdfUrl);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
      const cached = await t.ctx.db.selectFrom('document_pdf').selectAll().where('docx_hash', '=', doc.versions[0].hash).execute();
      expect(cached).toHaveLength(1);
    },
    120_000,
  );
});
