import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage, isStale } from '../../../api/client';
import {
  annualReviewLabels,
  type CertificateStatus,
  certificateStatusLabels,
  type Officer,
  type TrainingRecord,
  useAddTraining,
  useAgencies,
  useOfficerDetail,
  useOrgThresholds,
  useSetOfficerStatus,
  useTraining,
  useTransferOfficer,
} from '../../../api/org';
import { dayjs, formatBeijing, toLegalDate } from '../../../lib/time';
import { useSingleFlight } from '../../../lib/useSingleFlight';

export function StatusTag({ status }: { status: CertificateStatus }) {
  const s = certificateStatusLabels[status];
  return <Tag color={s.color}>{s.label}</Tag>;
}

/**
 * A certificate's state as a person should read it: no certificate is no colour at all; a certificate
 * without its validity cannot be checked on any date, so it is never green (R-P01, R-P02), whether
 * or not its holder is ticked as an enforcer; otherwise its 红黄绿码 status, with the reason on hover.
 */
export function CertificateState({
  officer: o,
  long = false,
}: {
  officer: Pick<Officer, 'certificateNumber' | 'validFrom' | 'validUntil' | 'status' | 'statusReason'>;
  long?: boolean;
}) {
  if (!o.certificateNumber) return <span title="未持行政执法证件">—</span>;
  if (!o.validFrom || !o.validUntil) {
    return (
      <Tooltip title="执法证件未登记有效期，不能执法；请补填有效期">
        <Tag color="warning">{long ? '未登记有效期，不能执法' : '未登记有效期'}</Tag>
      </Tooltip>
    );
  }
  if (!o.statusReason) return <StatusTag status={o.status} />;
  return (
    <Tooltip title={o.statusReason}>
      <span>
        <StatusTag status={o.status} />
      </span>
    </Tooltip>
  );
}

export function roleFlags(o: Pick<Officer, 'isEnforcer' | 'isReviewer' | 'isLegalAdviser' | 'isAuxiliary' | 'hasLegalQualification'>) {
  const flags: string[] = [];
  if (o.isEnforcer) flags.push('执法');
  if (o.isReviewer) flags.push('法制审核');
  if (o.isLegalAdviser) flags.push('公职律师/法律顾问');
  if (o.isAuxiliary) flags.push('辅助人员');
  if (o.hasLegalQualification) flags.push('法律职业资格');
  return flags;
}

/** This year's training hours against the server's minimums, professional and legal (R-P03). */
export function TrainingHours({ professional, legal }: { professional: number; legal: number }) {
  const thresholds = useOrgThresholds().data;
  const bar = (label: string, hours: number, required: number | undefined) => (
    <Flex align="center" gap={8}>
      <span style={{ width: 56 }}>{label}</span>
      <Progress
        percent={required ? Math.min(100, Math.round((hours / required) * 100)) : 0}
        status={required !== undefined && hours >= required ? 'success' : 'active'}
        format={() => `${hours} / ${required ?? '—'} 学时`}
        style={{ flex: 1, margin: 0 }}
      />
    </Flex>
  );
  return (
    <div data-testid="training-hours">
      {bar('业务知识', professional, thresholds?.professionalHours)}
      {bar('法律知识', legal, thresholds?.legalHours)}
    </div>
  );
}

