/**
 * Procedures as data (DESIGN.md "Shared mechanisms", issue 8 §2). A procedure definition names its
 * states and actions; an action names who may take it, its input JSON schema, the guards (by name,
 * pure functions in `rules.ts`) that must pass, the time limits it starts, stops, extends or pauses,
 * and the approvals, numbers and records it makes. The engine (`engine.ts`) is generic: nothing in
 * it branches on a procedure or an action name. Definitions are versioned rows (`procedure_definition`);
 * the built-in ones below are version 1 and a jurisdiction may add its own versions.
 */
import type { TObject } from '@sinclair/typebox';
import type { SettingKey } from '../../platform/settings/registry';

export type ProcedureCode = 'general' | 'simple' | 'inspection' | 'coercive_measure' | 'licensing';

/** who may take an action: an officer assigned to the case, the agency head, a reviewer of the agency */
export type ActionRole = 'case_officer' | 'agency_head' | 'reviewer';

export interface TimeLimitStart {
  /** e.g. 'decision', 'statement', 'hearing_request', 'payment', 'coercion_term', 'licensing_decision', 'service' */
  kind: string;
  label: string;
  /** the setting that holds the number of days; its unit says working or natural days (Art. 85) */
  setting: SettingKey;
  /** the article shown beside the deadline */
  article: string;
  /** the date the period starts from: the action's date, or a date field of its input */
  from?: 'action_date' | { field: string };
  /** the days come from this input field (e.g. the term a seizure decision states), capped by the setting */
  daysField?: string;
}

export interface TimeLimitExtension {
  kind: string;
  /** the extra days come from this setting (the most the law allows) or from an input field, capped by the setting */
  setting: SettingKey;
  daysField?: string;
}

export interface ApprovalStep {
  /** 立案 / 延期 / 结案 … : the approvals go through platform/revisions (issue 8 prerequisites) */
  kind: 'filing' | 'extension' | 'closing' | 'evidence_preservation' | 'instalment';
  step: 'request' | 'approve' | 'return';
}

export interface ActionDef {
  name: string;
  /** Chinese label on the button and in the timeline */
  label: string;
  from: readonly string[];
  /** the state after the action; omitted: the case stays where it is (e.g. add a party, record a payment) */
  to?: string;
  by: readonly ActionRole[];
  /** JSON schema of the input (TypeBox); validated by the engine, 422 on failure */
  input: TObject;
  /** names of guards in `rules.ts` (`guards`), checked in order; the first refusal answers 409 */
  guards?: readonly string[];
  /** where the input is recorded in the case's facts (default: the action name) */
  records?: string;
  starts?: readonly TimeLimitStart[];
  /** time limits that end (met) with this action */
  stops?: readonly string[];
  extends?: readonly TimeLimitExtension[];
  /** time limits paused (中止, 检测鉴定) and resumed; paused days do not count */
  pauses?: readonly string[];
  resumes?: readonly string[];
  approval?: ApprovalStep;
  /** allocates the case number (R-C08) inside the transaction */
  allocatesNumber?: boolean;
  /** evaluates the review catalog before the decision (issue 8 §10, R-L01) */
  reviewGate?: boolean;
  /** documents the step needs (made from templates in the next issue) */
  documents?: readonly string[];
  /** the AV-recording duty of the step (R-C04), enforced once AV records exist (issue 9) */
  avDuty?: string;
  /** the legal source shown with the action */
  article?: string;
  /** the action opens another case on this procedure (an inspection's finding → a penalty case) */
  opens?: ProcedureCode;
  /**
   * What the engine does with the input besides recording it:
   * - 'add_party': `input.party` {kind, name, idNumber?, uscc?, address?, phone?} is added to the case (R-C06);
   * - 'assign_officers': `input.officerIds` replaces the case's officers (each must be of the agency).
   */
  effects?: readonly ('add_party' | 'assign_officers')[];
}

export interface ProcedureDefinition {
  code: ProcedureCode;
  version: number;
  label: string;
  /** 执法类别 of GLOSSARY.md */
  actCategory: 'penalty' | 'inspection' | 'coercion' | 'licensing';
  /** 类别字 of the case number: 罚, 简, 检, 强, 许 */
  numberCategory: string;
  initial: string;
  /** the input of `POST /api/v1/cases` on this procedure: the lead (案源), application or inspection start; recorded as `open` */
  open: TObject;
  /** guards checked when the case is opened */
  openGuards?: readonly string[];
  /** time limits started when the case is opened */
  openStarts?: readonly TimeLimitStart[];
  states: Readonly<Record<string, { label: string; final?: boolean }>>;
  actions: readonly ActionDef[];
  /** the source of the definition, shown on the procedure list */
  basis: string;
}
