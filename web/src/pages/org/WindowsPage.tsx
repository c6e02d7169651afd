import { DeleteOutlined, EditOutlined, HistoryOutlined, MinusCircleOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useMe } from '../../api/auth';
import { api, errorMessage, fieldErrors, isStale } from '../../api/client';
import { useAgencies } from '../../api/org';
import {
  type ServiceWindow,
  useAgencyOfficers,
  usePublishedItems,
  useRetireWindow,
  useSaveWindow,
  useWindows,
  useWindowVersions,
  type WindowBody,
} from '../../api/windows';
import { stickyTable, tableWidth } from '../../components/lists/cells';
import { StaleNotice } from '../../components/StaleNotice';
import { can, keepsWindowsOf } from '../../lib/access';
import { mergeEdits, staleText } from '../../lib/merge-edits';
import { formatBeijing } from '../../lib/time';
import { useSingleFlight } from '../../lib/useSingleFlight';

interface WindowFormValues {
  number: string;
  name: string;
  hall: string;
  floor?: string;
  openingHours: string;
  phone?: string;
  staff: { officerId?: string; duties?: string }[];
  itemCodes?: string[];
  materials?: { title?: string; text?: string; itemCodes?: string[] }[];
  progressEnquiry: string;
  consultation: string;
  complaint: string;
  reason?: string;
}

const blank = (v: string | undefined | null) => (v?.trim() ? v.trim() : null);
/** the form's fields with their labels: merged after a 412 (the reason is this person's own and always kept) */
const windowLabels: Record<Exclude<keyof WindowFormValues, 'reason'>, string> = {
  number: '窗口编号',
  name: '窗口名称',
  hall: '服务大厅或办公地点',
  floor: '楼层',
  openingHours: '办公时间',
  phone: '窗口电话',
  staff: '窗口人员',
  itemCodes: '本窗口办理的执法事项',
  materials: '示范文本',
  progressEnquiry: '办理进度查询',
  consultation: '咨询服务',
  complaint: '投诉举报',
};
const windowFields = Object.keys(windowLabels) as (keyof typeof windowLabels)[];
const personalHint = '只填写窗口办公电话或机关服务热线；个人手机号码和公民身份号码不得上公示牌';

/** "staff.1.officerId" from the API → ['staff', 1, 'officerId'] for the form; item lists point at the select. */
function formPath(field: string): (string | number)[] | null {
  const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'itemCodes') return ['itemCodes'];
  if (parts[0] === 'materials' && parts[2] === 'itemCodes') return parts.slice(0, 3);
  const known: string[] = [...windowFields, 'reason'];
  return typeof parts[0] === 'string' && known.includes(parts[0]) ? parts : null;
}

