import { ExportOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Grid,
  Input,
  List,
  Select,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth';
import { type CaseQuery, type CaseSummary, useAgencyOfficers, useLedger, useProcedures } from '../../api/cases';
import { download, errorMessage } from '../../api/client';
import { useAgencies } from '../../api/org';
import { AgencyCell, stickyTable, tableWidth } from '../../components/lists/cells';
import { can } from '../../lib/access';
import { toLegalDate } from '../../lib/time';
import { DaysLeft, StateTag } from './components/cells';
import { PartySearchBox } from './PartyPage';

type Filters = Omit<CaseQuery, 'cursor' | 'limit'>;

/** 案件台账 (issue 8 §12, R-C08): the cases in the caller's scope; the justice bureau sees every agency, read-only. */
export default function LedgerPage() {
  const { data: user } = useMe();
  const isBureau = can(user, 'supervise');
  const canOpen = can(user, 'openCases');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  // 我的待办 links here for the agency's whole overdue view (issue 8 §8): /cases?overdue=1
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(params.get('overdue') === '1' ? { open: true, overdue: true } : { open: true });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [exporting, setExporting] = useState(false);
  const procedures = useProcedures();
  const agencies = useAgencies();
  const officerAgency = isBureau ? filters.agencyId : user?.agencyId;
  const officers = useAgencyOfficers(officerAgency);
  const ledger = useLedger(filters);
  const rows = ledger.data?.pages.flatMap((p) => p.items) ?? [];

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const stateOptions = useMemo(() => {
    const chosen = (procedures.data?.items ?? []).filter((p) => !filters.procedure || p.code === filters.procedure);
    const seen = new Map<string, string>();
    for (const p of chosen) for (const s of p.states) if (!seen.has(s.name)) seen.set(s.name, s.label);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [procedures.data, filters.procedure]);

  const onExport = async () => {
    setExporting(true);
    try {
      const name = await download('/cases/export', filters, '案件台账.xlsx');
      message.success(`已导出 ${name}`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: '案件',
      key: 'title',
      width: 260,
      render: (_, c) => (
        <>
          <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>
            {c.title}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.number ?? '（未立案）'}
            </Typography.Text>
          </div>
        </>
      ),
    },
    ...(isBureau
      ? [{ title: '执法主体', dataIndex: 'agencyName', width: 150, render: (v: string) => <AgencyCell name={v} /> } as const]
      : []),
    { title: '程序', dataIndex: 'procedureLabel', width: 130 },
    { title: '状态', key: 'state', width: 130, render: (_, c) => <StateTag state={c.state} label={c.stateLabel} final={!!c.closedOn} /> },
    { title: '当事人', dataIndex: 'partyNames', width: 140, render: (v: string) => v || '—' },
    { title: '执法人员', dataIndex: 'officerNames', width: 140, render: (v: string) => v || '—' },
    { title: '登记日期', dataIndex: 'openedOn', width: 104 },
    {
      title: '最近期限',
      key: 'due',
      width: 150,
      render: (_, c) =>
        c.nextDueOn ? (
          <>
            {c.nextDueOn}
            <div>
              <DaysLeft urgency={c.urgency} daysLeft={c.daysLeft} urgencyLabel={c.urgencyLabel} />
            </div>
          </>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      title="案件台账"
      extra={
        canOpen && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
            登记案件
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {isBureau ? '辖区内各执法机关的案件（只读）。' : '本机关的案件。'}
        导出的台账不含公民身份号码。
      </Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="案件编号或案由"
          aria-label="案件编号或案由"
          allowClear
          enterButton="搜索"
          style={{ width: 260, maxWidth: '100%' }}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
        <Input.Search
          placeholder="当事人名称"
          aria-label="当事人名称"
          allowClear
          style={{ width: 180, maxWidth: '100%' }}
          onSearch={(v) => set({ party: v.trim() || undefined })}
        />
        {isBureau && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="执法主体"
            aria-label="执法主体"
            style={{ width: 240, maxWidth: '100%' }}
            value={filters.agencyId}
            options={(agencies.data ?? []).filter((a) => !a.isSupervising).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(v: string | undefined) => set({ agencyId: v, officerId: undefined })}
          />
        )}
        <Select
          allowClear
          placeholder="执法程序"
          aria-label="执法程序"
          style={{ width: 180, maxWidth: '100%' }}
          value={filters.procedure}
          options={(procedures.data?.items ?? []).map((p) => ({ value: p.code, label: p.label }))}
          onChange={(v: Filters['procedure']) => set({ procedure: v, state: undefined })}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="状态"
          aria-label="状态"
          style={{ width: 170, maxWidth: '100%' }}
          value={filters.state}
          options={stateOptions}
          onChange={(v: string | undefined) => set({ state: v })}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="执法人员"
          aria-label="执法人员"
          style={{ width: 140, maxWidth: '100%' }}
          value={filters.officerId}
          disabled={!officerAgency}
          options={(officers.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          onChange={(v: string | undefined) => set({ officerId: v })}
        />
        <Select
          placeholder="办理情况"
          aria-label="办理情况"
          style={{ width: 120 }}
          value={filters.open === undefined ? 'all' : filters.open ? 'open' : 'closed'}
          options={[
            { value: 'open', label: '未结案件' },
            { value: 'closed', label: '已结案件' },
            { value: 'all', label: '全部案件' },
          ]}
          onChange={(v: string) => set({ open: v === 'all' ? undefined : v === 'open' })}
        />
        <DatePicker.RangePicker
          value={range}
          aria-label="登记日期"
          placeholder={['登记日期起', '登记日期止']}
          style={{ maxWidth: '100%' }}
          onChange={(v) => {
            setRange(v);
            set({ from: v?.[0] ? toLegalDate(v[0]) : undefined, to: v?.[1] ? toLegalDate(v[1]) : undefined });
          }}
        />
        <Checkbox
          checked={!!filters.overdue}
          onChange={(e) => set({ overdue: e.target.checked || undefined })}
          style={{ alignSelf: 'center' }}
        >
          只看超期
        </Checkbox>
        <Button icon={<ExportOutlined />} onClick={onExport} loading={exporting} data-testid="ledger-export">
          导出 Excel
        </Button>
      </Flex>
      {ledger.isError && <Alert type="error" showIcon title={errorMessage(ledger.error)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <List
          loading={ledger.isPending}
          dataSource={rows}
          rowKey="id"
          locale={{ emptyText: '没有符合条件的案件' }}
          data-testid="ledger-list"
          renderItem={(c) => (
            <List.Item style={{ display: 'block' }}>
              <Link to={`/cases/${c.id}`} style={{ fontWeight: 500 }}>
                {c.title}
              </Link>
              <div style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">
                  {c.number ?? '（未立案）'} · {c.procedureLabel}
                  {isBureau ? ` · ${c.agencyName}` : ''}
                </Typography.Text>
              </div>
              <Flex gap={8} wrap align="center" style={{ marginTop: 4 }}>
                <StateTag state={c.state} label={c.stateLabel} final={!!c.closedOn} />
                <Typography.Text style={{ fontSize: 13 }}>当事人：{c.partyNames || '—'}</Typography.Text>
                {c.nextDueOn && (
                  <Typography.Text style={{ fontSize: 13 }}>
                    {c.nextDueOn} 到期 · <DaysLeft urgency={c.urgency} daysLeft={c.daysLeft} urgencyLabel={c.urgencyLabel} />
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          loading={ledger.isPending || (ledger.isFetching && !ledger.isFetchingNextPage)}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: tableWidth(columns) }}
          sticky={stickyTable}
          locale={{ emptyText: '没有符合条件的案件' }}
          onRow={(c) => ({ onClick: () => navigate(`/cases/${c.id}`), style: { cursor: 'pointer' } })}
          data-testid="ledger-table"
        />
      )}
      <Flex justify="center" align="center" gap={12} wrap style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">已显示 {rows.length} 件</Typography.Text>
        {ledger.hasNextPage && (
          <Button onClick={() => ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
            加载更多
          </Button>
        )}
      </Flex>
      <Card size="small" title="查找当事人" style={{ marginTop: 16 }}>
        <PartySearchBox />
      </Card>
    </Card>
  );
}
