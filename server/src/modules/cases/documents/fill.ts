/**
 * Filling a document from case data (issue 9 §5), pure: the case's facts as the service gathers
 * them -> the values of every placeholder the template may use. The officer's own fields (e.g.
 * 现场检查笔录: 检查情况) default from what the case recorded and are overridden by `fields`.
 *
 * Choices (docs/documents.md): a natural person's ID number is printed masked on every instrument
 * (R-D02; no instrument here legally requires the full number — 行政处罚法第五十九条 asks for the
 * name and address); an organisation's unified social credit code is printed in full. Officers are
 * printed with their certificate numbers (R-D17). Dates are Chinese (2026年9月1日).
 */
import type { InstrumentDef } from '../../catalog';
import type { RecordedAct } from '../facts';
import { casePenaltyKindLabels, coercionMeasureLabels, leadSourceLabels, outcomeLabels, releaseReasonLabels } from '../labels';

export interface DocumentSource {
  on: string;
  caseNumber: string | null;
  caseTitle: string;
  agencyName: string;
  /** the jurisdiction of the agency, for the reconsideration body and court (e.g. 某某县) */
  jurisdictionName: string;
  item: { name: string; legalBases: string[] } | null;
  openedOn: string;
  filedOn: string | null;
  parties: {
    kind: 'natural_person' | 'organisation';
    name: string;
    idNumberMasked: string | null;
    uscc: string | null;
    address: string | null;
    legalRepresentative: string | null;
  }[];
  officers: { name: string; certificateNumber: string | null }[];
  records: Readonly<Record<string, readonly RecordedAct[]>>;
}

export function chineseDate(d: string | null | undefined): string {
  if (!d) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : d;
}

const yuan = (n: unknown) => (typeof n === 'number' ? `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元` : '');
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const label = <T extends Record<string, string>>(labels: T, v: unknown) =>
  typeof v === 'string' && v in labels ? labels[v as keyof T] : str(v);

function last(records: DocumentSource['records'], ...names: string[]): Record<string, unknown> {
  for (const n of names) {
    const a = records[n]?.at(-1);
    if (a) return a.input;
  }
  return {};
}

/** 罚款5,000元；没收违法所得1,200元 — the penalty as a decision states it. */
export function penaltyText(input: Record<string, unknown>): string {
  const kinds = Array.isArray(input.penaltyKinds) ? (input.penaltyKinds as string[]) : [];
  const parts = kinds.map((k) => {
    const name = label(casePenaltyKindLabels, k);
    if (k === 'fine' && typeof input.fineAmount === 'number') return `${name}${yuan(input.fineAmount)}`;
    if (k === 'confiscate_gains' && typeof input.confiscatedGains === 'number') return `${name}${yuan(input.confiscatedGains)}`;
    if (k === 'confiscate_property' && input.confiscatedProperty) return `${name}（${str(input.confiscatedProperty)}）`;
    if (k === 'other' && input.otherPenalty) return str(input.otherPenalty);
    return name;
  });
  return parts.join('；');
}

