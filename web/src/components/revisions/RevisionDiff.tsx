import { Alert, Button, Empty, Flex, Grid, Skeleton, Table, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { changeLabels, type FieldChange, type RevisionItem, useRevisionDetail } from '../../api/revisions';

const isPlain = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
// a key with Chinese in it (a service-guide heading) is worth showing; `law`, `article` are not
const readableKey = (k: string) => /[^\x20-\x7e]/.test(k);

/** One value of a public or internal field, as text: lists one per line, nothing as —. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    if (!v.length) return '—';
    return v.every(isPlain) ? v.map(formatValue).join('、') : v.map(formatValue).join('\n');
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined && x !== '')
      .map(([k, x]) => (readableKey(k) ? `${k}：${formatValue(x)}` : formatValue(x)))
      .join(readableKey(Object.keys(v as object)[0] ?? '') ? '\n' : ' ');
  }
  return String(v);
}

const cell = (background: string) => ({ style: { background, whiteSpace: 'pre-wrap' as const, verticalAlign: 'top' as const } });

function FieldTable({ rows, testId }: { rows: FieldChange[]; testId: string }) {
  // a phone leaves the before and after columns room to read
  const narrow = Grid.useBreakpoint().sm === false;
  return (
    <Table<FieldChange>
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: '字段', dataIndex: 'label', width: narrow ? 64 : 140 },
        {
          title: '修改前（现公示）',
          dataIndex: 'before',
          onCell: () => cell('#fff1f0'),
          render: (v: unknown) => formatValue(v),
        },
        {
          title: '修改后（确认后公示）',
          dataIndex: 'after',
          onCell: () => cell('#f6ffed'),
          render: (v: unknown) => formatValue(v),
        },
      ]}
    />
  );
}

function ItemDiff({ item, onOpen }: { item: RevisionItem; onOpen?: (key: string) => void }) {
  const change = changeLabels[item.change];
  return (
    <div data-testid="revision-item" data-key={item.subjectId ?? item.key} style={{ marginBottom: 16 }}>
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        <Tag color={change.color}>{change.label}</Tag>
        {onOpen ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(item.key)} data-testid="revision-item-open">
            {item.label}
          </Button>
        ) : (
          <Typography.Text strong>{item.label}</Typography.Text>
        )}
        <Typography.Text type="secondary">第 {item.version} 版</Typography.Text>
      </Flex>
      {item.fields.length > 0 ? (
        <FieldTable rows={item.fields} testId="revision-fields" />
      ) : (
        <Typography.Text type="secondary">公开内容不变。</Typography.Text>
      )}
      {item.internalFields.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">内部字段（不公开）</Typography.Text>
          <FieldTable rows={item.internalFields} testId="revision-internal-fields" />
        </div>
      )}
    </div>
  );
}

/**
 * What a submission changes (issue 6 §2), entry by entry: the change, and a before → after table of
 * the public fields, with the fields that are never published under 内部字段.
 */
export function RevisionDiff({ id, onOpen }: { id: string; onOpen?: (key: string) => void }) {
  const detail = useRevisionDetail(id);
  if (detail.isError) return <Alert type="error" showIcon title={errorMessage(detail.error)} />;
  if (detail.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  const { items } = detail.data;
  return (
    <div data-testid="revision-diff">
      {items.length === 0 ? <Empty description="这次提交没有条目" /> : items.map((i) => <ItemDiff key={i.key} item={i} onOpen={onOpen} />)}
    </div>
  );
}