function WindowForm({
  agencyId,
  window: w,
  open,
  onClose,
}: {
  agencyId: string;
  window: ServiceWindow | null;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<WindowFormValues>();
  const save = useSaveWindow();
  const officers = useAgencyOfficers(agencyId);
  const items = usePublishedItems(agencyId);
  const [error, setError] = useState<string | null>(null);
  // the version being edited: the one opened, or the one reloaded after someone else changed it
  const [base, setBase] = useState<ServiceWindow | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  const { message } = App.useApp();
  const chosenItems = Form.useWatch('itemCodes', form) ?? [];

  const valuesOf = (x: ServiceWindow, reason?: string): WindowFormValues => ({
    number: x.number,
    name: x.name,
    hall: x.hall,
    floor: x.floor ?? undefined,
    openingHours: x.openingHours,
    phone: x.phone ?? undefined,
    staff: x.staff.map((s) => ({ officerId: s.officerId, duties: s.duties })),
    itemCodes: x.itemCodes,
    materials: x.materials,
    progressEnquiry: x.progressEnquiry,
    consultation: x.consultation,
    complaint: x.complaint,
    reason,
  });
  const fill = (x: ServiceWindow, reason?: string) => form.setFieldsValue(valuesOf(x, reason));

  /** Someone else saved the window meanwhile (412): their version, with what was typed kept or listed (mergeEdits). */
  const reload = async (before: ServiceWindow, problem: string) => {
    const mine = form.getFieldsValue(true) as WindowFormValues;
    try {
      const fresh = (
        await api.get<{ window: ServiceWindow }>(
          `/agencies/${encodeURIComponent(agencyId)}/service-windows/${encodeURIComponent(before.id)}`,
        )
      ).window;
      const { values, conflicts } = mergeEdits<WindowFormValues>(valuesOf(before), valuesOf(fresh), mine, windowFields);
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue({ ...values, reason: mine.reason });
      setStale(staleText(problem, fresh.version, conflicts, windowLabels));
    } catch (e) {
      setError(`${problem}；${errorMessage(e)}`);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another record opens
  useEffect(() => {
    if (!open) return;
    setError(null);
    setStale(null);
    setBase(w);
    form.resetFields();
    if (w) fill(w);
    else
      form.setFieldsValue({
        staff: [{}],
        openingHours: '工作日 9:00—12:00，13:30—17:30（法定节假日除外）',
        complaint: '12345 政务服务便民热线',
      });
  }, [open, w]);

  const officerOptions = useMemo(
    () =>
      (officers.data ?? []).map((o) => ({
        value: o.id,
        label: `${o.name}${o.post ? `（${o.post}）` : ''}${o.isAuxiliary ? ' · 辅助人员' : ''}`,
      })),
    [officers.data],
  );
  const itemOptions = (items.data ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));

  const onSave = () =>
    once(async () => {
      let v: WindowFormValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      setStale(null);
      const body: WindowBody = {
        number: v.number.trim(),
        name: v.name.trim(),
        hall: v.hall.trim(),
        floor: blank(v.floor),
        openingHours: v.openingHours.trim(),
        phone: blank(v.phone),
        staff: v.staff.map((s) => ({ officerId: s.officerId ?? '', duties: (s.duties ?? '').trim() })),
        itemCodes: v.itemCodes ?? [],
        materials: (v.materials ?? []).map((m) => ({ title: (m.title ?? '').trim(), text: m.text ?? '', itemCodes: m.itemCodes ?? [] })),
        progressEnquiry: v.progressEnquiry.trim(),
        consultation: v.consultation.trim(),
        complaint: v.complaint.trim(),
      };
      if (v.reason?.trim()) body.reason = v.reason.trim();
      try {
        await save.mutateAsync({ agencyId, id: base?.id ?? null, version: base?.version, body });
        message.success(base ? '已保存新版本，公示牌已更新' : '已新设窗口，公示牌已发布');
        onClose();
      } catch (err) {
        if (isStale(err) && base) {
          message.warning('该窗口已被他人修改，已载入最新内容');
          await reload(base, err.message);
          return;
        }
        setError(errorMessage(err));
        form.setFields(
          fieldErrors(err).flatMap((f) => {
            const name = formPath(f.name);
            return name ? [{ name: name as never, errors: f.errors }] : [];
          }),
        );
      }
    });

  const required = (label: string) => [{ required: true, whitespace: true, message: `请填写${label}` }];

  return (
    <Drawer
      open={open}
      size={720}
      title={w ? `编辑窗口：${w.number} ${w.name}` : '新设服务窗口'}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose} disabled={pending}>
            取消
          </Button>
          <Button type="primary" onClick={onSave} loading={pending} data-testid="window-save">
            保存并公示
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="保存后公示牌立即在门户“窗口公示”栏目发布，无需司法局事先确认；每次保存都留有版本历史。"
      />
      <Form<WindowFormValues> form={form} name="window" layout="vertical">
        <StaleNotice title="该窗口已被他人修改" text={stale} />
        <Flex gap={12} wrap>
          <Form.Item
            name="number"
            label="窗口编号"
            rules={[...required('窗口编号'), { pattern: /^[A-Za-z0-9-]{1,10}$/, message: '字母、数字或连字符，最长 10 位，例如 A03' }]}
            style={{ flex: '0 1 140px' }}
          >
            <Input count={{ max: 10 }} placeholder="A03" />
          </Form.Item>
          <Form.Item name="name" label="窗口名称" rules={required('窗口名称')} style={{ flex: '1 1 260px' }}>
            <Input count={{ max: 50 }} placeholder="例如：登记注册窗口" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="hall" label="服务大厅或办公地点" rules={required('办公地点')} style={{ flex: '2 1 260px' }}>
            <Input count={{ max: 100 }} />
          </Form.Item>
          <Form.Item name="floor" label="楼层" style={{ flex: '0 1 120px' }}>
            <Input count={{ max: 20 }} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="openingHours" label="办公时间" rules={required('办公时间')} style={{ flex: '2 1 300px' }}>
            <Input count={{ max: 200 }} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="窗口电话"
            extra="座机或服务热线"
            rules={[{ pattern: /^[0-9+() -]{3,30}$/, message: '只能包含数字、空格和 + - ( )' }]}
            style={{ flex: '1 1 180px' }}
          >
            <Input count={{ max: 30 }} />
          </Form.Item>
        </Flex>

        <Typography.Title level={5}>工作人员（姓名、单位、职务、执法种类取自人员名单）</Typography.Title>
        <Form.List name="staff">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="flex-start" wrap data-testid={`staff-${i}`}>
                  <Form.Item
                    name={[field.name, 'officerId']}
                    label={i === 0 ? '人员' : undefined}
                    rules={[{ required: true, message: '请选择本机关在岗人员' }]}
                    style={{ flex: '1 1 220px' }}
                  >
                    <Select
                      showSearch
                      optionFilterProp="label"
                      options={officerOptions}
                      loading={officers.isPending}
                      placeholder="选择人员"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'duties']}
                    label={i === 0 ? '岗位职责' : undefined}
                    rules={required('岗位职责')}
                    style={{ flex: '2 1 300px' }}
                  >
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} count={{ max: 500 }} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      aria-label="移除该人员"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: i === 0 ? 30 : 0 }}
                    />
                  )}
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginBottom: 16 }}
                disabled={fields.length >= 20}
              >
                添加工作人员
              </Button>
            </>
          )}
        </Form.List>

        <Form.Item name="itemCodes" label="本窗口办理的执法事项" extra="只能选择本机关已公示的事项">
          <Select mode="multiple" options={itemOptions} loading={items.isPending} optionFilterProp="label" placeholder="选择事项" />
        </Form.Item>

        <Typography.Title level={5}>申请材料示范文本</Typography.Title>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  extra={
                    <Button type="text" aria-label="移除该示范文本" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                  }
                >
                  <Form.Item name={[field.name, 'title']} label="名称" rules={required('示范文本名称')}>
                    <Input count={{ max: 100 }} placeholder="例如：听证申请书（示范文本）" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'text']} label="内容或填写说明" rules={required('示范文本内容')}>
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} count={{ max: 4000 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'itemCodes']} label="适用事项">
                    <Select
                      mode="multiple"
                      options={itemOptions.filter((o) => chosenItems.includes(o.value))}
                      placeholder="从本窗口办理的事项中选择"
                    />
                  </Form.Item>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ itemCodes: [] })} style={{ marginBottom: 16 }}>
                添加示范文本
              </Button>
            </>
          )}
        </Form.List>

        <Form.Item name="progressEnquiry" label="办理进度查询" rules={required('办理进度查询方式')} extra={personalHint}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} count={{ max: 500 }} />
        </Form.Item>
        <Form.Item name="consultation" label="咨询服务" rules={required('咨询服务方式')} extra={personalHint}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} count={{ max: 500 }} />
        </Form.Item>
        <Form.Item
          name="complaint"
          label="投诉举报"
          rules={required('投诉举报渠道')}
          extra="例如 12345 政务服务便民热线；市场监管部门另列 12315"
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} count={{ max: 500 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={w ? '变更理由' : '说明（可选）'}
          rules={w ? [{ required: true, whitespace: true, min: 2, message: '请填写变更理由（至少 2 个字）' }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} count={{ max: 500 }} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="window-error" />}
      </Form>
    </Drawer>
  );
}

