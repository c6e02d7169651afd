import { DeleteOutlined, EditOutlined, HistoryOutlined, ImportOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
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
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useMe } from '../../../api/auth';
import {
  type CatalogKind,
  catalogPaths,
  catalogQueryKey,
  type EntryView,
  type KindData,
  kindLabels,
  useEntries,
  useEntryHistory,
  useRemoveEntry,
  useSaveEntry,
} from '../../../api/catalog';
import { api, errorMessage, fieldErrors, isStale } from '../../../api/client';
import { useAgencies, useOrgThresholds } from '../../../api/org';
import { EXPAND_WIDTH, stickyTable, tableWidth } from '../../../components/lists/cells';
import { ExportButton } from '../../../components/lists/ExportButton';
import { ImportDialog } from '../../../components/lists/ImportDialog';
import { VersionDrawer } from '../../../components/lists/VersionDrawer';
import { entryStateColors, RevisionBanners } from '../../../components/revisions/RevisionBanners';
import { SubmitChangesModal } from '../../../components/revisions/SubmitChangesModal';
import { StaleNotice } from '../../../components/StaleNotice';
import { listAccess } from '../../../lib/access';
import { mergeEdits, staleText } from '../../../lib/merge-edits';
import { formatBeijing } from '../../../lib/time';
import { useSingleFlight } from '../../../lib/useSingleFlight';

export interface CatalogFilter<D> {
  name: string;
  placeholder: string;
  options: { value: string; label: string }[];
  match: (data: D, value: string) => boolean;
}

/** A list's field names as its table's columns title them (`['data', 'name']` → 名称), for the 412 notice. */
function labelsOf(columns: readonly { title?: unknown; dataIndex?: unknown }[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const c of columns) {
    const key = Array.isArray(c.dataIndex) ? c.dataIndex.at(-1) : c.dataIndex;
    if (typeof key === 'string' && typeof c.title === 'string') labels[key] = c.title;
  }
  return labels;
}

export interface KindConfig<K extends CatalogKind> {
  kind: K;
  /** What one entry is called, e.g. 事项. */
  noun: string;
  description: ReactNode;
  columns: TableColumnsType<EntryView<KindData[K]>>;
  /** Text the search box looks in. */
  haystack: (data: KindData[K]) => string;
  filters?: CatalogFilter<KindData[K]>[];
  /** The form fields of one entry (without the reason). */
  form: ReactNode;
  toForm: (data: KindData[K]) => Record<string, unknown>;
  fromForm: (values: Record<string, unknown>) => KindData[K];
  /** Defaults of a new entry. */
  initial?: Record<string, unknown>;
  /** The server has a template and an import for this list (items, discretion standards); every list exports. */
  importable?: boolean;
  expand?: (entry: EntryView<KindData[K]>) => ReactNode;
  /** Width of the editor drawer. */
  editorWidth?: number;
  /** Beside the form, e.g. the live flowchart. */
  editorAside?: (form: ReturnType<typeof Form.useForm>[0]) => ReactNode;
  /**
   * Kept by the justice bureau for the whole jurisdiction (review catalog, AV list): the bureau
   * edits it; agency staff are pointed to its public version (the API shows them their own agency's).
   */
  jurisdictionWide?: { portalPath: string };
  /** Below the list, e.g. the review catalog's 试算 panel. */
  footer?: (agencyId: string | undefined) => ReactNode;
}

type Entry<K extends CatalogKind> = EntryView<KindData[K]>;

/** `MKT-01 未取得…`: the code and the entry's name (or violation, or step). */
function entryLabel(data: unknown): string {
  const d = data as { code?: string; name?: string; violation?: string; step?: string };
  return `${d.code ?? ''} ${d.name ?? d.violation ?? d.step ?? ''}`.trim();
}

/** 已公示 / 未提交 / 待确认 / 已退回 (issue 6): where the entry's latest version stands. */
function EntryStateTag({ entry }: { entry: { state: string; stateLabel: string } }) {
  return (
    <Tag color={entryStateColors[entry.state] ?? 'default'} data-testid="entry-state">
      {entry.stateLabel}
    </Tag>
  );
}

/**
 * One catalog list (R-D03..R-D07): the agency's entries with search and filters, add / edit /
 * remove with a reason, each entry's version history, import (where offered), export to .xlsx,
 * and submission to the justice bureau. The bureau picks an agency and reads; officers read their agency's list.
 */
