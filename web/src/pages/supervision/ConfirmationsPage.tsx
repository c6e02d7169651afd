import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type ListRevisionView, useCatalogAlerts, useDecideRevision, useRevisionDetail, useRevisions } from '../../api/catalog';
import { errorMessage } from '../../api/client';
import { useCursorList } from '../../api/lists';
import {
  type Agency,
  type Officer,
  officersKey,
  useAgencies,
  useAgencyReturn,
  useConfirmAgency,
  useConfirmOfficers,
  useOfficerReturn,
  useOrgAlerts,
  useOrgThresholds,
  useReturnAgency,
  useReturnOfficers,
} from '../../api/org';
import { AgencyCell, Clamp, EXPAND_WIDTH, stickyTable, tableWidth } from '../../components/lists/cells';
import { formatBeijing } from '../../lib/time';

function RevisionChanges({ id }: { id: string }) {
  const detail = useRevisionDetail(id);
  if (detail.isError) return <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey={(c) => `${c.entryId}-${c.revision}`}
      loading={detail.isPending}
      dataSource={detail.data?.changes ?? []}
      pagination={false}
      columns={[
        { title: '编码', dataIndex: 'code', width: 120 },
        {
          title: '变更',
          key: 'kind',
          width: 90,
          render: (_, c) =>
            c.removed ? <Tag color="red">删除</Tag> : c.revision === 1 ? <Tag color="green">新增</Tag> : <Tag color="blue">修改</Tag>,
        },
        { title: '理由', dataIndex: 'reason' },
        { title: '变更人', key: 'by', width: 200, render: (_, c) => `${c.changedBy} · ${formatBeijing(c.changedAt, 'MM-DD HH:mm')}` },
      ]}
    />
  );
}

