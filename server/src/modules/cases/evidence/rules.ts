/**
 * The rules of evidence and AV records as pure functions (issue 9 §3, §4). The service gathers the
 * facts (the case's officers and procedure, the agency's devices, the confirmed AV-duty list) and
 * these decide; nothing here reads the database or the clock.
 */
import { shanghaiDate } from '../../../platform/clock';
import type { Refusal } from '../facts';

export const evidenceKinds = [
  '书证',
  '物证',
  '视听资料',
  '电子数据',
  '证人证言',
  '当事人陈述',
  '鉴定意见',
  '勘验笔录',
  '现场笔录',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export const deviceKinds = ['执法记录仪', '照相机', '摄像机', '录音笔', '手机', '其他'] as const;

export const categoryLabels = { evidence: '证据', av_record: '音像记录' } as const;

/** A field problem, as the API's `details.fields` lists them. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface CaptureInput {
  category: 'evidence' | 'av_record';
  capturedAt: string;
  latitude?: number | null;
  longitude?: number | null;
  collectorIds: readonly string[];
  deviceId?: string | null;
  step?: string | null;
  partyId?: string | null;
  proves: string;
  place: string;
  /** of the file claimed */
  mimeType: string;
}

/** 行政处罚法第三十六条: the longest period (five years) after which an undiscovered violation is no longer punished. */
export const evidenceAgeLimitYears = 5;

