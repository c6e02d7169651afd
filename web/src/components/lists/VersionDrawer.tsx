import { Drawer, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { formatBeijing } from '../../lib/time';

/** One version as the history shows it: who changed it, when, why, and where it stands. */
export interface VersionEntry {
  key: string | number;
  /** e.g. 第 3 版 */
  title: string;
  status?: { label: string; color: string } | null;
  who: string | null;
  /** ISO timestamp. */
  when: string | null;
  reason: string | null;
  /** Further lines: confirmation by the justice bureau, publication date, return reason … */
  extra?: ReactNode[];
}

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  versions: VersionEntry[] | undefined;
  loading?: boolean;
  error?: unknown;
}

const dotColor: Record<string, string> = { success: 'green', error: 'red', processing: 'blue', warning: 'orange' };

/** 版本历史: every version, newest first, with who, when, why and its status. Nothing is ever removed from it. */
export function VersionDrawer({ open, title, onClose, versions, loading, error }: Props) {
  return (
    <Drawer open={open} title={`版本历史：${title}`} size={520} onClose={onClose} destroyOnHidden>
      {loading && <Spin />}
      {error ? <Typography.Text type="danger">{errorMessage(error)}</Typography.Text> : null}
      {versions && versions.length === 0 && <Empty description="暂无版本记录" />}
      {versions && versions.length > 0 && (
        <Timeline
          data-testid="version-history"
          items={versions.map((v) => ({
            key: v.key,
            color: (v.status && dotColor[v.status.color]) ?? 'gray',
            content: (
              <div>
                <Typography.Text strong>{v.title}</Typography.Text> {v.status && <Tag color={v.status.color}>{v.status.label}</Tag>}
                <div>
                  <Typography.Text type="secondary">
                    {v.who ?? '—'} · {formatBeijing(v.when, 'YYYY-MM-DD HH:mm')}
                  </Typography.Text>
                </div>
                <div>理由：{v.reason || '—'}</div>
                {v.extra?.map((line, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed lines of one version
                  <div key={i}>{line}</div>
                ))}
              </div>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
