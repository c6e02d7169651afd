/**
 * What a guard sees (issue 8 §4): a plain snapshot of the case, built by the service from the
 * module's tables, and the day's settings and calendar. Guards are pure functions over these.
 */
import type { SettingsSnapshot } from '../../platform/settings';

import type { PartyKind } from './tables';

export type { PartyKind };

export interface PartyFacts {
  partyId: string;
  kind: PartyKind;
  name: string;
}

export interface OfficerFacts {
  officerId: string;
  name: string;
  /** whether the officer may enforce today (R-P01: certified, valid, confirmed, not auxiliary) */
  eligible: boolean;
  /** the Chinese reason when not eligible */
  reason: string | null;
  isAuxiliary: boolean;
  /** enforcement domains on the certificate */
  domains: string[];
}

/** One recorded act: the input of an action as taken, with its date and who took it. */
export interface RecordedAct<I = Record<string, unknown>> {
  /** the event's number in the case: acts are ordered by it (the same instant can hold two) */
  seq: number;
  action: string;
  /** legal date (Asia/Shanghai) the action was taken */
  on: string;
  at: string;
  by: string;
  input: I;
}

export interface TimeLimitFacts {
  kind: string;
  label: string;
  article: string;
  startsOn: string;
  dueOn: string;
  unit: 'working_days' | 'natural_days';
  days: number;
  /** running, met (stopped by its action), paused */
  status: 'running' | 'met' | 'paused';
  endedOn: string | null;
  extendedDays: number;
  pausedDays: number;
}

export interface CaseFacts {
  caseId: string;
  procedure: string;
  state: string;
  actCategory: string;
  /** enforcement domain of the case (市场监管, 城市管理 …), matched against certificates */
  domain: string | null;
  agency: { id: string; name: string; kind: string; abolished: boolean };
  /** the enforcement item of the case from the agency's catalog, with its discretion levels (R-D07) */
  item: {
    code: string;
    name: string;
    legalBases: string[];
    discretion: { level: string; fineMin: number | null; fineMax: number | null }[];
  } | null;
  openedOn: string;
  filedOn: string | null;
  parties: PartyFacts[];
  officers: OfficerFacts[];
  /** every act recorded so far, by record name, oldest first */
  records: Readonly<Record<string, readonly RecordedAct[]>>;
  limits: TimeLimitFacts[];
  /** approvals by kind: the latest one's status */
  approvals: Readonly<Record<string, { status: 'submitted' | 'confirmed' | 'returned'; on: string }>>;
}

export type { SettingsSnapshot };

/** The calendar functions a guard may use (platform/calendar, bound to the merged data). */
export interface CalendarLike {
  addWorkingDays(date: string, n: number): string;
  addNaturalDays(date: string, n: number): string;
  workingDaysBetween(a: string, b: string): number;
  isWorkingDay(date: string): boolean;
}

export interface GuardContext {
  today: string;
  settings: SettingsSnapshot;
  calendar: CalendarLike;
}

/**
 * A refusal: `code` names the guard (e.g. TWO_OFFICERS), `message` is Chinese and names the rule
 * and the article, e.g. "《中华人民共和国行政处罚法》第四十二条：执法人员不得少于两人".
 */
export interface Refusal {
  code: string;
  message: string;
  article: string;
  details?: Record<string, unknown>;
}

export type Guard = (facts: CaseFacts, input: Record<string, unknown>, g: GuardContext) => Refusal | null;
