import { Alert, Card, Col, Empty, Flex, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useMe } from '../../api/auth';
import { useCatalogAlerts } from '../../api/catalog';
import { errorMessage } from '../../api/client';
import { type OrgThresholds, type RatiosReply, useOrgAlerts, useOrgRatios, useOrgThresholds } from '../../api/org';
import { AgencyCell, shortAgencyName } from '../../components/lists/cells';
import { PageLoading } from '../../components/PageLoading';
import { dayjs, formatBeijing } from '../../lib/time';
import { Chart, type ChartOption } from './components/Chart';

const RED = '#b71c1c';
const GREEN = '#389e0d';
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** The thresholds as the titles show them, from the server (issue 6 §7); dashes until they load. */
function thresholdLabels(th: OrgThresholds | undefined) {
  return {
    share: th ? `${Number((th.reviewerShare * 100).toFixed(2))}%` : '—',
    hours: th ? `${th.professionalHours}+${th.legalHours}` : '—',
    hoursLong: th ? `业务 ${th.professionalHours} + 法律 ${th.legalHours}` : '—',
    expiry: th ? `${th.expiryWarningDays}` : '—',
    publish: th ? `${th.publishWithinWorkingDays}` : '—',
  };
}
function reviewerOption(data: RatiosReply, short: (name: string) => string): ChartOption {
  const line = Number((data.thresholds.reviewerShare * 100).toFixed(2));
  return {
    animation: false,
    grid: { left: 48, right: 72, top: 32, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const a = data.agencies[params[0]?.dataIndex ?? 0];
        if (!a) return '';
        return `${a.agencyName}<br/>执法人员 ${a.enforcers} 人，法制审核人员 ${a.reviewers} 人<br/>占比 ${pct(a.reviewerRatio)}（至少需 ${a.reviewersRequired} 人）`;
      },
    },
    xAxis: { type: 'category', data: data.agencies.map((a) => short(a.agencyName)), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '法制审核人员占比',
        type: 'bar',
        barMaxWidth: 40,
        data: data.agencies.map((a) => ({
          value: a.reviewerRatio === null ? 0 : Number((a.reviewerRatio * 100).toFixed(2)),
          itemStyle: { color: a.meetsReviewerRatio ? GREEN : RED },
        })),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => `${p.value}%` },
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#fa8c16', type: 'dashed', width: 2 },
          label: { formatter: `${line}% 下限`, position: 'end', color: '#d46b08' },
          data: [{ yAxis: line }],
        },
      },
    ],
  };
}

function trainingOption(data: RatiosReply, short: (name: string) => string): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 24, top: 32, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const a = data.agencies[params[0]?.dataIndex ?? 0];
        if (!a) return '';
        return `${a.agencyName}<br/>达标 ${a.trainingMet} / ${a.officers} 人（${pct(a.trainingShare)}）`;
      },
    },
    xAxis: { type: 'category', data: data.agencies.map((a) => short(a.agencyName)), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '培训达标率',
        type: 'bar',
        barMaxWidth: 40,
        data: data.agencies.map((a) => ({
          value: a.trainingShare === null ? 0 : Number((a.trainingShare * 100).toFixed(1)),
          itemStyle: { color: a.trainingShare === 1 ? GREEN : '#d48806' },
        })),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => `${p.value}%` },
        markLine: {
          symbol: 'none',
          lineStyle: { color: GREEN, type: 'dashed' },
          label: { formatter: '全覆盖 100%', position: 'insideEndTop' },
          data: [{ yAxis: 100 }],
        },
      },
    ],
  };
}

interface AlertRow {
  key: string;
  source: string;
  agencyName: string;
  since: string;
  deadline: string;
  days: number;
  message: string;
}

