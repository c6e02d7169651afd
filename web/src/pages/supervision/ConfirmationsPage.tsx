import { CheckOutlined, DiffOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useCatalogAlerts } from '../../api/catalog';
import { errorMessage, isConflict } from '../../api/client';
import { useOrgAlerts, useOrgThresholds } from '../../api/org';
import { isPersonalDataRefusal, type RevisionView, useConfirmRevision, useReturnRevision, useRevisionList } from '../../api/revisions';
import { Clamp, EXPAND_WIDTH, stickyTable, tableWidth } from '../../components/lists/cells';
import { countsText } from '../../components/revisions/RevisionBanners';
import { RevisionDiff } from '../../components/revisions/RevisionDiff';
import { formatBeijing } from '../../lib/time';
import { useSingleFlight } from '../../lib/useSingleFlight';
import { OfficerDrawer } from '../org/components/OfficerDrawer';

type TabKey = 'officers' | 'agencies' | 'catalog';
const tabOf = (listKind: string): TabKey => (listKind === 'officers' ? 'officers' : listKind === 'agencies' ? 'agencies' : 'catalog');
const tabLabels: Record<TabKey, string> = { officers: '人员', agencies: '执法主体', catalog: '目录清单' };
const emptyText: Record<TabKey, string> = {
  officers: '没有待确认的人员变更',
  agencies: '没有待确认的执法主体变更',
  catalog: '没有待确认的目录清单变更',
};

