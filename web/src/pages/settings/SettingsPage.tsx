import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage, fieldErrors } from '../../api/client';
import { PageLoading } from '../../components/PageLoading';
import { can } from '../../lib/access';
import { BEIJING, dayjs, formatBeijing, toLegalDate } from '../../lib/time';
import { useSingleFlight } from '../../lib/useSingleFlight';
import { formatValue, type SettingHistory, type SettingItem, useScheduleSetting, useSettingJurisdictions, useSettings } from './api';

const groupOrder = ['人员', '处罚', '强制', '许可', '编号', '公示'];

/**
 * 规则设置 (issue 8 §1, DESIGN.md invariant 3): every number the law or a local rule lets vary by
 * place, with its default and legal source, the value in force on a day in the caller's
 * jurisdiction and who set it, scheduled changes and the whole history. The jurisdiction's own
 * justice bureau sets a new value from a date on (never backdated), with a reason.
 */
export default function SettingsPage() {
  const { data: user } = useMe();
  const [onDate, setOnDate] = useState<Dayjs | null>(null);
  const [jurisdictionCode, setJurisdictionCode] = useState<string | undefined>(undefined);
  // the bureau and the administrators see the jurisdictions of their subtree: the settings of each
  const mayList = can(user, 'readOrg');
  const jurisdictions = useSettingJurisdictions(mayList);
  const choices = mayList ? (jurisdictions.data ?? []) : [];
  const query = useMemo(
    () => ({ ...(onDate ? { onDate: toLegalDate(onDate) } : {}), ...(jurisdictionCode ? { jurisdictionCode } : {}) }),
    [onDate, jurisdictionCode],
  );
  const { data, isLoading, error } = useSettings(query);
  const [editing, setEditing] = useState<SettingItem | null>(null);

  if (isLoading) return <PageLoading />;
  if (error || !data) return <Alert type="error" showIcon title={errorMessage(error)} />;

  const groups = groupOrder.map((g) => ({ group: g, items: data.items.filter((i) => i.group === g) })).filter((g) => g.items.length > 0);
  const columns: ColumnsType<SettingItem> = [
    {
      title: '设置项',
      dataIndex: 'label',
      render: (_, item) => (
        <Flex vertical gap={2}>
          <Typography.Text>{item.label}</Typography.Text>
          {item.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.note}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: `生效值（${data.onDate}）`,
      key: 'value',
      width: 230,
      render: (_, item) => (
        <Flex vertical gap={4} align="start">
          <Typography.Text strong data-testid={`setting-value-${item.key}`}>
            {formatValue(item, item.value)}
          </Typography.Text>
          {item.setBy ? (
            <Tag color="blue">
              {item.setBy.jurisdictionName}设置，{item.setBy.effectiveFrom} 起
            </Tag>
          ) : (
            <Tag>默认值</Tag>
          )}
          {item.upcoming.map((u) => (
            <Tag color="orange" key={u.id}>
              {u.effectiveFrom} 起改为 {formatValue(item, u.value)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { title: '默认值', key: 'default', width: 130, render: (_, item) => formatValue(item, item.default) },
    { title: '依据', dataIndex: 'source', width: 260 },
    {
      title: '可由谁更改',
      key: 'changeableBy',
      width: 150,
      render: (_, item) => (
        <Flex vertical gap={2} align="start">
          <span>{item.changeableByLabel}</span>
          {item.tighterOnly && (
            <Tooltip title="本地只能规定比法定期限更短的期限">
              <Tag color="gold">只能缩短</Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, item) =>
        item.changeable ? (
          <Button size="small" onClick={() => setEditing(item)} data-testid={`set-${item.key}`}>
            设置新值
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            规则设置
          </Typography.Title>
          <Typography.Text type="secondary">
            {data.jurisdiction ? `${data.jurisdiction.name}（${data.jurisdiction.code}）` : '全平台（适用默认值）'}
            ：本级未设置的项沿用上级的设置，均未设置时适用默认值。更改只对生效日期以后适用，不改写历史。
          </Typography.Text>
        </div>
        <Flex align="center" gap={8} wrap>
          {choices.length > 1 && (
            <Select
              aria-label="行政区划"
              style={{ minWidth: 200 }}
              value={jurisdictionCode ?? data.jurisdiction?.code}
              onChange={setJurisdictionCode}
              options={choices.map((j) => ({ value: j.code, label: `${j.name}（${j.code}）` }))}
            />
          )}
          <span>查看某日生效的值</span>
          <DatePicker value={onDate} onChange={setOnDate} placeholder="今天" aria-label="查看日期" />
        </Flex>
      </Flex>
      {groups.map((g) => (
        <Card key={g.group} title={g.group} size="small">
          <Table<SettingItem>
            rowKey="key"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={g.items}
            scroll={{ x: 1000 }}
            expandable={{
              expandedRowRender: (item) => <HistoryTable item={item} />,
              rowExpandable: (item) => item.history.length > 0,
            }}
          />
        </Card>
      ))}
      <ScheduleModal item={editing} jurisdictionCode={data.jurisdiction?.code ?? null} onClose={() => setEditing(null)} />
    </Flex>
  );
}

function HistoryTable({ item }: { item: SettingItem }) {
  const columns: ColumnsType<SettingHistory> = [
    { title: '生效日期', dataIndex: 'effectiveFrom', width: 110 },
    { title: '值', key: 'value', width: 140, render: (_, h) => formatValue(item, h.value) },
    { title: '设置区划', dataIndex: 'jurisdictionName', width: 140 },
    { title: '理由', dataIndex: 'reason' },
    { title: '设置人', dataIndex: 'createdByName', width: 180 },
    { title: '设置时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatBeijing(v) },
  ];
  return (
    <Table<SettingHistory>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={item.history}
      data-testid={`history-${item.key}`}
    />
  );
}

interface ScheduleValues {
  value: number | string;
  effectiveFrom: Dayjs;
  reason: string;
}

function ScheduleModal({
  item,
  jurisdictionCode,
  onClose,
}: {
  item: SettingItem | null;
  jurisdictionCode: string | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ScheduleValues>();
  const schedule = useScheduleSetting();
  const [pending, once] = useSingleFlight();
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  // today's legal date in Beijing, as a day of the picker
  const today = dayjs(dayjs().tz(BEIJING).format('YYYY-MM-DD'));
  const isNumber = item !== null && typeof item.default === 'number';

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };
  const onOk = () =>
    once(async () => {
      if (!item || !jurisdictionCode) return;
      let v: ScheduleValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      try {
        await schedule.mutateAsync({
          key: item.key,
          body: {
            jurisdictionCode,
            value: typeof v.value === 'string' ? v.value.trim() : v.value,
            effectiveFrom: toLegalDate(v.effectiveFrom),
            reason: v.reason.trim(),
          },
        });
        message.success(`已设置：${item.label}自 ${toLegalDate(v.effectiveFrom)} 起为 ${formatValue(item, v.value)}`);
        close();
      } catch (err) {
        const fields = fieldErrors(err).filter((f) => ['value', 'effectiveFrom', 'reason'].includes(f.name));
        form.setFields(fields.map((f) => ({ name: f.name as keyof ScheduleValues, errors: f.errors })));
        if (!fields.length) setError(errorMessage(err));
      }
    });

  return (
    <Modal
      open={item !== null}
      title={item ? `设置新值：${item.label}` : ''}
      okText="保存"
      onOk={onOk}
      onCancel={close}
      confirmLoading={pending}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
    >
      {item && (
        <>
          <Typography.Paragraph type="secondary">
            默认值 {formatValue(item, item.default)}（{item.source}）；现行值 {formatValue(item, item.value)}。
            {item.tighterOnly ? '本地只能规定更短的期限。' : ''}
          </Typography.Paragraph>
          <Form
            form={form}
            name="schedule-setting"
            layout="vertical"
            initialValues={{ value: item.value, effectiveFrom: today.add(1, 'day') }}
          >
            <Form.Item
              name="value"
              label={`新值${item.unit === 'ratio' ? '（比例，如 0.05 即 5%）' : item.unitLabel ? `（${item.unitLabel}）` : ''}`}
              rules={[{ required: true, message: '请填写新值' }]}
            >
              {isNumber ? (
                <InputNumber style={{ width: 200 }} min={item.min ?? undefined} max={item.max ?? undefined} />
              ) : (
                <Input maxLength={200} />
              )}
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label="生效日期"
              extra="今天或以后；更改不改写历史"
              rules={[{ required: true, message: '请选择生效日期' }]}
            >
              <DatePicker disabledDate={(d) => d.isBefore(today, 'day')} allowClear={false} />
            </Form.Item>
            <Form.Item
              name="reason"
              label="更改理由"
              extra="如本地规定的名称和文号；记入全过程记录"
              rules={[{ required: true, whitespace: true, message: '请填写更改理由' }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 500, show: true }} />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon title={error} />}
        </>
      )}
    </Modal>
  );
}