/** The same calendar day `years` earlier, as YYYY-MM-DD (29 February compares as a day string, which is all we need). */
function yearsBefore(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) - years).padStart(4, '0')}${day.slice(4)}`;
}

export interface CaptureFacts {
  now: Date;
  /** the case's opening (lead registration) day, YYYY-MM-DD in Beijing */
  openedOn: string;
  /** the officers currently on the case */
  officerIds: ReadonlySet<string>;
  /** the devices of the case's agency */
  deviceIds: ReadonlySet<string>;
  /** action names of the case's procedure */
  steps: ReadonlySet<string>;
  partyIds: ReadonlySet<string>;
}

/** The clock of a phone may run a little ahead of the server's: a capture up to 5 minutes "ahead" is accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * R-C03: an AV record carries case, capture time, capture place, collector and 证明对象; R-C10: the
 * device is one the agency keeps. Answers every problem at once (empty: acceptable).
 */
export function captureProblems(input: CaptureInput, f: CaptureFacts): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = Date.parse(input.capturedAt);
  if (Number.isNaN(at)) problems.push({ field: 'capturedAt', message: '采集时间格式不正确' });
  else if (at > f.now.getTime() + CLOCK_SKEW_MS) problems.push({ field: 'capturedAt', message: '采集时间不能晚于当前时间' });
  // R-C03: a capture time stands in the case file, so an impossible one (a typo such as 1900) is refused. Evidence may
  // well precede the lead's registration (photos of the inspection that found it, a complainant's video), but not by
  // more than the longest period in which a violation can still be punished once discovered: five years
  // (行政处罚法第三十六条). Compared by Beijing day, as the opening date is one.
  else if (shanghaiDate(new Date(at)) < yearsBefore(f.openedOn, evidenceAgeLimitYears))
    problems.push({
      field: 'capturedAt',
      message: `采集时间早于立案（线索登记）日期 ${f.openedOn} 五年以上：违法行为五年内未被发现的不再给予行政处罚（《中华人民共和国行政处罚法》第三十六条），请核对采集时间`,
    });
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLng = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLng) problems.push({ field: hasLat ? 'longitude' : 'latitude', message: '经度和纬度须同时填写' });
  if (hasLat && !(Math.abs(input.latitude as number) <= 90)) problems.push({ field: 'latitude', message: '纬度须在 -90 至 90 之间' });
  if (hasLng && !(Math.abs(input.longitude as number) <= 180)) problems.push({ field: 'longitude', message: '经度须在 -180 至 180 之间' });
  if (!input.place.trim()) problems.push({ field: 'place', message: '请填写采集地点' });
  if (!input.proves.trim()) problems.push({ field: 'proves', message: '请填写证明对象' });
  if (!input.collectorIds.length) problems.push({ field: 'collectorIds', message: '请选择采集人' });
  const strangers = input.collectorIds.filter((id) => !f.officerIds.has(id));
  if (strangers.length) problems.push({ field: 'collectorIds', message: '采集人须为本案承办的执法人员' });
  if (input.deviceId && !f.deviceIds.has(input.deviceId)) problems.push({ field: 'deviceId', message: '采集设备须为本机关登记的设备' });
  if (input.step && !f.steps.has(input.step)) problems.push({ field: 'step', message: '所属环节须为本案执法程序中的办理事项' });
  if (input.category === 'av_record' && !/^(image|audio|video)\//i.test(input.mimeType))
    problems.push({ field: 'uploadId', message: '音像记录须为照片、录音或录像文件' });
  if (input.partyId && !f.partyIds.has(input.partyId)) problems.push({ field: 'partyId', message: '当事人须为本案的当事人' });
  return problems;
}

export interface AvDuty {
  code: string;
  step: string;
  duty: 'full_process' | 'key_moments' | 'optional';
  basis?: string | null;
}

/**
 * R-C04: the AV-duty list's entry that applies to an action's `avDuty`: the catalog's step contains
 * the action's text or the other way round (查封扣押 ~ 查封扣押财产). The strictest wins.
 */
export function dutyFor(avDuty: string | undefined | null, duties: readonly AvDuty[]): AvDuty | null {
  if (!avDuty) return null;
  const rank = { full_process: 0, key_moments: 1, optional: 2 } as const;
  const matches = duties.filter((d) => d.step.includes(avDuty) || avDuty.includes(d.step));
  return matches.sort((a, b) => rank[a.duty] - rank[b.duty] || a.code.localeCompare(b.code))[0] ?? null;
}

export const dutyLabels = { full_process: '全过程记录', key_moments: '重要环节记录', optional: '根据需要记录' } as const;

/**
 * R-C04 (《法治政府建设实施纲要》、行政执法“三项制度”指导意见：查封扣押财产、强制拆除等直接涉及
 * 生命健康、重大财产权益的现场执法活动和执法办案场所，要推行全程音像记录): an action whose step the
 * confirmed list marks full-process cannot be taken until a non-withdrawn AV record of the case is
 * attached to that step (step = the action's name).
 */
export function avRecordRefusal(
  action: { name: string; label: string; avDuty?: string | null },
  duties: readonly AvDuty[],
  records: readonly { step: string | null; withdrawn: boolean }[],
): Refusal | null {
  const duty = dutyFor(action.avDuty, duties);
  if (duty?.duty !== 'full_process') return null;
  if (records.some((r) => r.step === action.name && !r.withdrawn)) return null;
  const basis = duty.basis?.trim() || '音像记录事项清单';
  return {
    code: 'AV_RECORD_REQUIRED',
    message: `音像记录事项清单 ${duty.code}「${duty.step}」要求全过程记录（依据：${basis}）：请先上传本环节「${action.label}」的音像记录`,
    article: basis,
    details: { duty: { code: duty.code, step: duty.step, duty: duty.duty, basis: duty.basis ?? null }, step: action.name },
  };
}

/** The custodian responsible at an instant (R-C10): the latest custody row that began on or before that day. */
export function custodianOn<T extends { seq: number; fromDate: string }>(rows: readonly T[], onDate: string): T | null {
  const eligible = rows.filter((r) => r.fromDate <= onDate);
  return eligible.sort((a, b) => a.fromDate.localeCompare(b.fromDate) || a.seq - b.seq).at(-1) ?? null;
}

/** Images that get a thumbnail (sharp decodes these); anything else answers 404 for the thumbnail. */
export function isThumbnailable(mimeType: string): boolean {
  return /^image\/(jpeg|png|webp|gif|tiff|avif|heic|heif)$/i.test(mimeType);
}

/** Content shown in the browser (players, images); anything else downloads. */
export function isInline(mimeType: string): boolean {
  // never SVG inline: it is a document that runs scripts on our origin
  if (/svg/i.test(mimeType)) return false;
  return /^(image|audio|video)\//i.test(mimeType) || mimeType === 'application/pdf';
}