function StatusModal({ officer, open, onClose }: { officer: Officer; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ status: CertificateStatus; reason: string }>();
  const change = useSetOfficerStatus();
  const [error, setError] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  const onOk = () =>
    once(async () => {
      let v: { status: CertificateStatus; reason: string };
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      try {
        // the version shown in the drawer: a change by someone else meanwhile is refused (412)
        await change.mutateAsync({ id: officer.id, version: officer.version, status: v.status, reason: v.reason.trim() });
        onClose();
      } catch (err) {
        setError(isStale(err) ? `${err.message}。抽屉已载入他人修改后的最新内容，请核对后重新操作。` : errorMessage(err));
      }
    });
  return (
    <Modal
      open={open}
      title={`变更证件状态：${officer.name}`}
      onOk={onOk}
      onCancel={onClose}
      okText="变更"
      confirmLoading={pending}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
      forceRender
    >
      <Form form={form} name="status" layout="vertical" initialValues={{ status: officer.status }}>
        <Form.Item name="status" label="状态">
          <Radio.Group
            optionType="button"
            options={Object.entries(certificateStatusLabels).map(([value, s]) => ({ value, label: s.label }))}
          />
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, whitespace: true, min: 2, message: '请填写理由' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={{ max: 500 }} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** 调动 (R-P02): the bureau picks the receiving agency; the modal says what will happen first. */
function TransferModal({ officer, open, onClose }: { officer: Officer; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ toAgencyId: string; reason: string }>();
  const transfer = useTransferOfficer();
  const agencies = useAgencies();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const options = (agencies.data ?? [])
    .filter((a) => a.id !== officer.agencyId && !a.abolished)
    .map((a) => ({ value: a.id, label: a.name }));
  const [pending, once] = useSingleFlight();
  const onOk = () =>
    once(async () => {
      let v: { toAgencyId: string; reason: string };
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      try {
        const r = await transfer.mutateAsync({ id: officer.id, body: { toAgencyId: v.toAgencyId, reason: v.reason.trim() } });
        message.success(`已调往${r.arrived.agencyName}，两机关提交人员变更并经司法局确认后公示`);
        onClose();
      } catch (err) {
        setError(errorMessage(err));
      }
    });
  return (
    <Modal
      open={open}
      title={`调动：${officer.name}`}
      onOk={onOk}
      onCancel={onClose}
      okText="调动"
      okButtonProps={{ danger: true }}
      confirmLoading={pending}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
      forceRender
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={`调动后，${officer.name}在${officer.agencyName}的执法证件将注销；在调入机关须重新申领执法证件，取得前不能作为执法人员。`}
      />
      <Form form={form} name="transfer" layout="vertical">
        <Form.Item name="toAgencyId" label="调入机关" rules={[{ required: true, message: '请选择调入机关' }]}>
          <Select options={options} loading={agencies.isLoading} placeholder="选择本辖区的执法主体" showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="reason" label="调动理由" rules={[{ required: true, whitespace: true, min: 2, message: '请填写调动理由' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={{ max: 500 }} placeholder="如：工作需要，调入某某执法大队" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function TrainingTab({ officer, canEdit }: { officer: Officer; canEdit: boolean }) {
  const training = useTraining(officer.id);
  const add = useAddTraining();
  const [form] = Form.useForm<{ date: Dayjs; hours: number; kind: 'professional' | 'legal'; topic: string }>();
  const { message } = App.useApp();
  const year = dayjs().year();
  const totals = training.data?.totals.find((t) => t.year === year) ?? { professionalHours: 0, legalHours: 0 };
  const [pending, once] = useSingleFlight();
  const onAdd = () =>
    once(async () => {
      let v: { date: Dayjs; hours: number; kind: 'professional' | 'legal'; topic: string };
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      try {
        await add.mutateAsync({ id: officer.id, body: { date: toLegalDate(v.date), hours: v.hours, kind: v.kind, topic: v.topic.trim() } });
        form.resetFields();
        message.success('已登记培训记录');
      } catch (err) {
        message.error(errorMessage(err));
      }
    });
  return (
    <>
      <Typography.Title level={5}>{year} 年培训学时</Typography.Title>
      <TrainingHours professional={totals.professionalHours} legal={totals.legalHours} />
      {canEdit && (
        <Card size="small" title="登记培训" style={{ margin: '16px 0' }}>
          <Form form={form} name="training" layout="inline" initialValues={{ kind: 'legal', date: dayjs(), hours: 4 }}>
            <Form.Item name="date" rules={[{ required: true }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="kind">
              <Select
                style={{ width: 110 }}
                options={[
                  { value: 'professional', label: '业务知识' },
                  { value: 'legal', label: '法律知识' },
                ]}
              />
            </Form.Item>
            <Form.Item name="hours" rules={[{ required: true, message: '学时' }]}>
              <InputNumber min={0.5} max={200} step={0.5} addonAfter="学时" style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name="topic" rules={[{ required: true, whitespace: true, min: 2, message: '请填写培训内容' }]}>
              <Input placeholder="培训内容" style={{ width: 200 }} />
            </Form.Item>
            <Button type="primary" onClick={onAdd} loading={pending}>
              登记
            </Button>
          </Form>
        </Card>
      )}
      <Table<TrainingRecord>
        size="small"
        rowKey="id"
        loading={training.isPending}
        dataSource={training.data?.items ?? []}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        columns={[
          { title: '日期', dataIndex: 'date', width: 110 },
          { title: '类别', dataIndex: 'kind', width: 90, render: (v: string) => (v === 'legal' ? '法律知识' : '业务知识') },
          { title: '学时', dataIndex: 'hours', width: 70 },
          { title: '内容', dataIndex: 'topic' },
        ]}
      />
    </>
  );
}

/** One officer: certificate, status history (红黄绿), annual reviews, training hours, versions. */
export function OfficerDrawer({
  officerId,
  onClose,
  canEdit,
  canTransfer = false,
}: {
  officerId: string | null;
  onClose: () => void;
  canEdit: boolean;
  /** the justice bureau (R-P02 transfers) */
  canTransfer?: boolean;
}) {
  const detail = useOfficerDetail(officerId);
  const [statusOpen, setStatusOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const o = detail.data?.officer;
  return (
    <Drawer
      open={officerId !== null}
      size={720}
      title={o ? `执法人员：${o.name}` : '执法人员'}
      onClose={onClose}
      destroyOnHidden
      extra={
        o && (
          <Flex gap={8}>
            {canTransfer && o.active && (
              <Button danger onClick={() => setTransferOpen(true)} data-testid="officer-transfer">
                调动
              </Button>
            )}
            {canEdit && (
              <Button onClick={() => setStatusOpen(true)} data-testid="officer-status-change">
                变更证件状态
              </Button>
            )}
          </Flex>
        )
      }
    >
      {detail.isError && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
      {o && detail.data && (
        <>
          {!o.canEnforceToday && o.notEnforcerReason && (
            <Alert type="warning" showIcon title={`今日不能作为执法人员：${o.notEnforcerReason}`} style={{ marginBottom: 16 }} />
          )}
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'agency', label: '所属机关', children: o.agencyName, span: 2 },
              { key: 'post', label: '职务/岗位', children: o.post ?? '—' },
              { key: 'id', label: '公民身份号码', children: <span data-testid="officer-id-number">{o.idNumber}</span> },
              { key: 'cert', label: '执法证号', children: o.certificateNumber ?? '—' },
              {
                key: 'status',
                label: '证件状态',
                children: <CertificateState officer={o} long />,
              },
              { key: 'issuer', label: '发证机关', children: o.issuingBody ?? '—' },
              {
                key: 'valid',
                label: '有效期',
                children: o.validFrom || o.validUntil ? `${o.validFrom ?? '—'} 至 ${o.validUntil ?? '—'}` : '—',
              },
              { key: 'domains', label: '执法领域', children: o.domains.join('、') || '—', span: 2 },
              { key: 'flags', label: '身份', children: roleFlags(o).map((f) => <Tag key={f}>{f}</Tag>), span: 2 },
            ]}
          />
          <Tabs
            style={{ marginTop: 16 }}
            items={[
              { key: 'training', label: '培训学时', children: <TrainingTab officer={o} canEdit={canEdit} /> },
              {
                key: 'status',
                label: '证件状态历史',
                children: (
                  <Timeline
                    data-testid="status-history"
                    items={detail.data.statusHistory
                      .slice()
                      .reverse()
                      .map((h, i) => ({
                        key: i,
                        color: certificateStatusLabels[h.toStatus].color === 'gold' ? 'orange' : certificateStatusLabels[h.toStatus].color,
                        content: (
                          <div>
                            {h.fromStatus ? <StatusTag status={h.fromStatus} /> : null}
                            {h.fromStatus ? '→ ' : ''}
                            <StatusTag status={h.toStatus} />
                            <div>{h.reason}</div>
                            <Typography.Text type="secondary">
                              {h.changedBy} · {formatBeijing(h.changedAt, 'YYYY-MM-DD HH:mm')}
                            </Typography.Text>
                          </div>
                        ),
                      }))}
                  />
                ),
              },
              {
                key: 'reviews',
                label: '年审',
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => `${r.year}-${r.recordedAt}`}
                    dataSource={detail.data.annualReviews}
                    pagination={false}
                    columns={[
                      { title: '年度', dataIndex: 'year', width: 80 },
                      { title: '结果', dataIndex: 'result', width: 100, render: (v: string) => annualReviewLabels[v] ?? v },
                      { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
                      {
                        title: '登记',
                        key: 'by',
                        width: 180,
                        render: (_, r) => `${r.recordedBy} · ${formatBeijing(r.recordedAt, 'YYYY-MM-DD')}`,
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'versions',
                label: '版本历史',
                children: (
                  <Timeline
                    items={detail.data.versions
                      .slice()
                      .sort((a, b) => b.version - a.version)
                      .map((v) => ({
                        key: v.version,
                        color: v.confirmed ? 'green' : 'orange',
                        content: (
                          <div>
                            <Typography.Text strong>第 {v.version} 版</Typography.Text>{' '}
                            {v.confirmed ? <Tag color="green">已确认</Tag> : <Tag color="orange">待确认</Tag>}
                            <div>理由：{v.reason}</div>
                            <Typography.Text type="secondary">
                              {v.changedBy} · {formatBeijing(v.changedAt, 'YYYY-MM-DD HH:mm')}
                            </Typography.Text>
                          </div>
                        ),
                      }))}
                  />
                ),
              },
            ]}
          />
          <StatusModal officer={o} open={statusOpen} onClose={() => setStatusOpen(false)} />
          {canTransfer && <TransferModal officer={o} open={transferOpen} onClose={() => setTransferOpen(false)} />}
        </>
      )}
    </Drawer>
  );
}
