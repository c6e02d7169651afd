import { Alert, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { OpenReturn, RevisionView } from '../../api/revisions';
import { formatBeijing } from '../../lib/time';

/** 新增 2 · 修改 1 · …: a submission's changes by kind, zero counts left out. */
export function countsText(c: RevisionView['counts']): string {
  const parts = [
    ['新增', c.added],
    ['修改', c.changed],
    ['撤下', c.removed],
    ['仅内部', c.internal],
  ] as const;
  return (
    parts
      .filter(([, n]) => n > 0)
      .map(([label, n]) => `${label} ${n}`)
      .join(' · ') || '无变更'
  );
}

/**
 * What an agency sees above a list it keeps (issue 6): the bureau's open return with its reason,
 * who returned it, when, and which entries; and the submission still waiting for the bureau.
 */
export function RevisionBanners({
  openReturn,
  openSubmission,
  testIdPrefix,
  action,
}: {
  openReturn: OpenReturn | null | undefined;
  openSubmission: RevisionView | null | undefined;
  /** e.g. `catalog` → `catalog-return-notice`, `catalog-submission-notice` */
  testIdPrefix: string;
  /** e.g. the 提交 button, beside the return */
  action?: ReactNode;
}) {
  return (
    <>
      {openReturn && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid={`${testIdPrefix}-return-notice`}
          title={`司法局 ${openReturn.returnedBy} 于 ${formatBeijing(openReturn.returnedAt, 'YYYY-MM-DD HH:mm')} 退回了第 ${openReturn.seq} 次提交`}
          description={
            <>
              <div>退回理由：{openReturn.reason}</div>
              {openReturn.items.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  退回的条目：
                  {openReturn.items.map((i) => (
                    <Tag key={i.key} color="orange" style={{ marginBottom: 4 }}>
                      {i.label}
                    </Tag>
                  ))}
                </div>
              )}
              <div style={{ marginTop: 4 }}>修改后重新提交；未再修改的条目可在提交时勾选“一并重新提交已退回”。</div>
            </>
          }
          action={action}
        />
      )}
      {openSubmission && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid={`${testIdPrefix}-submission-notice`}
          title={`第 ${openSubmission.seq} 次提交待司法局确认：${openSubmission.submittedBy} 于 ${formatBeijing(openSubmission.submittedAt, 'YYYY-MM-DD HH:mm')} 提交（${countsText(openSubmission.counts)}）`}
          description={
            <>
              <div>公开的变更说明：{openSubmission.publicNote}</div>
              <div>提交说明（内部）：{openSubmission.note}</div>
              <div style={{ marginTop: 4 }}>确认前公示平台仍显示上一版本。此后的修改不会随这次提交公示；再次提交将取代这次提交。</div>
            </>
          }
        />
      )}
    </>
  );
}

/** 已退回 in orange, 未提交 / 待确认 / 已公示 in their colours. */
export const entryStateColors: Record<string, string> = {
  published: 'green',
  draft: 'default',
  submitted: 'processing',
  returned: 'orange',
};