function RetireDialog({ agencyId, window: w, onClose }: { agencyId: string; window: ServiceWindow | null; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const retire = useRetireWindow();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear the dialog when another window opens
  useEffect(() => {
    setReason('');
    setError(null);
  }, [w]);
  return (
    <Modal
      open={w !== null}
      title={w ? `撤销窗口：${w.number} ${w.name}` : ''}
      okText="撤销并更新公示"
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: pending }}
      cancelButtonProps={{ disabled: pending }}
      onCancel={onClose}
      onOk={() =>
        once(async () => {
          if (!w) return;
          try {
            await retire.mutateAsync({ agencyId, id: w.id, version: w.version, reason: reason.trim() });
            message.success('窗口已撤销，公示牌已从门户移除（历史版本保留）');
            onClose();
          } catch (err) {
            // changed by someone else meanwhile (412): the list reloads; retire what is there now
            if (isStale(err)) {
              setError(`${err.message}。列表已载入最新内容，请关闭后核对再撤销。`);
              return;
            }
            setError(errorMessage(err));
          }
        })
      }
    >
      <Typography.Paragraph>撤销后公示牌立即从门户移除，窗口信息和历史版本保留。</Typography.Paragraph>
      <Input.TextArea
        aria-label="撤销理由"
        placeholder="撤销理由（至少 2 个字），例如：窗口撤并"
        value={reason}
        count={{ max: 500 }}
        onChange={(e) => setReason(e.target.value)}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function HistoryDrawer({ agencyId, id, onClose }: { agencyId: string; id: string | null; onClose: () => void }) {
  const detail = useWindowVersions(agencyId, id);
  return (
    <Drawer open={id !== null} size={480} title="版本历史" onClose={onClose}>
      {detail.data && (
        <Timeline
          items={detail.data.versions.map((v) => ({
            key: v.version,
            content: (
              <>
                <Typography.Text strong>第 {v.version} 版</Typography.Text> · {formatBeijing(v.changedAt)} · {v.changedBy}
                <div>{v.reason}</div>
                {v.publishedListVersion !== null && (
                  <Typography.Text type="secondary">公示清单第 {v.publishedListVersion} 版</Typography.Text>
                )}
              </>
            ),
          }))}
        />
      )}
      {detail.isError && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
    </Drawer>
  );
}

/** 窗口公示 (R-D18): an agency's service windows and their post information boards, published on save. */
export default function WindowsPage() {
  const { data: user } = useMe();
  const agencies = useAgencies();
  const isBureau = can(user, 'supervise');
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const agencyId = chosen ?? user?.agencyId ?? undefined;
  const [includeRetired, setIncludeRetired] = useState(false);
  const windows = useWindows(agencyId, includeRetired);
  const [editing, setEditing] = useState<ServiceWindow | 'new' | null>(null);
  const [retiring, setRetiring] = useState<ServiceWindow | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const canEdit = keepsWindowsOf(user, agencyId);
  const windowColumns: TableColumnsType<ServiceWindow> = [
    { title: '编号', dataIndex: 'number', width: 64, fixed: 'left' },
    {
      title: '窗口名称',
      dataIndex: 'name',
      width: 180,
      render: (v: string, w) => (
        <>
          {v} {w.retired && <Tag>已撤销</Tag>}
        </>
      ),
    },
    { title: '地点', key: 'where', width: 160, render: (_, w) => [w.hall, w.floor].filter(Boolean).join(' ') },
    {
      title: '工作人员',
      key: 'staff',
      width: 180,
      render: (_, w) =>
        w.staff.map((s) =>
          s.active ? (
            <Tag key={s.officerId}>{s.name}</Tag>
          ) : (
            <Tooltip key={s.officerId} title="已不在岗，公示牌上不再显示，请更新">
              <Tag color="red">{s.name || '未知人员'}</Tag>
            </Tooltip>
          ),
        ),
    },
    {
      title: '办理事项',
      key: 'items',
      width: 80,
      render: (_, w) =>
        w.items.some((i) => i.name === null) ? (
          <Tooltip title="有事项已不在公示的事项清单中，公示牌上不再显示">
            <Typography.Text type="warning">{w.items.length} 项</Typography.Text>
          </Tooltip>
        ) : (
          `${w.items.length} 项`
        ),
    },
    { title: '版本', dataIndex: 'version', width: 56 },
    { title: '更新', dataIndex: 'updatedAt', width: 140, render: (v: string) => formatBeijing(v) },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: canEdit ? 190 : 180,
      render: (_, w) => (
        <Space size={0} wrap>
          {!w.retired && (
            <Button type="link" size="small" icon={<PrinterOutlined />} href={w.boardUrl} target="_blank" rel="noopener">
              预览/打印
            </Button>
          )}
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(w.id)}>
            历史
          </Button>
          {canEdit && !w.retired && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(w)}>
              编辑
            </Button>
          )}
          {canEdit && !w.retired && (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setRetiring(w)}>
              撤销
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title="窗口公示">
      <Typography.Paragraph type="secondary">
        政务服务窗口的岗位信息公示牌：工作人员姓名、单位、职务、执法种类、岗位职责，申请材料示范文本，办理进度查询、咨询服务和投诉举报渠道。本机关负责人或公示审核人员保存后立即公示；撤销窗口时公示牌从门户移除，历史版本保留。公示牌上不得出现个人手机号码或公民身份号码。
      </Typography.Paragraph>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          {isBureau && (
            <Select
              style={{ width: 280 }}
              aria-label="执法主体"
              value={agencyId}
              onChange={setChosen}
              options={(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          )}
          <Checkbox checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)}>
            显示已撤销的窗口
          </Checkbox>
        </Flex>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="window-new">
            新设窗口
          </Button>
        )}
      </Flex>
      {windows.isError && <Alert type="error" showIcon title={errorMessage(windows.error)} style={{ marginBottom: 16 }} />}
      <Table<ServiceWindow>
        rowKey="id"
        data-testid="window-table"
        loading={windows.isPending && !!agencyId}
        dataSource={windows.data ?? []}
        pagination={false}
        scroll={{ x: tableWidth(windowColumns) }}
        sticky={stickyTable}
        locale={{ emptyText: '尚未设置窗口公示牌' }}
        columns={windowColumns}
      />
      {agencyId && (
        <>
          <WindowForm
            agencyId={agencyId}
            window={editing === 'new' ? null : editing}
            open={editing !== null}
            onClose={() => setEditing(null)}
          />
          <RetireDialog agencyId={agencyId} window={retiring} onClose={() => setRetiring(null)} />
          <HistoryDrawer agencyId={agencyId} id={history} onClose={() => setHistory(null)} />
        </>
      )}
    </Card>
  );
}
