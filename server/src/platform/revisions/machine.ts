/**
 * The one approval state machine (DESIGN.md "Shared mechanisms"; R-D03, R-D14), written as data.
 * A record's draft is its module's working copy; `submit` freezes a snapshot of it; the justice
 * bureau confirms or returns that snapshot by id; a newer submission of the same subject replaces
 * one still waiting (`supersede`). Every transition happens once: a decided snapshot is final.
 */
export const revisionStatuses = ['draft', 'submitted', 'confirmed', 'returned', 'superseded'] as const;
export type RevisionStatus = Exclude<(typeof revisionStatuses)[number], 'draft'>;
export type MachineState = (typeof revisionStatuses)[number];

export const revisionTransitions = {
  submit: { from: 'draft', to: 'submitted', label: '提交' },
  confirm: { from: 'submitted', to: 'confirmed', label: '确认并公示' },
  return: { from: 'submitted', to: 'returned', label: '退回' },
  supersede: { from: 'submitted', to: 'superseded', label: '被新的提交取代' },
} as const satisfies Record<string, { from: MachineState; to: MachineState; label: string }>;

export type RevisionAction = keyof typeof revisionTransitions;

export const revisionStatusLabels: Record<MachineState, string> = {
  draft: '草稿（未提交）',
  submitted: '待司法局确认',
  confirmed: '已确认公示',
  returned: '已退回',
  superseded: '已被新的提交取代',
};

/** The state an action leads to from `from`, or null when the machine has no such transition. */
export function nextState(from: MachineState, action: RevisionAction): MachineState | null {
  const t = revisionTransitions[action];
  return t.from === from ? t.to : null;
}

/** The actions possible from a state. */
export function actionsFrom(state: MachineState): RevisionAction[] {
  return (Object.keys(revisionTransitions) as RevisionAction[]).filter((a) => revisionTransitions[a].from === state);
}