/** Asks for a text (退回理由, 放行理由) and hands it to `submit`; one request however often OK is clicked. */
function TextModal({
  name,
  open,
  title,
  note,
  label,
  okText,
  min,
  danger,
  submit,
  onClose,
}: {
  /** the form's name, unique on the page (field ids derive from it) */
  name: string;
  open: boolean;
  title: string;
  note?: string;
  label: string;
  okText: string;
  min: number;
  danger?: boolean;
  /** answers whether the dialog may close */
  submit: (text: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const [pending, once] = useSingleFlight();
  const onOk = () =>
    once(async () => {
      let text: string;
      try {
        text = (await form.validateFields()).text.trim();
      } catch {
        return;
      }
      if (await submit(text)) {
        form.resetFields();
        onClose();
      }
    });
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={pending}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
      forceRender
    >
      {note && <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>}
      <Form form={form} name={name} layout="vertical">
        <Form.Item
          name="text"
          label={label}
          rules={[{ required: true, whitespace: true, min, message: `请填写${label}（至少 ${min} 个字）` }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} count={{ max: 500, show: true }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The submissions of one tab, each with its difference, 确认并公示 (a second click) and 退回. */
function RevisionQueue({ tab, rows, loading }: { tab: TabKey; rows: RevisionView[]; loading: boolean }) {
  const { message } = App.useApp();
  const confirm = useConfirmRevision();
  const giveBack = useReturnRevision();
  const [expanded, setExpanded] = useState<string[]>([]);
  const [returning, setReturning] = useState<RevisionView | null>(null);
  const [releasing, setReleasing] = useState<{ revision: RevisionView; problem: string } | null>(null);
  const [officerId, setOfficerId] = useState<string | null>(null);
  const [, once] = useSingleFlight();
  // on a phone the queue is one column of what is confirmed and one of buttons: a wide table with a
  // fixed 操作 column left only the buttons in view, so 确认并公示 could be pressed unseen
  const narrow = Grid.useBreakpoint().sm === false;

  const toggle = (id: string) => setExpanded((keys) => (keys.includes(id) ? keys.filter((k) => k !== id) : [...keys, id]));
  const busy = (r: RevisionView) =>
    (confirm.isPending && confirm.variables?.id === r.id) || (giveBack.isPending && giveBack.variables?.id === r.id);

  /** Confirms; answers whether the revision is decided (a refusal for personal data opens the release dialog). */
  const doConfirm = async (r: RevisionView, releaseReason?: string): Promise<boolean> => {
    try {
      const v = await confirm.mutateAsync({ id: r.id, body: releaseReason ? { releaseReason } : {} });
      message.success(`已确认并公示：${v.title}${v.publishedVersion ? `（公示第 ${v.publishedVersion} 版）` : ''}`);
      return true;
    } catch (e) {
      if (!releaseReason && isPersonalDataRefusal(e)) {
        setReleasing({ revision: r, problem: e.message });
        return false;
      }
      // 409: superseded by a newer submission, decided meanwhile, one's own: the queue reloads
      message.error(isConflict(e) ? `${e.message}（列表已刷新）` : errorMessage(e));
      return isConflict(e);
    }
  };

  const columns: TableColumnsType<RevisionView> = [
    {
      title: '变更对象',
      dataIndex: 'title',
      width: 200,
      render: (v: string, r) => (
        <>
          {tab === 'catalog' && <Tag>{r.listLabel}</Tag>}
          <Clamp text={v} rows={2} />
        </>
      ),
    },
    { title: '提交', dataIndex: 'seq', width: 64, render: (v: number) => `第 ${v} 次` },
    {
      title: '变更',
      key: 'counts',
      width: 100,
      render: (_, r) => <span data-testid="revision-counts">{countsText(r.counts)}</span>,
    },
    {
      title: '说明',
      key: 'notes',
      width: 240,
      render: (_, r) => (
        <>
          <div>
            <Typography.Text type="secondary">公开的变更说明：</Typography.Text>
            {r.publicNote}
          </div>
          <div>
            <Typography.Text type="secondary">提交说明（内部）：</Typography.Text>
            {r.note}
          </div>
        </>
      ),
    },
    {
      title: '提交人',
      key: 'submitted',
      width: 130,
      render: (_, r) => (
        <>
          {r.submittedBy}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {formatBeijing(r.submittedAt, 'YYYY-MM-DD HH:mm')}
          </Typography.Text>
        </>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: narrow ? undefined : 'right',
      width: narrow ? 104 : 300,
      render: (_, r) => (
        <Space size={4} wrap orientation={narrow ? 'vertical' : 'horizontal'}>
          <Button size="small" icon={<DiffOutlined />} onClick={() => toggle(r.id)} data-testid="view-diff">
            {expanded.includes(r.id) ? '收起差异' : '查看差异'}
          </Button>
          <Popconfirm
            title="确认并公示"
            description={
              <div style={{ maxWidth: 360 }}>
                <div>确认后，公示平台更新为这次提交的内容（{r.itemCount} 项），并显示公开的变更说明：</div>
                <Typography.Text strong>{r.publicNote}</Typography.Text>
              </div>
            }
            okText="确认并公示"
            cancelText="取消"
            disabled={busy(r)}
            onConfirm={() => once(() => doConfirm(r))}
          >
            <Button
              type="primary"
              size="small"
              icon={<CheckOutlined />}
              loading={confirm.isPending && confirm.variables?.id === r.id}
              disabled={busy(r)}
              data-testid="confirm-revision"
            >
              确认并公示
            </Button>
          </Popconfirm>
          <Button
            size="small"
            danger
            icon={<RollbackOutlined />}
            loading={giveBack.isPending && giveBack.variables?.id === r.id}
            disabled={busy(r)}
            onClick={() => setReturning(r)}
            data-testid="return-revision"
          >
            退回
          </Button>
        </Space>
      ),
    },
  ];

  const compact: TableColumnsType<RevisionView> = [
    {
      title: '变更',
      key: 'summary',
      render: (_, r) => (
        <>
          {tab === 'catalog' && <Tag>{r.listLabel}</Tag>}
          <Clamp text={r.title} rows={3} />
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            第 {r.seq} 次 · <span data-testid="revision-counts">{countsText(r.counts)}</span>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {r.submittedBy} {formatBeijing(r.submittedAt, 'MM-DD HH:mm')}
          </Typography.Text>
          <div>{r.publicNote}</div>
        </>
      ),
    },
    columns[columns.length - 1] as TableColumnsType<RevisionView>[number],
  ];

  return (
    <>
      <Table<RevisionView>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={narrow ? undefined : { x: tableWidth(columns, EXPAND_WIDTH) }}
        sticky={narrow ? undefined : stickyTable}
        expandable={{
          // on a phone 查看差异 opens it; the expand column would take the width the summary needs
          showExpandColumn: !narrow,
          expandedRowKeys: expanded,
          onExpand: (_, r) => toggle(r.id),
          expandedRowRender: (r) => <RevisionDiff id={r.id} onOpen={tab === 'officers' ? setOfficerId : undefined} />,
        }}
        locale={{ emptyText: <Empty description={emptyText[tab]} /> }}
        data-testid={`revision-queue-${tab}`}
        columns={narrow ? compact : columns}
      />
      <TextModal
        name={`return-${tab}`}
        open={returning !== null}
        title={returning ? `退回：${returning.title}（第 ${returning.seq} 次提交）` : ''}
        note="这次提交不会公示，也不会被撤销；机关看到退回理由，修改后重新提交。"
        label="退回理由"
        okText="退回"
        min={2}
        danger
        submit={async (reason) => {
          if (!returning) return true;
          try {
            await giveBack.mutateAsync({ id: returning.id, reason });
            message.success('已退回，机关修改后重新提交');
            return true;
          } catch (e) {
            message.error(isConflict(e) ? `${e.message}（列表已刷新）` : errorMessage(e));
            return isConflict(e);
          }
        }}
        onClose={() => setReturning(null)}
      />
      <TextModal
        name={`release-${tab}`}
        open={releasing !== null}
        title={releasing ? `放行并公示：${releasing.revision.title}` : ''}
        note={
          releasing
            ? `${releasing.problem}。如确属依法应当公开的信息，请填写放行理由（记入全过程记录）后公示；否则请退回机关修改。`
            : undefined
        }
        label="放行理由"
        okText="放行并公示"
        min={4}
        danger
        submit={(reason) => (releasing ? doConfirm(releasing.revision, reason) : Promise.resolve(true))}
        onClose={() => setReleasing(null)}
      />
      {tab === 'officers' && <OfficerDrawer officerId={officerId} onClose={() => setOfficerId(null)} canEdit={false} canTransfer={false} />}
    </>
  );
}

/** 待确认变更: the justice bureau confirms or returns what agencies submitted (R-D03, R-D08, issue 6). */
export default function ConfirmationsPage() {
  const revisions = useRevisionList({ status: 'submitted' });
  const catalogAlerts = useCatalogAlerts();
  const orgAlerts = useOrgAlerts();
  const limit = useOrgThresholds().data?.publishWithinWorkingDays;
  const alerts = [
    ...(catalogAlerts.data ?? []).map((a) => ({ key: `c-${a.listKind}-${a.agencyId}`, message: a.message })),
    ...(orgAlerts.data?.items ?? []).map((a) => ({ key: `o-${a.kind}-${a.agencyId}`, message: a.message })),
  ];
  const narrow = Grid.useBreakpoint().sm === false;
  const [current, setCurrent] = useState<TabKey>('officers');
  const byTab: Record<TabKey, RevisionView[]> = { officers: [], agencies: [], catalog: [] };
  for (const r of revisions.data ?? []) byTab[tabOf(r.listKind)].push(r);
  const tab = (key: TabKey) => ({
    key,
    label: `${tabLabels[key]}（${byTab[key].length}）`,
    children: <RevisionQueue tab={key} rows={byTab[key]} loading={revisions.isPending} />,
  });
  const tabs = [tab('officers'), tab('agencies'), tab('catalog')];
  return (
    <Card title="待确认变更">
      <Typography.Paragraph type="secondary">
        各执法主体提交的人员、执法主体和目录清单变更，经司法局确认后公示：确认的是提交时冻结的内容，提交后的修改不会随之公示。变更应在{' '}
        {limit ?? '—'} 个工作日内公示。
      </Typography.Paragraph>
      {revisions.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorMessage(revisions.error)} />}
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
      {narrow ? (
        // On a phone the three tabs overflow, and Ant Design puts its "more" button inside the tablist,
        // which may only hold tabs (WCAG 4.1.2, axe aria-required-children): a segmented switch instead.
        <>
          <Segmented<TabKey>
            vertical
            value={current}
            onChange={setCurrent}
            options={tabs.map((t) => ({ value: t.key, label: t.label }))}
            style={{ marginBottom: 16 }}
          />
          {tabs.find((t) => t.key === current)?.children}
        </>
      ) : (
        <Tabs activeKey={current} onChange={(k) => setCurrent(k as TabKey)} items={tabs} />
      )}
    </Card>
  );
}
