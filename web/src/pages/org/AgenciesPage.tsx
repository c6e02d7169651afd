import { EditOutlined, HistoryOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Flex, Form, Input, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useMe } from '../../api/auth';
import { api, errorMessage, fieldErrors, isStale } from '../../api/client';
import {
  type Agency,
  type AgencyKind,
  agencyKindLabels,
  orgSubmitPaths,
  useAgencies,
  useAgencyRevisionStatus,
  useAgencyVersions,
  useSaveAgency,
} from '../../api/org';
import { type RevisionView, useRevisionList } from '../../api/revisions';
import { AgencyCell, Clamp, stickyTable, tableWidth } from '../../components/lists/cells';
import { ExportButton } from '../../components/lists/ExportButton';
import { VersionDrawer } from '../../components/lists/VersionDrawer';
import { entryStateColors, RevisionBanners } from '../../components/revisions/RevisionBanners';
import { SubmitChangesModal } from '../../components/revisions/SubmitChangesModal';
import { StaleNotice } from '../../components/StaleNotice';
import { can, editsAgency, listAccess } from '../../lib/access';
import { mergeEdits, staleText } from '../../lib/merge-edits';
import { formatBeijing } from '../../lib/time';
import { useSingleFlight } from '../../lib/useSingleFlight';

const kindOptions = Object.entries(agencyKindLabels).map(([value, label]) => ({ value, label }));

interface AgencyFormValues {
  name: string;
  kind: AgencyKind;
  uscc?: string;
  legalBasis?: string;
  address?: string;
  phone?: string;
  domains?: string[];
  legalOffice?: string;
  parentId?: string | null;
  entrustingAgencyId?: string | null;
  reason?: string;
}

/** the form's fields with their labels: merged after a 412 (the reason is this person's own and always kept) */
const agencyLabels: Record<Exclude<keyof AgencyFormValues, 'reason'>, string> = {
  name: '主体名称',
  kind: '主体类别',
  uscc: '统一社会信用代码',
  legalBasis: '职权依据',
  address: '办公地址',
  phone: '对外联系电话',
  domains: '执法领域',
  legalOffice: '法制机构',
  parentId: '上级机关',
  entrustingAgencyId: '委托机关',
};

const agencyFields = Object.keys(agencyLabels) as (keyof typeof agencyLabels)[];
const known: string[] = [...agencyFields, 'reason'];
const blank = (v: string | undefined | null) => (v?.trim() ? v.trim() : null);

