import { EditOutlined, EyeOutlined, ImportOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Drawer, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useMe } from '../../api/auth';
import { api, errorMessage, fieldErrors, isStale } from '../../api/client';
import {
  certificateStatusLabels,
  type Officer,
  type OfficerBody,
  type OfficerDetail,
  officersKey,
  orgSubmitPaths,
  useAgencies,
  useOfficerChanges,
  useOrgThresholds,
  useSaveOfficer,
} from '../../api/org';
import { AgencyCell, Clamp } from '../../components/lists/cells';
import { ExportButton } from '../../components/lists/ExportButton';
import { ImportDialog } from '../../components/lists/ImportDialog';
import { ListTable } from '../../components/lists/ListTable';
import { entryStateColors, RevisionBanners } from '../../components/revisions/RevisionBanners';
import { SubmitChangesModal } from '../../components/revisions/SubmitChangesModal';
import { StaleNotice } from '../../components/StaleNotice';
import { keepsAgency, listAccess } from '../../lib/access';
import { mergeEdits, staleText } from '../../lib/merge-edits';
import { dayjs, formatBeijing, toLegalDate } from '../../lib/time';
import { useSingleFlight } from '../../lib/useSingleFlight';
import { CertificateState, OfficerDrawer, roleFlags } from './components/OfficerDrawer';

interface OfficerFormValues {
  agencyId?: string;
  name: string;
  idNumber?: string;
  post?: string;
  domains?: string[];
  certificateNumber?: string;
  issuingBody?: string;
  validFrom?: Dayjs | null;
  validUntil?: Dayjs | null;
  flags?: string[];
  reason?: string;
}

const flagOptions = [
  { value: 'isEnforcer', label: '执法人员' },
  { value: 'isReviewer', label: '法制审核人员' },
  { value: 'isLegalAdviser', label: '公职律师/法律顾问' },
  { value: 'isAuxiliary', label: '辅助人员（不得执法）' },
  { value: 'hasLegalQualification', label: '具有法律职业资格' },
];
/** A field an enforcement officer must fill (R-P01, R-P02: a certificate with its validity). */
const enforcerNeeds =
  (message: string) =>
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    required: ((getFieldValue('flags') as string[] | undefined) ?? []).includes('isEnforcer'),
    message,
  });

const known = ['agencyId', 'name', 'idNumber', 'post', 'domains', 'certificateNumber', 'issuingBody', 'validFrom', 'validUntil', 'reason'];
const blank = (v: string | undefined | null) => (v?.trim() ? v.trim() : null);
/** the fields merged after a 412, with their labels (the reason is this person's own and always kept; the agency is fixed) */
const fieldLabels: Record<Exclude<keyof OfficerFormValues, 'reason' | 'agencyId'>, string> = {
  name: '姓名',
  idNumber: '公民身份号码',
  post: '职务/岗位',
  domains: '执法领域',
  certificateNumber: '执法证号',
  issuingBody: '发证机关',
  validFrom: '有效期起',
  validUntil: '有效期至',
  flags: '人员类别',
};
const mergedFields = Object.keys(fieldLabels) as (keyof typeof fieldLabels)[];