export function CatalogPage<K extends CatalogKind>({ config }: { config: KindConfig<K> }) {
  const { kind, noun } = config;
  const { data: user } = useMe();
  const access = listAccess(user);
  const agencies = useAgencies();
  const all = agencies.data ?? [];
  // the bureau's own (jurisdiction-wide) list first, then the agencies it supervises
  const choices = [...all.filter((a) => a.id === user?.agencyId), ...all.filter((a) => a.id !== user?.agencyId)];
  const [chosenAgency, setChosenAgency] = useState<string | undefined>(undefined);
  const bureauOnly = access.isBureau && !access.canEdit;
  const defaultAgency = config.jurisdictionWide ? (user?.agencyId ?? undefined) : all.find((a) => !a.isSupervising)?.id;
  const agencyId = bureauOnly ? (chosenAgency ?? defaultAgency) : undefined;
  const entries = useEntries(kind, agencyId, !bureauOnly || agencyId !== undefined);
  // agency editors keep their own lists; the bureau keeps its own (jurisdiction-wide) ones
  const canEdit = bureauOnly ? agencyId !== undefined && agencyId === user?.agencyId : access.canEdit;

  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Record<string, string | undefined>>({});
  const [editing, setEditing] = useState<Entry<K> | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<Entry<K> | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [removing, setRemoving] = useState<Entry<K> | null>(null);
  const { message } = App.useApp();
  const remove = useRemoveEntry(kind);
  const removeAction: ReasonAction = {
    mutateAsync: (reason) => remove.mutateAsync({ id: removing?.id ?? '', version: removing?.revision ?? 0, reason }),
  };

  const rows = useMemo(() => {
    const all = (entries.data?.items ?? []).filter((e) => !(e.removed && e.published));
    const needle = q.toLowerCase();
    return all.filter(
      (e) =>
        (!needle || config.haystack(e.data).toLowerCase().includes(needle)) &&
        (config.filters ?? []).every((f) => {
          const v = chosen[f.name];
          return v === undefined || f.match(e.data, v);
        }),
    );
  }, [entries.data, q, chosen, config]);

  const openSubmission = entries.data?.openSubmission ?? null;
  const openReturn = entries.data?.openReturn ?? null;
  const draftCount = entries.data?.draftCount ?? 0;
  const returnedCount = entries.data?.returnedCount ?? 0;
  const publishLimit = useOrgThresholds().data?.publishWithinWorkingDays;
  const agencyName = agencyId ? all.find((a) => a.id === agencyId)?.name : (user?.agencyName ?? undefined);

  const columns: TableColumnsType<Entry<K>> = [
    ...config.columns,
    {
      // the state, and under it who changed the entry last and when
      title: '状态',
      key: 'state',
      width: 116,
      render: (_, e) => (
        <>
          <EntryStateTag entry={e} />
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            {e.changedBy}
            <br />
            {formatBeijing(e.changedAt, 'MM-DD HH:mm')}
          </Typography.Text>
        </>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: canEdit ? 212 : 76,
      render: (_, e) => (
        <Space size={0}>
          {canEdit && !e.removed && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(e)}>
              编辑
            </Button>
          )}
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistoryOf(e)}>
            历史
          </Button>
          {canEdit && !e.removed && (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setRemoving(e)}>
              删除
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={kindLabels[kind]}
      extra={
        bureauOnly ? (
          <Select
            style={{ width: 300 }}
            aria-label="执法主体"
            value={agencyId}
            onChange={setChosenAgency}
            loading={agencies.isPending}
            options={choices.map((a) => ({ value: a.id, label: a.isSupervising ? `${a.name}（全辖区）` : a.name }))}
            data-testid="agency-select"
          />
        ) : (
          agencyName && <Typography.Text type="secondary">{agencyName}</Typography.Text>
        )
      }
    >
      <Typography.Paragraph type="secondary">{config.description}</Typography.Paragraph>
      {config.jurisdictionWide && !access.isBureau && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="司法局制定的全辖区清单同样适用于本单位"
          description={
            <>
              下表为本单位补充的条目。全辖区清单见公示平台：
              <a href={config.jurisdictionWide.portalPath} target="_blank" rel="noreferrer">
                {kindLabels[kind]}
              </a>
              。
            </>
          }
        />
      )}
      <RevisionBanners openReturn={openReturn} openSubmission={openSubmission} testIdPrefix="catalog" />
      {(draftCount > 0 || returnedCount > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            draftCount > 0
              ? `有 ${draftCount} 项变更尚未提交司法局确认；确认前公示平台仍显示上一版本。`
              : `有 ${returnedCount} 项已退回的变更尚未重新提交。`
          }
          description={`变更须在 ${publishLimit ?? '—'} 个工作日内确认公示。`}
          action={
            canEdit && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setSubmitOpen(true)} data-testid="submit-list">
                提交确认
              </Button>
            )
          }
          data-testid="revision-status"
        />
      )}
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap>
          <Input.Search
            placeholder={`搜索编码、名称`}
            aria-label="搜索"
            allowClear
            onSearch={(v) => setQ(v.trim())}
            onChange={(e) => !e.target.value && setQ('')}
            style={{ width: 280 }}
            enterButton="搜索"
          />
          {(config.filters ?? []).map((f) => (
            <Select
              key={f.name}
              allowClear
              placeholder={f.placeholder}
              aria-label={f.placeholder}
              style={{ width: 160 }}
              options={f.options}
              value={chosen[f.name]}
              onChange={(v: string | undefined) => setChosen((c) => ({ ...c, [f.name]: v }))}
            />
          ))}
        </Flex>
        <Flex gap={8} wrap>
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增{noun}
            </Button>
          )}
          {canEdit && config.importable && (
            <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)}>
              导入
            </Button>
          )}
          <ExportButton path={catalogPaths.export(kind)} query={{ agencyId }} fileName={`${kindLabels[kind]}.xlsx`} />
        </Flex>
      </Flex>
      {entries.isError && <Typography.Paragraph type="danger">{errorMessage(entries.error)}</Typography.Paragraph>}
      <Table<Entry<K>>
        rowKey="id"
        size="middle"
        loading={entries.isPending && entries.fetchStatus !== 'idle'}
        columns={columns}
        dataSource={rows}
        scroll={{ x: tableWidth(columns, config.expand ? EXPAND_WIDTH : 0) }}
        sticky={stickyTable}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 条` }}
        expandable={config.expand ? { expandedRowRender: (e) => config.expand?.(e) } : undefined}
        locale={{ emptyText: q || Object.values(chosen).some(Boolean) ? `没有匹配的${noun}` : `暂无${noun}` }}
        data-testid="catalog-table"
        rowClassName={(e) => (e.removed ? 'row-removed' : '')}
      />
      {config.footer?.(agencyId)}
      <EntryEditor config={config} entry={editing} onClose={() => setEditing(null)} />
      <EntryHistory kind={kind} entry={historyOf} onClose={() => setHistoryOf(null)} label={(e) => entryLabel(e.data)} />
      {config.importable && (
        <ImportDialog
          open={importOpen}
          onClose={() => setImportOpen(false)}
          noun={noun}
          templatePath={catalogPaths.template(kind)}
          importPath={catalogPaths.import(kind)}
          invalidate={[[...catalogQueryKey(kind)]]}
        />
      )}
      <SubmitChangesModal
        open={submitOpen}
        title={`提交司法局确认：${kindLabels[kind]}`}
        path={catalogPaths.submit(kind)}
        draftCount={draftCount}
        returnedCount={returnedCount}
        waiting={openSubmission}
        onClose={() => setSubmitOpen(false)}
      />
      <ReasonModal
        open={removing !== null}
        title={`删除${noun}：${removing ? entryLabel(removing.data) : ''}`}
        hint="删除也是一次变更：记入版本历史，提交并经司法局确认后从公示平台撤下。"
        okText="删除"
        danger
        onClose={() => setRemoving(null)}
        action={removeAction}
        formName="remove"
        onDone={() => message.success('已删除，待提交司法局确认')}
      />
    </Card>
  );
}

interface ReasonAction {
  mutateAsync: (reason: string) => Promise<unknown>;
}

/** A short form asking why (every change and submission records its reason). */
function ReasonModal({
  open,
  title,
  hint,
  okText,
  danger,
  onClose,
  action,
  onDone,
  formName,
}: {
  open: boolean;
  title: string;
  hint: string;
  okText: string;
  danger?: boolean;
  onClose: () => void;
  action: ReasonAction;
  /** Prefix of the field ids (two of these modals live on one page). */
  formName: string;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  const onOk = () =>
    once(async () => {
      let reason: string;
      try {
        reason = (await form.validateFields()).reason;
      } catch {
        return;
      }
      setError(null);
      try {
        await action.mutateAsync(reason.trim());
        form.resetFields();
        onClose();
        onDone();
      } catch (err) {
        // 412: changed by someone else meanwhile; the list reloads with their change
        setError(isStale(err) ? `${err.message}。列表已载入最新内容，请核对后再操作。` : errorMessage(err));
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
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <Form form={form} name={formName} layout="vertical">
        <Form.Item name="reason" label="理由" rules={[{ required: true, whitespace: true, min: 2, message: '请填写理由（至少 2 个字）' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 500, show: true }} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function EntryEditor<K extends CatalogKind>({
  config,
  entry,
  onClose,
}: {
  config: KindConfig<K>;
  entry: Entry<K> | 'new' | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const save = useSaveEntry(config.kind);
  const [error, setError] = useState<string | null>(null);
  // the version being edited: the one opened, or the one reloaded after someone else changed it
  const [base, setBase] = useState<Entry<K> | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  const { message } = App.useApp();
  const isNew = entry === 'new';
  const open = entry !== null;

  // Fill the form when it opens (not after the opening animation, which would overwrite typing).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another record opens
  useEffect(() => {
    if (!open) return;
    setError(null);
    setStale(null);
    setBase(entry === 'new' ? null : entry);
    form.resetFields();
    form.setFieldsValue(entry === 'new' ? (config.initial ?? {}) : entry ? config.toForm(entry.data) : {});
  }, [open, entry]);

  /**
   * Someone else saved the entry meanwhile (412): their version, with what was typed kept where they
   * did not change the same field, and quoted in the notice where they did (mergeEdits, as the org forms).
   */
  const reload = async (before: Entry<K>, problem: string) => {
    const { reason, ...mine } = form.getFieldsValue(true) as Record<string, unknown>;
    try {
      const fresh = await api.get<Entry<K>>(catalogPaths.entry(config.kind, before.id));
      const was = config.toForm(before.data);
      const theirs = config.toForm(fresh.data);
      const fields = [...new Set([...Object.keys(was), ...Object.keys(theirs), ...Object.keys(mine)])];
      const { values, conflicts } = mergeEdits<Record<string, unknown>>(was, theirs, mine, fields);
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue({ ...values, reason });
      setStale(staleText(problem, fresh.revision, conflicts, labelsOf(config.columns)));
    } catch (e) {
      setError(`${problem}；${errorMessage(e)}`);
    }
  };

  const onSave = () =>
    once(async () => {
      let values: Record<string, unknown>;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      setStale(null);
      const { reason, ...rest } = values as { reason: string } & Record<string, unknown>;
      try {
        await save.mutateAsync({
          id: isNew || !base ? null : base.id,
          version: base?.revision,
          body: { ...config.fromForm(rest), reason: reason.trim() },
        });
        message.success(isNew ? `已新增${config.noun}，待提交确认` : `已保存新版本，待提交确认`);
        onClose();
      } catch (err) {
        if (isStale(err) && base) {
          message.warning('该条目已被他人修改，已载入最新内容');
          await reload(base, err.message);
          return;
        }
        setError(errorMessage(err));
        form.setFields(
          fieldErrors(err).map((f) => ({
            name: f.name
              .replace(/^\//, '')
              .split(/[./]/)
              .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
            errors: f.errors,
          })),
        );
      }
    });

  return (
    <Drawer
      open={open}
      title={isNew ? `新增${config.noun}` : `编辑${config.noun}`}
      size={config.editorWidth ?? 720}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose} disabled={pending}>
            取消
          </Button>
          <Button type="primary" onClick={onSave} loading={pending} data-testid="entry-save">
            保存
          </Button>
        </Space>
      }
    >
      <Flex gap={24} align="flex-start">
        <Form form={form} name="entry" layout="vertical" style={{ flex: 1, minWidth: 0 }} data-testid="entry-form">
          <StaleNotice title="该条目已被他人修改" text={stale} />
          {base?.state === 'submitted' && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title="该条目在待司法局确认的提交中"
              description="保存后形成新的未提交版本：司法局确认的仍是提交时的内容；需要公示这次修改，请重新提交。"
            />
          )}
          {config.form}
          <Form.Item
            name="reason"
            label="变更理由"
            extra="记入版本历史，并随提交送司法局。"
            rules={[{ required: true, whitespace: true, min: 2, message: '请填写变更理由（至少 2 个字）' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={{ max: 500 }} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} />}
        </Form>
        {config.editorAside?.(form)}
      </Flex>
    </Drawer>
  );
}

function EntryHistory<K extends CatalogKind>({
  kind,
  entry,
  onClose,
  label,
}: {
  kind: K;
  entry: Entry<K> | null;
  onClose: () => void;
  label: (e: Entry<K>) => string;
}) {
  const history = useEntryHistory(kind, entry?.id ?? null);
  return (
    <VersionDrawer
      open={entry !== null}
      title={entry ? label(entry) : ''}
      onClose={onClose}
      loading={history.isPending && entry !== null}
      error={history.error}
      versions={history.data?.map((v) => ({
        key: v.revision,
        title: `第 ${v.revision} 版${v.removed ? '（删除）' : ''}`,
        status: v.published ? { label: '公示中', color: 'success' } : null,
        who: v.changedBy,
        when: v.changedAt,
        reason: v.reason,
        extra: [
          <Typography.Text key="state" type="secondary">
            {v.stateLabel}
          </Typography.Text>,
        ],
      }))}
    />
  );
}