function AgencyForm({
  agency,
  open,
  onClose,
  agencies,
}: {
  agency: Agency | null;
  open: boolean;
  onClose: () => void;
  agencies: Agency[];
}) {
  const [form] = Form.useForm<AgencyFormValues>();
  const save = useSaveAgency();
  const { data: user } = useMe();
  const [error, setError] = useState<string | null>(null);
  // the version being edited: the one opened, or the one reloaded after someone else changed it
  const [base, setBase] = useState<Agency | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form);

  const valuesOf = (a: Agency, reason?: string): AgencyFormValues => ({
    name: a.name,
    kind: a.kind,
    uscc: a.uscc ?? undefined,
    legalBasis: a.legalBasis ?? undefined,
    address: a.address ?? undefined,
    phone: a.phone ?? undefined,
    domains: a.domains ?? [],
    legalOffice: a.legalOffice ?? undefined,
    parentId: a.parentId,
    entrustingAgencyId: a.entrustingAgencyId ?? null,
    reason,
  });
  const fill = (a: Agency, reason?: string) => form.setFieldsValue(valuesOf(a, reason));

  // Fill the form when it opens (not after the opening animation, which would overwrite typing).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another record opens
  useEffect(() => {
    if (!open) return;
    setError(null);
    setStale(null);
    setBase(agency);
    form.resetFields();
    if (agency) fill(agency);
    else form.setFieldsValue({ kind: 'administrative_organ', domains: [] });
  }, [open, agency]);

  /** Someone else saved the agency meanwhile (412): their version, with what was typed kept or listed (mergeEdits). */
  const reload = async (before: Agency, problem: string) => {
    const mine = form.getFieldsValue(true) as AgencyFormValues;
    try {
      const fresh = await api.get<Agency>(`/agencies/${encodeURIComponent(before.id)}`);
      const { values, conflicts } = mergeEdits<AgencyFormValues>(valuesOf(before), valuesOf(fresh), mine, agencyFields);
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue({ ...values, reason: mine.reason });
      setStale(staleText(problem, fresh.version, conflicts, agencyLabels));
    } catch (e) {
      setError(`${problem}；${errorMessage(e)}`);
    }
  };

  const onSave = () =>
    once(async () => {
      let v: AgencyFormValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      setStale(null);
      const body: Record<string, unknown> = {
        name: v.name.trim(),
        kind: v.kind,
        uscc: blank(v.uscc)?.toUpperCase() ?? null,
        legalBasis: blank(v.legalBasis),
        address: blank(v.address),
        phone: blank(v.phone),
        domains: v.domains ?? [],
        legalOffice: blank(v.legalOffice),
        parentId: v.parentId ?? null,
        entrustingAgencyId: v.kind === 'entrusted_org' ? (v.entrustingAgencyId ?? null) : null,
      };
      if (base) body.reason = v.reason?.trim();
      else body.jurisdictionCode = user?.jurisdictionCode ?? agencies[0]?.jurisdictionCode;
      try {
        await save.mutateAsync({ id: base?.id ?? null, version: base?.version, body });
        message.success(base ? '已保存新版本，提交并经司法局确认后公示' : '已新增执法主体，提交并经司法局确认后公示');
        onClose();
      } catch (err) {
        if (isStale(err) && base) {
          message.warning('该执法主体已被他人修改，已载入最新内容');
          await reload(base, err.message);
          return;
        }
        setError(errorMessage(err));
        form.setFields(
          fieldErrors(err).flatMap((f) => {
            const name = f.name.replace(/^\//, '');
            return known.includes(name) ? [{ name: name as keyof AgencyFormValues, errors: f.errors }] : [];
          }),
        );
      }
    });

  const others = agencies.filter((a) => a.id !== agency?.id).map((a) => ({ value: a.id, label: a.name }));
  return (
    <Drawer
      open={open}
      size={640}
      title={agency ? `编辑执法主体：${agency.name}` : '新增执法主体'}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose} disabled={pending}>
            取消
          </Button>
          <Button type="primary" onClick={onSave} loading={pending} data-testid="agency-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form<AgencyFormValues> form={form} name="agency" layout="vertical" data-testid="agency-form">
        <StaleNotice title="该执法主体已被他人修改" text={stale} />
        <Form.Item name="name" label="主体名称" rules={[{ required: true, whitespace: true, min: 2, message: '请填写主体名称' }]}>
          <Input count={{ max: 100 }} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="kind" label="主体类别" rules={[{ required: true, message: '请选择主体类别' }]} style={{ flex: '1 1 200px' }}>
            <Select options={kindOptions} />
          </Form.Item>
          <Form.Item
            name="uscc"
            label="统一社会信用代码"
            extra="18 位，末位为校验码（GB 32100）"
            style={{ flex: '1 1 240px' }}
            normalize={(v: string) => v.toUpperCase()}
          >
            <Input count={{ max: 18 }} autoComplete="off" />
          </Form.Item>
        </Flex>
        {kind === 'entrusted_org' && (
          <Form.Item name="entrustingAgencyId" label="委托机关" rules={[{ required: true, message: '受委托组织须选择委托机关' }]}>
            <Select options={others} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
        <Form.Item name="legalBasis" label="职权依据">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 2000 }} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="address" label="办公地址" style={{ flex: '2 1 260px' }}>
            <Input count={{ max: 200 }} />
          </Form.Item>
          <Form.Item name="phone" label="对外联系电话" extra="机关电话，不填个人手机" style={{ flex: '1 1 160px' }}>
            <Input count={{ max: 30 }} />
          </Form.Item>
        </Flex>
        <Form.Item name="domains" label="执法领域">
          <Select mode="tags" tokenSeparators={['、', '，', ',']} placeholder="输入后回车，如 食品安全" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="legalOffice" label="法制机构" style={{ flex: '1 1 200px' }}>
            <Input count={{ max: 100 }} placeholder="法制审核科" />
          </Form.Item>
          <Form.Item name="parentId" label="上级机关" style={{ flex: '1 1 200px' }}>
            <Select allowClear options={others} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Flex>
        {agency && (
          <Form.Item
            name="reason"
            label="变更理由"
            rules={[{ required: true, whitespace: true, min: 2, message: '请填写变更理由（至少 2 个字）' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={{ max: 500 }} />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Drawer>
  );
}

type AgencyState = 'published' | 'draft' | 'submitted' | 'returned';
const stateLabels: Record<AgencyState, string> = {
  published: '已确认公示',
  draft: '未提交',
  submitted: '待司法局确认',
  returned: '已退回',
};

/**
 * Where each agency's change stands (issue 6), from its submissions: waiting for the bureau,
 * returned (the latest submission, until the agency submits again), or not yet submitted.
 */
function agencyStates(revisions: RevisionView[] | undefined) {
  const latest = new Map<string, RevisionView>();
  for (const r of revisions ?? []) {
    if (!r.agencyId || r.status === 'superseded') continue;
    const seen = latest.get(r.agencyId);
    if (!seen || seen.seq < r.seq) latest.set(r.agencyId, r);
  }
  return (a: Agency): AgencyState => {
    if (a.state !== 'pending') return 'published';
    const r = latest.get(a.id);
    return r?.status === 'submitted' ? 'submitted' : r?.status === 'returned' ? 'returned' : 'draft';
  };
}

/** 执法主体 (R-D01): the directory of the jurisdiction; a change is submitted, and public once the justice bureau confirms it. */
export default function AgenciesPage() {
  const { data: user } = useMe();
  const access = listAccess(user);
  const agencies = useAgencies();
  const revisions = useRevisionList({ listKind: 'agencies' });
  const stateOf = agencyStates(revisions.data);
  const own = useAgencyRevisionStatus(access.isBureau ? null : user?.agencyId);
  const [submitting, setSubmitting] = useState<Agency | null>(null);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<Agency | null>(null);
  const versions = useAgencyVersions(historyOf?.id ?? null);
  const all = agencies.data ?? [];
  const rows = useMemo(() => all.filter((a) => !q || a.name.includes(q) || (a.uscc ?? '').includes(q.toUpperCase())), [all, q]);
  const canCreate = can(user, 'createAgency');
  // as the server decides (org updateAgency), issue 7 §9
  const canEdit = (a: Agency) => editsAgency(user, a);
  const nameOf = (id: string | null | undefined) => all.find((a) => a.id === id)?.name ?? '—';
  const ownAgency = all.find((a) => a.id === user?.agencyId && canEdit(a));

  const agencyColumns: TableColumnsType<Agency> = [
    {
      title: '主体名称',
      dataIndex: 'name',
      width: 190,
      fixed: 'left',
      // the category under the name: one column less at 1366 px
      render: (v: string, a) => (
        <>
          <span>
            {v} {a.isSupervising && <Tag color="purple">司法行政部门</Tag>}
          </span>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {a.kindLabel ?? agencyKindLabels[a.kind]}
          </Typography.Text>
        </>
      ),
    },
    { title: '统一社会信用代码', dataIndex: 'uscc', width: 168, render: (v: string | null) => v ?? '—' },
    { title: '对外电话', dataIndex: 'phone', width: 122, render: (v: string | null) => v ?? '—' },
    {
      title: '执法领域',
      dataIndex: 'domains',
      width: 114,
      render: (v: string[] | undefined) => (v?.length ? v.map((d) => <Tag key={d}>{d}</Tag>) : '—'),
    },
    { title: '法制机构', dataIndex: 'legalOffice', width: 84, render: (v: string | null) => <Clamp text={v} rows={2} /> },
    { title: '上级机关', dataIndex: 'parentId', width: 120, render: (v: string | null) => (v ? <AgencyCell name={nameOf(v)} /> : '—') },
    {
      title: '状态',
      key: 'state',
      width: 114,
      render: (_, a) =>
        a.state === 'pending' ? (
          <>
            <Tag color={entryStateColors[stateOf(a)]} data-testid="agency-state">
              {stateLabels[stateOf(a)]}
            </Tag>
            {a.pendingSince && (
              <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.6)' }}>{formatBeijing(a.pendingSince, 'MM-DD')} 修改</div>
            )}
          </>
        ) : (
          <>
            <Tag color="green">已确认公示</Tag>
            <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.6)' }}>第 {a.confirmedVersion ?? a.version} 版</div>
          </>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 140,
      render: (_, a) => (
        <Space size={0} wrap>
          {canEdit(a) && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(a)}>
              编辑
            </Button>
          )}
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistoryOf(a)}>
            历史
          </Button>
          {canEdit(a) && a.state === 'pending' && (
            <Button type="link" size="small" icon={<SendOutlined />} onClick={() => setSubmitting(a)} data-testid="submit-agency">
              提交
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title="执法主体">
      <Typography.Paragraph type="secondary">
        行政执法主体名录：名称、类别、职权依据、统一社会信用代码、地址和对外电话。修改生成新版本，经司法局确认后在公示平台更新。
      </Typography.Paragraph>
      <RevisionBanners
        openReturn={own.data?.openReturn}
        openSubmission={own.data?.openSubmission}
        testIdPrefix="agency"
        action={
          own.data?.openReturn &&
          ownAgency && (
            <Button size="small" icon={<SendOutlined />} onClick={() => setSubmitting(ownAgency)}>
              重新提交
            </Button>
          )
        }
      />
      <Flex justify="space-between" gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="搜索名称或信用代码"
          aria-label="搜索"
          allowClear
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 300 }}
          enterButton="搜索"
        />
        <Flex gap={8} wrap>
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增执法主体
            </Button>
          )}
          <ExportButton path="/agencies/export" fileName="执法主体名录.xlsx" />
        </Flex>
      </Flex>
      {agencies.isError && <Typography.Paragraph type="danger">{errorMessage(agencies.error)}</Typography.Paragraph>}
      <Table<Agency>
        rowKey="id"
        size="middle"
        loading={agencies.isPending}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: tableWidth(agencyColumns) }}
        sticky={stickyTable}
        data-testid="agency-table"
        columns={agencyColumns}
      />
      <AgencyForm agency={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} agencies={all} />
      <SubmitChangesModal
        open={submitting !== null}
        title={`提交执法主体变更：${submitting?.name ?? ''}`}
        path={submitting ? orgSubmitPaths.agency(submitting.id) : null}
        draftCount={submitting && stateOf(submitting) === 'draft' ? 1 : 0}
        returnedCount={submitting && stateOf(submitting) === 'returned' ? 1 : 0}
        waiting={revisions.data?.find((r) => r.agencyId === submitting?.id && r.status === 'submitted') ?? null}
        onClose={() => setSubmitting(null)}
        formName="submit-agency"
      />
      <VersionDrawer
        open={historyOf !== null}
        title={historyOf?.name ?? ''}
        onClose={() => setHistoryOf(null)}
        loading={versions.isPending && historyOf !== null}
        error={versions.error}
        versions={versions.data?.map((v) => ({
          key: v.version,
          title: `第 ${v.version} 版`,
          status: v.confirmed ? { label: '已确认', color: 'success' } : { label: '待确认', color: 'warning' },
          who: v.changedBy,
          when: v.changedAt,
          reason: v.reason,
          extra: [
            <Typography.Text key="s" type="secondary">
              {`${v.snapshot.name} · ${agencyKindLabels[v.snapshot.kind]} · ${v.snapshot.uscc ?? '无信用代码'}${v.snapshot.abolished ? ' · 已撤销' : ''}`}
            </Typography.Text>,
          ],
        }))}
      />
    </Card>
  );
}