function OfficerForm({
  officer,
  open,
  onClose,
  agencyChoices,
}: {
  officer: Officer | null;
  open: boolean;
  onClose: () => void;
  agencyChoices: { value: string; label: string }[] | null;
}) {
  const [form] = Form.useForm<OfficerFormValues>();
  const save = useSaveOfficer();
  const { data: user } = useMe();
  const [error, setError] = useState<string | null>(null);
  // the version being edited: the one opened, or the one reloaded after someone else changed it
  const [base, setBase] = useState<Officer | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [pending, once] = useSingleFlight();
  const { message } = App.useApp();

  const valuesOf = (o: Officer, reason?: string): OfficerFormValues => ({
    name: o.name,
    idNumber: o.idNumberMasked ? undefined : o.idNumber,
    post: o.post ?? undefined,
    domains: o.domains,
    certificateNumber: o.certificateNumber ?? undefined,
    issuingBody: o.issuingBody ?? undefined,
    validFrom: o.validFrom ? dayjs(o.validFrom) : null,
    validUntil: o.validUntil ? dayjs(o.validUntil) : null,
    flags: flagOptions.map((f) => f.value).filter((k) => o[k as keyof Officer] === true),
    reason,
  });
  const fill = (o: Officer, reason?: string) => form.setFieldsValue(valuesOf(o, reason));

  // Fill the form when it opens (not after the opening animation, which would overwrite typing).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another record opens
  useEffect(() => {
    if (!open) return;
    setError(null);
    setStale(null);
    setBase(officer);
    form.resetFields();
    if (officer) fill(officer);
    else form.setFieldsValue({ flags: ['isEnforcer'], domains: [], agencyId: agencyChoices?.[0]?.value });
  }, [open, officer]);

  /**
   * Someone else saved the officer meanwhile (412): load their version, and keep what this person
   * typed where the other did not change the same field; where both did, theirs is shown and what
   * was typed is listed in the notice (mergeEdits), so nothing typed is lost.
   */
  const reload = async (before: Officer, problem: string) => {
    const mine = form.getFieldsValue(true) as OfficerFormValues;
    try {
      const fresh = (await api.get<OfficerDetail>(`/officers/${encodeURIComponent(before.id)}`)).officer;
      const { values, conflicts } = mergeEdits<OfficerFormValues>(valuesOf(before), valuesOf(fresh), mine, mergedFields);
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue({ ...values, reason: mine.reason });
      setStale(staleText(problem, fresh.version, conflicts, fieldLabels));
    } catch (e) {
      setError(`${problem}；${errorMessage(e)}`);
    }
  };

  const onSave = () =>
    once(async () => {
      let v: OfficerFormValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      setStale(null);
      const flags = new Set(v.flags ?? []);
      const body: OfficerBody = {
        name: v.name.trim(),
        post: blank(v.post),
        domains: v.domains ?? [],
        certificateNumber: blank(v.certificateNumber),
        issuingBody: blank(v.issuingBody),
        validFrom: v.validFrom ? toLegalDate(v.validFrom) : null,
        validUntil: v.validUntil ? toLegalDate(v.validUntil) : null,
        isEnforcer: flags.has('isEnforcer'),
        isReviewer: flags.has('isReviewer'),
        isLegalAdviser: flags.has('isLegalAdviser'),
        isAuxiliary: flags.has('isAuxiliary'),
        hasLegalQualification: flags.has('hasLegalQualification'),
      };
      if (v.idNumber?.trim()) body.idNumber = v.idNumber.trim().toUpperCase();
      if (base) body.reason = v.reason?.trim();
      else body.agencyId = v.agencyId ?? user?.agencyId ?? undefined;
      try {
        await save.mutateAsync({ id: base?.id ?? null, version: base?.version, body });
        message.success(base ? '已保存新版本，提交并经司法局确认后公示' : '已新增人员，提交并经司法局确认后公示');
        onClose();
      } catch (err) {
        if (isStale(err) && base) {
          message.warning('该人员信息已被他人修改，已载入最新内容');
          await reload(base, err.message);
          return;
        }
        setError(errorMessage(err));
        form.setFields(
          fieldErrors(err).flatMap((f) => {
            const name = f.name.replace(/^\//, '');
            return known.includes(name) ? [{ name: name as keyof OfficerFormValues, errors: f.errors }] : [];
          }),
        );
      }
    });

  return (
    <Drawer
      open={open}
      size={640}
      title={officer ? `编辑人员：${officer.name}` : '新增人员'}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose} disabled={pending}>
            取消
          </Button>
          <Button type="primary" onClick={onSave} loading={pending} data-testid="officer-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form<OfficerFormValues> form={form} name="officer" layout="vertical">
        <StaleNotice title="该人员信息已被他人修改" text={stale} />
        {!officer && agencyChoices && (
          <Form.Item name="agencyId" label="所属机关" rules={[{ required: true, message: '请选择所属机关' }]}>
            <Select options={agencyChoices} />
          </Form.Item>
        )}
        <Flex gap={12} wrap>
          <Form.Item
            name="name"
            label="姓名"
            rules={[{ required: true, whitespace: true, min: 2, message: '请填写姓名' }]}
            style={{ flex: '1 1 140px' }}
          >
            <Input count={{ max: 50 }} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label="公民身份号码"
            extra={
              officer ? (officer.idNumberMasked ? '无权查看全文；如需更正请重新填写' : '不公开') : '18 位，校验末位（GB 11643）；不公开'
            }
            rules={officer ? [] : [{ required: true, whitespace: true, message: '请填写公民身份号码' }]}
            style={{ flex: '1 1 220px' }}
          >
            <Input count={{ max: 18 }} autoComplete="off" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="post" label="职务/岗位" style={{ flex: '1 1 160px' }}>
            <Input count={{ max: 100 }} />
          </Form.Item>
          <Form.Item name="domains" label="执法领域" style={{ flex: '2 1 260px' }}>
            <Select mode="tags" tokenSeparators={['、', '，', ',']} placeholder="输入后回车" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            name="certificateNumber"
            label="执法证号"
            style={{ flex: '1 1 180px' }}
            dependencies={['flags']}
            rules={[enforcerNeeds('执法人员须持有行政执法证件，请填写执法证号')]}
          >
            <Input count={{ max: 40 }} />
          </Form.Item>
          <Form.Item name="issuingBody" label="发证机关" style={{ flex: '1 1 200px' }}>
            <Input count={{ max: 100 }} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="validFrom" label="有效期自" dependencies={['flags']} rules={[enforcerNeeds('执法人员须填写证件有效期的起始日')]}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label="有效期至"
            dependencies={['flags']}
            rules={[enforcerNeeds('执法人员须填写证件有效期的截止日')]}
          >
            <DatePicker />
          </Form.Item>
        </Flex>
        <Form.Item name="flags" label="身份">
          <Checkbox.Group options={flagOptions} />
        </Form.Item>
        {officer && (
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

const stateLabels: Record<string, string> = { published: '已公示', draft: '未提交', submitted: '待确认', returned: '已退回' };

/** 执法人员 (R-D02, R-P01..R-P04): certificates 红黄绿, training hours; the ID number masked unless the API gives it in full. */
export default function OfficersPage() {
  const { data: user } = useMe();
  const access = listAccess(user);
  const agencies = useAgencies();
  const [viewing, setViewing] = useState<string | null>(null);
  const [editing, setEditing] = useState<Officer | 'new' | null>(null);
  const [importing, setImporting] = useState<'officers' | 'training' | null>(null);
  const [exportAgency, setExportAgency] = useState<string | undefined>(undefined);
  // the agencies whose lists the bureau filters on and submits: every enforcing agency, and its own
  // (the bureau's own officers are a list like any other, kept and submitted by its supervisors)
  const enforcing = (agencies.data ?? []).filter((a) => !a.isSupervising || a.id === user?.agencyId);
  // status, annual review and training: the agency's keepers and the bureau (the drawer)
  const canEdit = access.canEdit || access.isBureau;
  // a record itself (编辑, 新增, 导入) only by the keepers of its own agency; the server refuses the bureau
  // for other agencies' officers, so it is not offered (issue 7 §9)
  const keepsOwn = keepsAgency(user, user?.agencyId);
  const today = dayjs().format('YYYY-MM-DD');
  // certificates ending within the server's warning period are flagged (no flag until it is known)
  const warningDays = useOrgThresholds().data?.expiryWarningDays ?? 0;
  const soon = dayjs().add(warningDays, 'day').format('YYYY-MM-DD');
  // whose officer list the banners and 提交 concern: the own agency, or the agency the bureau filters on
  const listAgency = access.isBureau ? exportAgency : (user?.agencyId ?? undefined);
  const changes = useOfficerChanges(listAgency);
  const [submitOpen, setSubmitOpen] = useState(false);
  const canSubmit = canEdit && listAgency !== undefined;

  return (
    <Card title="执法人员">
      <Typography.Paragraph type="secondary">
        执法人员、法制审核人员和辅助人员。证件状态：绿码正常、黄码预警、红码暂停执法、吊销。公民身份号码从不公示。变更经司法局确认后更新公示的执法人员清单。
      </Typography.Paragraph>
      <RevisionBanners openReturn={changes.openReturn} openSubmission={changes.openSubmission} testIdPrefix="officer" />
      <ListTable<Officer>
        queryKey={officersKey}
        path="/officers"
        rowKey="id"
        noun="人员"
        searchPlaceholder="搜索姓名或执法证号"
        testId="officer-table"
        onFiltersChange={(f) => setExportAgency(f.agencyId)}
        filters={[
          ...(access.isBureau
            ? [{ name: 'agencyId', placeholder: '所属机关', width: 240, options: enforcing.map((a) => ({ value: a.id, label: a.name })) }]
            : []),
          {
            name: 'status',
            placeholder: '证件状态',
            width: 120,
            options: Object.entries(certificateStatusLabels).map(([value, s]) => ({ value, label: s.label })),
          },
          { name: 'pending', placeholder: '确认状态', width: 140, options: [{ value: 'true', label: '待司法局确认' }] },
        ]}
        toolbar={
          <>
            {canSubmit && (
              <Button
                icon={<SendOutlined />}
                onClick={() => setSubmitOpen(true)}
                disabled={changes.draftCount === 0 && changes.returnedCount === 0 && !changes.openSubmission}
                data-testid="submit-officers"
              >
                提交人员变更{changes.draftCount ? `（${changes.draftCount}）` : ''}
              </Button>
            )}
            {keepsOwn && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                新增人员
              </Button>
            )}
            {keepsOwn && (
              <Button icon={<ImportOutlined />} onClick={() => setImporting('officers')}>
                导入人员
              </Button>
            )}
            {keepsOwn && (
              <Button icon={<ImportOutlined />} onClick={() => setImporting('training')}>
                导入培训记录
              </Button>
            )}
            {canEdit && (
              <ExportButton path="/officers/export" query={{ agencyId: exportAgency }} fileName="执法人员.xlsx" label="导出人员" />
            )}
            {canEdit && (
              <ExportButton path="/training/export" query={{ agencyId: exportAgency }} fileName="培训记录.xlsx" label="导出培训记录" />
            )}
          </>
        }
        columns={[
          // agency staff see only their own agency's officers; the bureau sees the agency under the name
          access.isBureau
            ? {
                title: '姓名 / 所属机关',
                dataIndex: 'name',
                width: 116,
                fixed: 'left',
                render: (v: string, o) => (
                  <>
                    {v}
                    <div style={{ fontSize: 12 }}>
                      <AgencyCell name={o.agencyName} secondary />
                    </div>
                  </>
                ),
              }
            : { title: '姓名', dataIndex: 'name', width: 80, fixed: 'left' },
          {
            title: '职务',
            dataIndex: 'post',
            width: access.isBureau ? 88 : 100,
            render: (v: string | null) => <Clamp text={v} rows={1} />,
          },
          { title: '执法证号', dataIndex: 'certificateNumber', width: 124, render: (v: string | null) => v ?? '—' },
          {
            title: '证件状态',
            dataIndex: 'status',
            width: 84,
            render: (_, o) => <CertificateState officer={o} />,
          },
          {
            title: '有效期至',
            dataIndex: 'validUntil',
            width: 104,
            render: (v: string | null) =>
              !v ? (
                '—'
              ) : v < today ? (
                <Typography.Text type="danger">{v}（已过期）</Typography.Text>
              ) : v <= soon ? (
                <Typography.Text type="warning">{v}</Typography.Text>
              ) : (
                v
              ),
          },
          {
            title: '公民身份号码',
            dataIndex: 'idNumber',
            width: 172,
            render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span>,
          },
          {
            title: '身份',
            key: 'flags',
            width: access.isBureau ? 112 : 132,
            render: (_, o) => roleFlags(o).map((f) => <Tag key={f}>{f}</Tag>),
          },
          {
            title: '确认',
            key: 'pending',
            width: 112,
            render: (_, o) => {
              const state = changes.stateOf(o);
              if (state === null) return <Tag color="orange">未公示 · {formatBeijing(o.pendingSince, 'MM-DD')}</Tag>;
              return (
                <Tag color={entryStateColors[state]} data-testid="officer-state">
                  {stateLabels[state]}
                </Tag>
              );
            },
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: keepsOwn ? 140 : 76,
            render: (_, o) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setViewing(o.id)}>
                  详情
                </Button>
                {keepsAgency(user, o.agencyId) && (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(o)}>
                    编辑
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <OfficerDrawer officerId={viewing} onClose={() => setViewing(null)} canEdit={canEdit} canTransfer={access.isBureau} />
      <OfficerForm
        officer={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        agencyChoices={null}
      />
      <SubmitChangesModal
        open={submitOpen}
        title="提交人员变更，待司法局确认"
        path={listAgency ? orgSubmitPaths.officers(listAgency) : null}
        draftCount={changes.draftCount}
        draftNoun="人"
        returnedCount={changes.returnedCount}
        waiting={changes.openSubmission}
        onClose={() => setSubmitOpen(false)}
        formName="submit-officers"
      />
      <ImportDialog
        open={importing !== null}
        onClose={() => setImporting(null)}
        noun={importing === 'training' ? '培训记录' : '执法人员'}
        templatePath={`/${importing ?? 'officers'}/template`}
        importPath={`/${importing ?? 'officers'}/import`}
        invalidate={[[...officersKey]]}
      />
    </Card>
  );
}