/** The values of every placeholder, and the defaults of the instrument's own fields. */
export function fillDocument(
  inst: InstrumentDef,
  src: DocumentSource,
  fields: Record<string, string>,
): { data: Record<string, unknown>; fields: Record<string, string> } {
  const r = src.records;
  const open = last(r, 'open');
  const decision = last(r, 'decide');
  const notice = last(r, 'notify_rights');
  const concluded = last(r, 'conclude_investigation');
  const inspection = last(r, 'record_inspection');
  const rectification = last(r, 'order_rectification');
  const hearing = last(r, 'schedule_hearing');
  const hearingRecord = last(r, 'record_hearing');
  const transfer = last(r, 'transfer');
  const measure = last(r, 'decide_measure');
  const handled = last(r, 'handle_measure');
  const discussion = (decision.collectiveDiscussion ?? {}) as Record<string, unknown>;
  const penaltySource = decision.penaltyKinds ? decision : notice;
  const fine = (penaltySource.fineAmount as number | undefined) ?? undefined;
  const itemBasis = src.item?.legalBases.join('；') ?? '';
  const seizedItems = Array.isArray(measure.items)
    ? (measure.items as { name: string; quantity: number; unit: string; note?: string }[])
        .map((i, n) => `${n + 1}. ${i.name} ${i.quantity}${i.unit}${i.note ? `（${i.note}）` : ''}`)
        .join('\n')
    : str(open.target);
  const partyNames = src.parties.map((p) => p.name).join('、');
  const measureLabel = label(coercionMeasureLabels, measure.measure) || '查封、扣押';

  const defaults: Record<string, string> = {
    caseSource: label(leadSourceLabels, open.source),
    briefFacts: str(open.summary),
    inspectionPlace: str(inspection.place),
    inspectionTime: chineseDate(str(inspection.on) || r.record_inspection?.at(-1)?.on || src.on),
    findings: str(inspection.findings),
    inquiryTime: chineseDate(src.on),
    violation: str(inspection.findings),
    requirement: str(rectification.content),
    rectifyBy: chineseDate(str(rectification.dueOn)),
    hearingTime: chineseDate(str(hearing.hearingOn) || str(hearingRecord.heldOn)),
    hearingPlace: str(hearing.place),
    hearingHost: str(hearing.hostName),
    hearingPublic: hearing.public === false ? '不公开举行' : '公开举行',
    proceedings: str(hearingRecord.summary),
    meetingTime: chineseDate(str(discussion.heldOn)),
    participants: str(discussion.participants),
    conclusion: str(discussion.conclusion),
    paymentChannel: '到指定的银行或者通过电子支付系统',
    noPenaltyReason: label(outcomeLabels, decision.outcome),
    recipient: partyNames,
    serviceAddress: src.parties[0]?.address ?? '',
    outcome: label(outcomeLabels, decision.outcome),
    receiver: str(transfer.receiver),
    transferReason: str(transfer.reason),
    materials: str(transfer.materials),
    measure: measureLabel,
    seizedItems,
    term: typeof measure.termDays === 'number' ? `${measure.termDays}日` : '三十日',
    measureDecision: str(measure.decisionNumber),
    releasedItems: seizedItems,
    releaseReason: label(releaseReasonLabels, handled.releaseReason) || str(handled.basis),
  };
  const own: Record<string, string> = {};
  for (const f of inst.freeFields) own[f.name] = fields[f.name] ?? defaults[f.name] ?? '';

  const data: Record<string, unknown> = {
    agencyName: src.agencyName,
    documentName: inst.name,
    caseNumber: src.caseNumber ?? '（未编号）',
    caseTitle: src.caseTitle,
    year: src.on.slice(0, 4),
    documentDate: chineseDate(src.on),
    itemName: src.item?.name ?? '',
    itemLegalBasis: itemBasis,
    partyNames,
    openedOn: chineseDate(src.openedOn),
    filedOn: chineseDate(src.filedOn),
    officerNames: src.officers.map((o) => o.name).join('、'),
    facts: str(decision.facts) || str(notice.facts) || str(concluded.facts) || str(open.summary),
    evidence: str(concluded.evidence),
    reasons: str(notice.reasons) || str(open.reason),
    legalBasis: str(decision.legalBasis) || str(notice.legalBasis) || str(open.legalBasis) || itemBasis,
    penalty: penaltyText(penaltySource),
    fineAmount: yuan(fine),
    discretionLevel: str(decision.discretionLevel),
    decidedOn: chineseDate(str(measure.decidedOn) || r.decide?.at(-1)?.on),
    hearingOffered: notice.hearingOffered === true,
    // 行政复议法第二十四条第一款第（一）项: a department's act goes to the people's government at its level;
    // 行政诉讼法第十八条、第十四条: the basic court where the agency is. Both editable as fields.
    reconsiderationBody: fields.reconsiderationBody ?? (src.jurisdictionName ? `${src.jurisdictionName}人民政府` : '本机关的本级人民政府'),
    litigationCourt: fields.litigationCourt ?? (src.jurisdictionName ? `${src.jurisdictionName}人民法院` : '本机关所在地的人民法院'),
    parties: src.parties.map((p) => ({
      name: p.name,
      kindLabel: p.kind === 'natural_person' ? '自然人' : '法人或者其他组织',
      idLabel: p.kind === 'natural_person' ? '公民身份号码' : '统一社会信用代码',
      idNumber: (p.kind === 'natural_person' ? p.idNumberMasked : p.uscc) ?? '',
      address: p.address ?? '',
      legalRepresentative: p.legalRepresentative ?? '',
    })),
    officers: src.officers.map((o) => ({ name: o.name, certificateNumber: o.certificateNumber ?? '' })),
    ...own,
  };
  if (fields.reconsiderationBody) own.reconsiderationBody = fields.reconsiderationBody;
  if (fields.litigationCourt) own.litigationCourt = fields.litigationCourt;
  return { data, fields: own };
}
