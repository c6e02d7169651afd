import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Table, type TableColumnsType, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useAuditActions, useAuditEvents, useAuditStats } from '../../api/audit';
import { errorMessage } from '../../api/client';
import type { AuditAction, AuditEvent, AuditFilter } from '../../api/types';
import { formatBeijing, toLegalDate } from '../../lib/time';
import { AuditChart, fillDays } from './components/AuditChart';

interface FilterForm {
  actor?: string;
  action?: string;
  includeCheckpoints?: boolean;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** What kind of object an entry is about, when it has no name of its own. */
const entityTypeLabels: Record<string, string> = {
  user: '用户',
  agency: '执法主体',
  officer: '执法人员',
  service_window: '窗口公示牌',
  revision: '变更提交',
  journal_checkpoint: '日志检查点',
  security_policy: '安全策略',
  calendar_override: '工作日历',
  jurisdiction: '行政区划',
  publication_list: '公示清单',
  job: '后台任务',
  platform: '平台',
};

const columns: TableColumnsType<AuditEvent> = [
  { title: '序号', dataIndex: 'seq', width: 80 },
  { title: '时间（北京时间）', dataIndex: 'occurredAt', width: 180, render: (v: string) => formatBeijing(v) },
  { title: '用户', dataIndex: 'actorName', width: 140 },
  {
    title: '操作',
    dataIndex: 'action',
    width: 200,
    render: (_, e) =>
      e.actionLabel && e.actionLabel !== e.action ? (
        <span title={e.action}>{e.actionLabel}</span>
      ) : (
        <Typography.Text code>{e.action}</Typography.Text>
      ),
  },
  {
    title: '对象',
    key: 'entity',
    ellipsis: true,
    // a name when the server has one (issue 7 §9); otherwise the kind of object, the id only on hover
    render: (_, e) =>
      e.entityLabel ?? (e.entityType ? <span title={e.entityId ?? undefined}>{entityTypeLabels[e.entityType] ?? e.entityType}</span> : '—'),
  },
  { title: 'IP', dataIndex: 'clientIp', width: 140, render: (v: string | null) => v ?? '—' },
];

function toFilter(values: FilterForm): AuditFilter {
  const filter: AuditFilter = {};
  if (values.actor?.trim()) filter.actor = values.actor.trim();
  if (values.action?.trim()) filter.action = values.action.trim();
  const [from, to] = values.range ?? [];
  if (from) filter.from = toLegalDate(from);
  if (to) filter.to = toLegalDate(to);
  if (values.includeCheckpoints) filter.includeCheckpoints = true;
  return filter;
}

/** Suggestions for the 操作 filter: each action, and each family as a prefix (`auth.` = every auth action). */
function actionOptions(actions: AuditAction[]) {
  const families = [...new Set(actions.map((a) => a.action.split('.')[0] ?? '').filter(Boolean))];
  return [
    { label: '按类别', options: families.map((f) => ({ value: `${f}.`, label: `${f}.*（该类全部操作）` })) },
    { label: '操作', options: actions.map((a) => ({ value: a.action, label: `${a.label}（${a.action}）` })) },
  ];
}

/** 审计日志 (auditor only): read-only, searchable, cursor paged. */
export default function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const events = useAuditEvents(filter);
  const stats = useAuditStats(filter);
  const actions = useAuditActions();
  const options = useMemo(() => actionOptions(actions.data ?? []), [actions.data]);
  const chartDays = useMemo(() => fillDays(stats.data?.days ?? [], filter.from, filter.to), [stats.data, filter.from, filter.to]);
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);

  return (
    <Flex vertical gap={16}>
      <Card title="审计日志" styles={{ body: { paddingBottom: 8 } }}>
        <Form<FilterForm> form={form} layout="inline" onFinish={(values) => setFilter(toFilter(values))}>
          <Form.Item name="actor" label="用户" style={{ marginBottom: 8 }}>
            <Input placeholder="用户名" allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="action" label="操作" style={{ marginBottom: 8 }}>
            <AutoComplete
              options={options}
              placeholder="选择或输入操作"
              allowClear
              style={{ width: 260 }}
              popupMatchSelectWidth={340}
              showSearch={{
                filterOption: (input, option) =>
                  !!option &&
                  'value' in option &&
                  `${String(option.value)} ${String(option.label)}`.toLowerCase().includes(input.toLowerCase()),
              }}
            />
          </Form.Item>
          <Form.Item name="range" label="时间范围" style={{ marginBottom: 8 }}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="includeCheckpoints" valuePropName="checked" style={{ marginBottom: 8 }}>
            {/* the signer's checkpoints (one per interval) would bury what people did; shown on request */}
            <Checkbox>含日志检查点</Checkbox>
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                }}
              >
                重置
              </Button>
            </Flex>
          </Form.Item>
        </Form>
      </Card>

      {stats.isSuccess && chartDays.length > 0 && (
        <Card size="small" title="每日事件数（北京时间）">
          <AuditChart days={chartDays} />
        </Card>
      )}

      <Card>
        {events.isError && <Typography.Paragraph type="danger">{errorMessage(events.error)}</Typography.Paragraph>}
        <Table<AuditEvent>
          rowKey="seq"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={events.isPending || (events.isFetching && !events.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 960 }}
          expandable={{
            columnTitle: '详情',
            columnWidth: 56,
            rowExpandable: (e) => Object.keys(e.payload ?? {}).length > 0,
            expandedRowRender: (e) => <pre className="sx-json">{JSON.stringify(e.payload, null, 2)}</pre>,
          }}
          locale={{ emptyText: '没有符合条件的审计事件' }}
          data-testid="audit-table"
        />
        <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">已显示 {rows.length} 条</Typography.Text>
          {events.hasNextPage && (
            <Button onClick={() => events.fetchNextPage()} loading={events.isFetchingNextPage}>
              加载更多
            </Button>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
