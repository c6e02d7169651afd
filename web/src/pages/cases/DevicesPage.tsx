import { PlusOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Empty,
  Flex,
  Grid,
  Input,
  List,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import type { Device } from '../../api/devices';
import { useDevices } from '../../api/evidence';
import { useAgencies } from '../../api/org';
import { AgencyCell, EXPAND_WIDTH, stickyTable, tableWidth } from '../../components/lists/cells';
import { can } from '../../lib/access';
import { DeviceHistory } from './DeviceHistory';
import { HandOverModal, RegisterDeviceModal } from './DeviceModals';

/**
 * 执法记录设备 (R-C10 谁使用、谁保管、谁负责): the agency's AV devices, who keeps each one now and
 * since when, and the custody history. The agency head registers devices and hands them over
 * (manageDevices); officers read; the justice bureau reads its agencies' devices.
 */
export default function DevicesPage() {
  const { data: user } = useMe();
  const isBureau = can(user, 'supervise');
  const isHead = can(user, 'manageDevices') && !!user?.agencyId;
  const narrow = Grid.useBreakpoint().md === false;
  const devices = useDevices();
  const agencies = useAgencies();
  const [registering, setRegistering] = useState(false);
  const [handing, setHanding] = useState<Device | null>(null);
  const [agencyId, setAgencyId] = useState<string | undefined>();
  const [q, setQ] = useState('');

  const agencyName = useMemo(() => new Map((agencies.data ?? []).map((a) => [a.id, a.name])), [agencies.data]);
  const all = devices.data?.items ?? [];
  const text = q.trim().toLowerCase();
  const rows = all
    .filter((d) => !agencyId || d.agencyId === agencyId)
    .filter((d) => !text || [d.name, d.serialNumber, d.kind, d.custodian?.name ?? ''].some((s) => s.toLowerCase().includes(text)))
    // the bureau reads agency by agency: grouped by the agency's name, then the device's (the server orders by id)
    .sort(
      (a, b) =>
        (agencyName.get(a.agencyId) ?? '').localeCompare(agencyName.get(b.agencyId) ?? '', 'zh-CN') ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
  // the head hands over only the own agency's devices (the server says the same: 403 otherwise)
  const mayHandOver = (d: Device) => isHead && d.agencyId === user?.agencyId;

  const handOver = (d: Device) =>
    mayHandOver(d) ? (
      <Button size="small" icon={<SwapOutlined />} onClick={() => setHanding(d)} data-testid="device-handover">
        交接
      </Button>
    ) : null;

  const columns: TableColumnsType<Device> = [
    { title: '名称', dataIndex: 'name', width: 180, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: '类型', dataIndex: 'kind', width: 110, render: (v: string) => <Tag>{v}</Tag> },
    { title: '编号', dataIndex: 'serialNumber', width: 170, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    ...(isBureau
      ? [{ title: '执法主体', dataIndex: 'agencyId', width: 170, render: (v: string) => <AgencyCell name={agencyName.get(v)} /> } as const]
      : []),
    {
      title: '当前保管人',
      key: 'custodian',
      width: 130,
      render: (_, d) => (d.custodian ? <Typography.Text data-testid="device-custodian">{d.custodian.name}</Typography.Text> : '—'),
    },
    { title: '保管起始日期', key: 'since', width: 120, render: (_, d) => d.custodian?.fromDate ?? '—' },
    { title: '交接次数', key: 'count', width: 90, render: (_, d) => Math.max(d.custody.length - 1, 0) },
    ...(isHead ? [{ title: '操作', key: 'op', width: 100, render: (_: unknown, d: Device) => handOver(d) }] : []),
  ];

  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText(all.length > 0, isHead, isBureau)} />;

  return (
    <Card title="执法记录设备" extra={<RegisterButton isHead={isHead} isBureau={isBureau} onClick={() => setRegistering(true)} />}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        执法记录仪、照相机、录音笔等音像记录设备实行“谁使用、谁保管、谁负责”：每台设备由机关负责人指定保管人，交接只追加记录，保管历史保留、不可修改。
        {isBureau ? '司法局查看辖区内各执法机关的设备（只读）。' : isHead ? '' : '设备由本机关负责人登记和交接，您可查看。'}
      </Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="名称、编号或保管人"
          aria-label="名称、编号或保管人"
          allowClear
          style={{ width: 240, maxWidth: '100%' }}
          onSearch={setQ}
          onChange={(e) => !e.target.value && setQ('')}
        />
        {isBureau && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="执法主体"
            aria-label="执法主体"
            style={{ width: 260, maxWidth: '100%' }}
            value={agencyId}
            options={(agencies.data ?? []).filter((a) => !a.isSupervising).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(v: string | undefined) => setAgencyId(v)}
          />
        )}
      </Flex>
      {devices.isError && <Alert type="error" showIcon title={errorMessage(devices.error)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <List
          loading={devices.isPending}
          dataSource={rows}
          rowKey="id"
          locale={{ emptyText: empty }}
          data-testid="device-list"
          renderItem={(d) => (
            <List.Item style={{ display: 'block' }} data-testid="device-item">
              <Flex justify="space-between" align="flex-start" gap={8}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{d.name}</Typography.Text> <Tag>{d.kind}</Tag>
                  <div style={{ fontSize: 13 }}>
                    <Typography.Text type="secondary">编号 {d.serialNumber}</Typography.Text>
                    {isBureau && <Typography.Text type="secondary"> · {agencyName.get(d.agencyId) ?? ''}</Typography.Text>}
                  </div>
                  <div style={{ fontSize: 13 }}>
                    保管人：<span data-testid="device-custodian">{d.custodian?.name ?? '—'}</span>
                    {d.custodian && <Typography.Text type="secondary">（自 {d.custodian.fromDate} 起）</Typography.Text>}
                  </div>
                </div>
                {handOver(d)}
              </Flex>
              <Collapse
                ghost
                size="small"
                style={{ marginTop: 4 }}
                items={[{ key: 'h', label: `保管历史（${d.custody.length} 条）`, children: <DeviceHistory device={d} heading={false} /> }]}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<Device>
          rowKey="id"
          size="middle"
          loading={devices.isPending}
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: tableWidth(columns, EXPAND_WIDTH) }}
          sticky={stickyTable}
          locale={{ emptyText: empty }}
          expandable={{ expandedRowRender: (d) => <DeviceHistory device={d} />, expandRowByClick: false }}
          data-testid="device-table"
        />
      )}
      {user?.agencyId && isHead && (
        <RegisterDeviceModal open={registering} agencyId={user.agencyId} onClose={() => setRegistering(false)} />
      )}
      <HandOverModal device={handing} onClose={() => setHanding(null)} />
    </Card>
  );
}

/** 登记设备: the head's; others of the agency see why they cannot; the bureau only reads. */
function RegisterButton({ isHead, isBureau, onClick }: { isHead: boolean; isBureau: boolean; onClick: () => void }): ReactNode {
  if (isBureau) return null;
  const button = (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick} disabled={!isHead} data-testid="device-register">
      登记设备
    </Button>
  );
  return isHead ? button : <Tooltip title="只有本机关负责人可以登记设备和指定保管人">{button}</Tooltip>;
}

function emptyText(filtered: boolean, isHead: boolean, isBureau: boolean): string {
  if (filtered) return '没有符合条件的设备';
  if (isHead) return '本机关尚未登记执法记录设备。请点击右上角「登记设备」，登记执法记录仪、照相机、录音笔等，并为每台设备指定保管人。';
  if (isBureau) return '辖区内各执法机关尚未登记执法记录设备。';
  return '本机关尚未登记执法记录设备，请联系机关负责人登记并指定保管人。';
}