/** 司法局看板: the ratios and alerts that concern the justice bureau (R-L06, R-P03, R-P02, R-D08). */
export default function DashboardPage() {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const ratios = useOrgRatios(year);
  const catalogAlerts = useCatalogAlerts();
  const orgAlerts = useOrgAlerts();
  const thresholds = useOrgThresholds();
  const th = thresholdLabels(thresholds.data);
  const data = ratios.data;
  // long agency names lose the jurisdiction they all share (axis labels, narrow tables); tooltips keep the full name
  const { data: user } = useMe();
  const jurisdiction = user?.jurisdictionName;
  const reviewer = useMemo(() => (data ? reviewerOption(data, (n) => shortAgencyName(n, jurisdiction)) : null), [data, jurisdiction]);
  const training = useMemo(() => (data ? trainingOption(data, (n) => shortAgencyName(n, jurisdiction)) : null), [data, jurisdiction]);

  const alertRows: AlertRow[] = [
    ...(catalogAlerts.data ?? []).map((a) => ({
      key: `c-${a.listKind}-${a.agencyId}`,
      source: a.listLabel,
      agencyName: a.agencyName,
      since: a.pendingSince,
      deadline: a.deadline,
      days: a.workingDaysOverdue,
      message: a.message,
    })),
    ...(orgAlerts.data?.items ?? []).map((a) => ({
      key: `o-${a.kind}-${a.agencyId}`,
      source: a.kind === 'agency' ? '执法主体名录' : '执法人员清单',
      agencyName: a.agencyName,
      since: formatBeijing(a.pendingSince, 'YYYY-MM-DD'),
      deadline: a.deadline,
      days: a.workingDaysOverdue,
      message: a.message,
    })),
  ];

  const below = data?.agencies.filter((a) => !a.meetsReviewerRatio).length ?? 0;
  const totalOfficers = data?.agencies.reduce((s, a) => s + a.officers, 0) ?? 0;
  const totalMet = data?.agencies.reduce((s, a) => s + a.trainingMet, 0) ?? 0;

  // the titles name the server's thresholds: wait for them rather than show dashes (issue 6 §7)
  if (thresholds.isLoading) return <PageLoading />;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          司法局看板
        </Typography.Title>
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary">培训统计年度</Typography.Text>
          <Segmented
            value={year}
            onChange={(v) => setYear(Number(v))}
            options={[thisYear - 1, thisYear].map((y) => ({ value: y, label: `${y} 年` }))}
            data-testid="dashboard-year"
          />
        </Flex>
      </Flex>
      {ratios.isError && <Alert type="error" showIcon title={errorMessage(ratios.error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title="执法主体" value={data?.agencies.length ?? 0} suffix="个" loading={ratios.isPending} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={`法制审核人员不足 ${th.share} 的主体`}
              value={below}
              suffix="个"
              loading={ratios.isPending}
              styles={{ content: { color: below > 0 ? RED : GREEN } }}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={`${data?.year ?? ''} 年培训达标（${th.hours} 学时）`}
              value={totalOfficers ? ((totalMet / totalOfficers) * 100).toFixed(1) : '—'}
              suffix={totalOfficers ? `%（${totalMet}/${totalOfficers}）` : ''}
              loading={ratios.isPending}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={`${th.expiry} 日内到期证件`}
              value={data?.expiring.length ?? 0}
              suffix="张"
              loading={ratios.isPending}
              styles={{ content: { color: (data?.expiring.length ?? 0) > 0 ? '#ad6800' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`法制审核人员占执法人员比例（不低于 ${th.share}）`}>
            {reviewer ? <Chart option={reviewer} testId="reviewer-chart" /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`培训学时达标率（${th.hoursLong} 学时）`}>
            {training ? <Chart option={training} testId="training-chart" /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`${th.expiry} 日内到期的执法证件${data ? `（截至 ${data.today}）` : ''}`}>
            <Table
              size="small"
              rowKey="officerId"
              loading={ratios.isPending}
              dataSource={data?.expiring ?? []}
              pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
              data-testid="expiring-table"
              columns={[
                { title: '姓名', dataIndex: 'name', width: 72 },
                { title: '所属机关', dataIndex: 'agencyName', render: (v: string) => <AgencyCell name={v} /> },
                { title: '执法证号', dataIndex: 'certificateNumber', width: 124, render: (v: string | null) => v ?? '—' },
                { title: '有效期至', dataIndex: 'validUntil', width: 100 },
                {
                  title: '剩余',
                  dataIndex: 'daysLeft',
                  width: 72,
                  render: (v: number) => <Tag color={v <= 15 ? 'red' : v <= 30 ? 'orange' : 'gold'}>{v} 天</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`超过 ${th.publish} 个工作日未公示的变更`}>
            <Table<AlertRow>
              size="small"
              rowKey="key"
              loading={catalogAlerts.isPending || orgAlerts.isPending}
              dataSource={alertRows}
              pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: '没有超期未公示的变更' }}
              data-testid="overdue-table"
              columns={[
                { title: '清单', dataIndex: 'source', width: 130 },
                { title: '执法主体', dataIndex: 'agencyName', render: (v: string) => <AgencyCell name={v} /> },
                { title: '变更自', dataIndex: 'since', width: 110 },
                { title: '最迟公示', dataIndex: 'deadline', width: 110 },
                {
                  // working days past the deadline: 0 on the weekend right after it, when it is already overdue
                  title: '逾期工作日',
                  dataIndex: 'days',
                  width: 96,
                  render: (v: number) => <Typography.Text type="danger">{v}</Typography.Text>,
                },
              ]}
              expandable={{ expandedRowRender: (r) => r.message }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