/** Asks the bureau for the reason of a return (退回) and hands it to `submit`. */
function ReasonModal({
  name,
  open,
  title,
  note,
  pending,
  submit,
  onClose,
}: {
  /** the form's name, unique on the page (field ids derive from it) */
  name: string;
  open: boolean;
  title: string;
  note?: string;
  pending: boolean;
  submit: (reason: string) => Promise<string>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const onOk = async () => {
    const { reason } = await form.validateFields();
    try {
      message.success(await submit(reason.trim()));
      form.resetFields();
      onClose();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText="退回"
      okButtonProps={{ danger: true }}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={pending}
      destroyOnHidden
      forceRender
    >
      {note && <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>}
      <Form form={form} name={name} layout="vertical">
        <Form.Item name="reason" label="退回原因" rules={[{ required: true, whitespace: true, min: 2, message: '请填写退回原因' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReturnModal({ revision, onClose }: { revision: ListRevisionView | null; onClose: () => void }) {
  const decide = useDecideRevision();
  return (
    <ReasonModal
      name="revision-return"
      open={revision !== null}
      title={revision ? `退回：${revision.agencyName} · ${revision.listLabel} 第 ${revision.revision} 版` : ''}
      pending={decide.isPending}
      submit={async (reason) => {
        if (revision) await decide.mutateAsync({ id: revision.id, action: 'return', text: reason });
        return '已退回';
      }}
      onClose={onClose}
    />
  );
}

function CatalogQueue() {
  const revisions = useRevisions({ status: 'submitted' });
  const decide = useDecideRevision();
  const [returning, setReturning] = useState<ListRevisionView | null>(null);
  const { message } = App.useApp();
  const revisionColumns: TableColumnsType<ListRevisionView> = [
    { title: '执法主体', dataIndex: 'agencyName', width: 150, render: (v: string) => <AgencyCell name={v} /> },
    { title: '清单', dataIndex: 'listLabel', width: 140 },
    { title: '版本', dataIndex: 'revision', width: 70, render: (v: number) => `第 ${v} 版` },
    { title: '变更数', dataIndex: 'changeCount', width: 70 },
    { title: '提交说明', dataIndex: 'submitReason', width: 200, render: (v: string | null) => <Clamp text={v} rows={2} /> },
    {
      title: '提交',
      key: 'submitted',
      width: 170,
      render: (_, r) => `${r.submittedBy ?? '—'} · ${formatBeijing(r.submittedAt, 'YYYY-MM-DD HH:mm')}`,
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 190,
      render: (_, r) => (
        <Space>
          <Popconfirm
            title="确认并公示"
            description={`确认后，${r.agencyName}的${r.listLabel}将在公示平台更新为新版本。`}
            okText="确认公示"
            cancelText="取消"
            onConfirm={() =>
              decide.mutateAsync({ id: r.id, action: 'confirm', text: '' }).then(
                (v) => message.success(`已确认并公示${v.publishedVersion ? `（公示第 ${v.publishedVersion} 版）` : ''}`),
                (e: unknown) => message.error(errorMessage(e)),
              )
            }
          >
            <Button type="primary" size="small" icon={<CheckOutlined />} data-testid="confirm-revision">
              确认公示
            </Button>
          </Popconfirm>
          <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(r)}>
            退回
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      {revisions.isError && <Alert type="error" showIcon title={errorMessage(revisions.error)} />}
      <Table<ListRevisionView>
        rowKey="id"
        size="middle"
        loading={revisions.isPending}
        dataSource={revisions.data ?? []}
        pagination={false}
        scroll={{ x: tableWidth(revisionColumns, EXPAND_WIDTH) }}
        sticky={stickyTable}
        expandable={{ expandedRowRender: (r) => <RevisionChanges id={r.id} /> }}
        locale={{ emptyText: <Empty description="没有待确认的清单变更" /> }}
        data-testid="revision-queue"
        columns={revisionColumns}
      />
      <ReturnModal revision={returning} onClose={() => setReturning(null)} />
    </>
  );
}

/** 退回 an agency's own pending change (its directory entry) with the reason. */
function AgencyReturnModal({ agency, onClose }: { agency: Agency | null; onClose: () => void }) {
  const giveBack = useReturnAgency();
  return (
    <ReasonModal
      name="agency-return"
      open={agency !== null}
      title={agency ? `退回执法主体变更：${agency.name} 第 ${agency.version} 版` : ''}
      note="该版本不会公示；机关修改后形成新版本，再由司法局确认。"
      pending={giveBack.isPending}
      submit={async (reason) => {
        if (agency) await giveBack.mutateAsync({ agencyId: agency.id, reason });
        return '已退回';
      }}
      onClose={onClose}
    />
  );
}

/** "已退回" while the agency has not made a new version since the bureau's return. */
function AgencyReturnedTag({ agencyId }: { agencyId: string }) {
  const open = useAgencyReturn(agencyId).data?.return;
  if (!open) return null;
  return (
    <Tag color="orange" title={`退回原因：${open.reason}`}>
      已退回 {formatBeijing(open.returnedAt)}
    </Tag>
  );
}

function AgencyQueue() {
  const agencies = useAgencies();
  const confirm = useConfirmAgency();
  const { message } = App.useApp();
  const [returning, setReturning] = useState<Agency | null>(null);
  const pending = (agencies.data ?? []).filter((a) => a.state === 'pending');
  return (
    <>
      <AgencyReturnModal agency={returning} onClose={() => setReturning(null)} />
      <Table<Agency>
        rowKey="id"
        size="middle"
        loading={agencies.isPending}
        dataSource={pending}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待确认的执法主体变更" /> }}
        columns={[
          {
            title: '执法主体',
            dataIndex: 'name',
            width: 260,
            render: (v: string, a) => (
              <>
                <AgencyCell name={v} />
                <AgencyReturnedTag agencyId={a.id} />
              </>
            ),
          },
          { title: '当前版本', dataIndex: 'version', width: 90, render: (v: number) => `第 ${v} 版` },
          { title: '已公示版本', dataIndex: 'confirmedVersion', width: 110, render: (v: number | null) => (v ? `第 ${v} 版` : '未公示') },
          { title: '待确认自', dataIndex: 'pendingSince', width: 160, render: (v: string | null) => formatBeijing(v, 'YYYY-MM-DD HH:mm') },
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_, a) => (
              <Space wrap>
                <Button
                  type="primary"
                  size="small"
                  icon={<CheckOutlined />}
                  loading={confirm.isPending && confirm.variables === a.id}
                  onClick={() =>
                    confirm.mutateAsync(a.id).then(
                      (r) => message.success(`已公示执法主体名录第 ${r.version} 版`),
                      (e: unknown) => message.error(errorMessage(e)),
                    )
                  }
                >
                  确认公示
                </Button>
                <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(a)}>
                  退回
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

/** 退回 an agency's pending officer changes with the reason; nothing is published or undone. */
function OfficerReturnModal({ group, onClose }: { group: { agencyId: string; agencyName: string } | null; onClose: () => void }) {
  const giveBack = useReturnOfficers();
  return (
    <ReasonModal
      name="officer-return"
      open={group !== null}
      title={group ? `退回人员变更：${group.agencyName}` : ''}
      note="变更不会公示，也不会被撤销；该机关看到退回原因并修改后，再由司法局确认。"
      pending={giveBack.isPending}
      submit={async (reason) => {
        if (group) await giveBack.mutateAsync({ agencyId: group.agencyId, reason });
        return '已退回，该机关修改后再确认';
      }}
      onClose={onClose}
    />
  );
}

/** "已退回" while the agency has not acted on the bureau's return. */
function ReturnedTag({ agencyId }: { agencyId: string }) {
  const open = useOfficerReturn(agencyId).data?.return;
  if (!open) return null;
  return (
    <Tag color="orange" title={`退回原因：${open.reason}`}>
      已退回 {formatBeijing(open.returnedAt)}
    </Tag>
  );
}

function OfficerQueue() {
  const [returning, setReturning] = useState<{ agencyId: string; agencyName: string } | null>(null);
  const pending = useCursorList<Officer>([...officersKey, 'pending-queue'], '/officers', { pending: true });
  const confirm = useConfirmOfficers();
  const { message } = App.useApp();
  const rows = pending.data?.pages.flatMap((p) => p.items) ?? [];
  const byAgency = new Map<string, { agencyId: string; agencyName: string; officers: Officer[] }>();
  for (const o of rows) {
    const group = byAgency.get(o.agencyId) ?? { agencyId: o.agencyId, agencyName: o.agencyName, officers: [] };
    group.officers.push(o);
    byAgency.set(o.agencyId, group);
  }
  return (
    <>
      <OfficerReturnModal group={returning} onClose={() => setReturning(null)} />
      <Table
        rowKey="agencyId"
        size="middle"
        loading={pending.isPending}
        dataSource={[...byAgency.values()]}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待确认的人员变更" /> }}
        columns={[
          {
            title: '执法主体',
            dataIndex: 'agencyName',
            width: 260,
            render: (v: string, g) => (
              <>
                <AgencyCell name={v} />
                <ReturnedTag agencyId={g.agencyId} />
              </>
            ),
          },
          {
            title: '变更人员',
            key: 'officers',
            render: (_, g) => g.officers.map((o) => <Tag key={o.id}>{o.name}</Tag>),
          },
          {
            title: '操作',
            key: 'actions',
            width: 260,
            render: (_, g) => (
              <Space wrap>
                <Button
                  type="primary"
                  size="small"
                  icon={<CheckOutlined />}
                  loading={confirm.isPending && confirm.variables === g.agencyId}
                  onClick={() =>
                    confirm.mutateAsync(g.agencyId).then(
                      (r) => message.success(`已公示执法人员清单第 ${r.version} 版`),
                      (e: unknown) => message.error(errorMessage(e)),
                    )
                  }
                >
                  确认并公示
                </Button>
                <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(g)}>
                  退回
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

/** 待确认变更: the justice bureau confirms or returns what agencies submitted (R-D03, R-D08). */
export default function ConfirmationsPage() {
  const revisions = useRevisions({ status: 'submitted' });
  const catalogAlerts = useCatalogAlerts();
  const orgAlerts = useOrgAlerts();
  const limit = useOrgThresholds().data?.publishWithinWorkingDays;
  const alerts = [
    ...(catalogAlerts.data ?? []).map((a) => ({ key: `c-${a.revisionId}`, message: a.message })),
    ...(orgAlerts.data?.items ?? []).map((a) => ({ key: `o-${a.kind}-${a.agencyId}`, message: a.message })),
  ];
  return (
    <Card title="待确认变更">
      <Typography.Paragraph type="secondary">
        各执法主体提交的清单变更、执法主体和人员变更，经司法局确认后公示；变更应在 {limit ?? '—'} 个工作日内公示（R-D08）。
      </Typography.Paragraph>
      {alerts.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${alerts.length} 项变更超过 ${limit ?? '—'} 个工作日未公示`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {alerts.map((a) => (
                <li key={a.key}>{a.message}</li>
              ))}
            </ul>
          }
          data-testid="overdue-alerts"
        />
      )}
      <Tabs
        items={[
          {
            key: 'catalog',
            label: (
              <Badge count={revisions.data?.length ?? 0} size="small" offset={[8, 0]}>
                执法事项目录
              </Badge>
            ),
            children: <CatalogQueue />,
          },
          { key: 'agencies', label: '执法主体', children: <AgencyQueue /> },
          { key: 'officers', label: '执法人员', children: <OfficerQueue /> },
        ]}
      />
    </Card>
  );
}
