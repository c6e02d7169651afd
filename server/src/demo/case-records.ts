/**
 * The demo's records of the cases (issue 9 §10): as the steps of the market agency's cases are
 * played, the officer makes the instruments each step produces (立案审批表, 现场检查笔录, 询问笔录,
 * 告知书, 决定书, 送达回证, 结案审批表 …) from the templates in force, takes a site photo with the case
 * number on it and records the inquiry; two closed cases are then archived, so their case files
 * export and verify. Everything goes through the cases module's services on the step's own clock,
 * journaled like any officer's work; nothing is inserted directly.
 */
import { addEvidenceFromBlob, archiveCase, generateDocument } from '../modules/cases';
import type { Actor } from '../platform/auth';
import type { AppContext } from '../platform/context';
import type { DemoCase, ScriptContext } from './cases-script';
import { demoPhoto, demoTone } from './media';

/** The cases whose files the demo archives (both closed, with a fine paid). */
export const archivedDemoCases = ['market-closed-1', 'market-closed-2'];

interface Acting {
  officer: Actor;
  deviceId: string | null;
}

const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Free fields of each instrument, written as the officer would; the rest comes from the case. */
function fieldsFor(code: string, c: DemoCase, when: string): Record<string, string> {
  const p = c.party;
  switch (code) {
    case 'filing_approval':
      return {
        caseSource: '日常检查发现',
        briefFacts: `${p.name}涉嫌${c.title}，经初步核查，有违法事实。`,
        officerOpinion: '建议立案调查。',
      };
    case 'inspection_record':
      return {
        inspectionPlace: p.address,
        inspectionTime: when,
        presentPerson: p.kind === 'organisation' ? `${p.legalRepresentative ?? '负责人'}（负责人）` : `${p.name}（本人）`,
        findings: `执法人员出示执法证件，表明身份后对${p.address}进行检查。现场发现的问题已拍照取证（照片见证据目录）。`,
        partyOpinion: '对检查情况无异议。',
      };
    case 'inquiry_record':
      return {
        inquiryPlace: '执法办案区询问室',
        inquiryTime: when,
        interviewee: p.kind === 'organisation' ? `${p.legalRepresentative ?? '负责人'}，${p.name}负责人` : `${p.name}，当事人`,
        inquiryContent:
          '问：我们是执法人员，现依法向你了解情况，你应当如实回答，你听清楚了吗？\n答：听清楚了。\n问：现场检查发现的问题是否属实？\n答：属实，我们会马上改正。',
      };
    case 'service_receipt':
      return { recipient: p.legalRepresentative ?? p.name, serviceAddress: p.address, serviceMethod: '直接送达', servedAt: when };
    case 'closing_approval':
      return { outcome: '处罚决定已执行完毕。', officerOpinion: '建议结案。' };
    case 'seizure_decision':
      return { measure: '扣押', seizedItems: '涉案物品一批（详见查封扣押清单）', term: '三十日', storage: '本机关涉案财物保管室' };
    default:
      return {};
  }
}

/** The instruments a step of the general procedure produces (issue 9 §5), after it is taken. */
const documentsAfter: Record<string, string[]> = {
  approve_filing: ['filing_approval'],
  record_inquiry: ['inspection_record', 'inquiry_record'],
  notify_rights: ['penalty_notice'],
  notify_rights_and_hearing: ['penalty_notice', 'hearing_notice'],
  decide: ['penalty_decision'],
  serve: ['service_receipt'],
  // the officer writes the 结案审批表 when asking to close; the head approves on it
  request_closing: ['closing_approval'],
  decide_measure: ['seizure_decision'],
};

/** After a step of a demo case: its instruments, and on the inquiry a site photo and the recording. */
export async function recordDemoStep(
  ctx: AppContext,
  acting: Acting,
  caseId: string,
  action: string,
  input: Record<string, unknown>,
  c: DemoCase,
  sc: ScriptContext,
): Promise<void> {
  if (c.agency !== 'market' && action !== 'decide_measure') return;
  const at = ctx.clock.now();
  if (action === 'record_inquiry') await siteEvidence(ctx, acting, caseId, c, sc, at);
  for (const code of documentsAfter[action] ?? []) {
    // a decision not to punish has its own instrument (行政处罚法 第五十七条第一款第二、三项)
    const template = code === 'penalty_decision' && String(input.outcome ?? 'penalty') !== 'penalty' ? 'no_penalty_decision' : code;
    if (template === 'penalty_decision' && input.outcome === 'transfer') continue;
    await generateDocument(ctx, acting.officer, caseId, { templateCode: template, fields: fieldsFor(template, c, stamp(at)) });
  }
}

async function siteEvidence(ctx: AppContext, acting: Acting, caseId: string, c: DemoCase, sc: ScriptContext, at: Date) {
  const capturedAt = new Date(at.getTime() - 40 * 60_000);
  const photo = await ctx.blobs.put(
    await demoPhoto({
      caseNumber: c.title,
      caption: `现场照片：${c.party.address}`,
      takenAt: stamp(capturedAt),
      hue: (c.key.length * 47) % 360,
    }),
  );
  const common = {
    capturedAt: capturedAt.toISOString(),
    place: c.party.address,
    collectorIds: [...sc.officerIds],
    deviceId: acting.deviceId,
    partyId: null,
  };
  await addEvidenceFromBlob(
    ctx,
    acting.officer,
    caseId,
    { ...common, category: 'evidence', kind: '视听资料', title: '现场照片', proves: '检查时现场的状况', step: null },
    { hash: photo.hash, size: photo.size, mimeType: 'image/jpeg', filename: '现场照片.jpg' },
  );
  const tone = await ctx.blobs.put(demoTone(4, 392));
  await addEvidenceFromBlob(
    ctx,
    acting.officer,
    caseId,
    { ...common, category: 'av_record', kind: '视听资料', title: '询问过程录音', proves: '询问过程及当事人陈述', step: 'record_inquiry' },
    { hash: tone.hash, size: tone.size, mimeType: 'audio/wav', filename: '询问录音.wav' },
  );
}

/** Archives the chosen closed cases (R-C08), as their officer. */
export async function archiveDemoCases(ctx: AppContext, officer: Actor, ids: Record<string, string>): Promise<void> {
  for (const key of archivedDemoCases) {
    const id = ids[key];
    if (id) await archiveCase(ctx, officer, id);
  }
}
