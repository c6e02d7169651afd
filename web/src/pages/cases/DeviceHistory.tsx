import { Tag, Timeline, Typography } from 'antd';
import type { Device } from '../../api/devices';
import { formatBeijing } from '../../lib/time';

/**
 * A device's custody in the order it was recorded (谁使用、谁保管、谁负责): who, from which day, why,
 * who named them and when. Append-only on the server, so the list only ever grows; the row the
 * server answers as the current custodian is marked.
 */
export function DeviceHistory({ device, heading = true }: { device: Device; heading?: boolean }) {
  const current = device.custodian;
  const currentSeq = current
    ? device.custody.findLast((c) => c.officerId === current.officerId && c.fromDate === current.fromDate)?.seq
    : undefined;
  return (
    <div data-testid="device-history">
      {heading && (
        <Typography.Text strong style={{ display: 'block', marginBottom: 12 }}>
          保管历史（{device.custody.length} 条，只追加，不修改、不删除）
        </Typography.Text>
      )}
      <Timeline
        items={device.custody.map((c) => ({
          key: c.seq,
          color: c.seq === currentSeq ? 'green' : 'gray',
          content: (
            <div data-testid="custody-row">
              <Typography.Text strong>{c.name}</Typography.Text>
              <Typography.Text> 自 {c.fromDate} 起保管</Typography.Text>
              {c.seq === currentSeq && (
                <Tag color="green" style={{ marginLeft: 8 }}>
                  当前保管人
                </Tag>
              )}
              <div style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">原因：</Typography.Text>
                {c.reason || '—'}
              </div>
              <div style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">
                  {c.byName} 于 {formatBeijing(c.at, 'YYYY-MM-DD HH:mm')} 指定
                </Typography.Text>
              </div>
            </div>
          ),
        }))}
      />
    </div>
  );
}
