import { EyeOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, List, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type ActionSummary,
  type CasePartyView,
  type CaseView,
  type Procedure,
  revealIdNumber,
  type TimelineEntry,
  urgencyColors,
  useAgencyOfficers,
  useCase,
  useProcedures,
} from '../../api/cases';
import { errorMessage } from '../../api/client';
import { PageLoading } from '../../components/PageLoading';
import { formatBeijing } from '../../lib/time';
import { CaseFilePanel } from './CaseFilePanel';
import { ActionModal } from './components/ActionModal';
import { DaysLeft, StateTag } from './components/cells';
import { InputView, openExtras } from './components/InputView';
import type { JsonSchema } from './components/schema';
import { DocumentsPanel } from './DocumentsPanel';
import { AvDutyTag, EvidencePanel, evidenceEventSchema } from './EvidencePanel';

/** How a document step reads on the timeline (the journal entry keeps every field). */
const documentEventSchema: JsonSchema = {
  type: 'object',
  properties: {
    version: { type: 'integer', title: '版本' },
    reason: { type: 'string', title: '更正理由' },
    hash: { type: 'string', title: '文件哈希' },
  },
};

const archiveEventSchema: JsonSchema = {
  type: 'object',
  properties: { files: { type: 'integer', title: '案卷文件数' }, manifestHash: { type: 'string', title: '清单哈希' } },
};

/** The schema a timeline step was typed into: the action's input, or the registration for `open`. */
function stepSchema(procedure: Procedure | undefined, entry: TimelineEntry): JsonSchema | undefined {
  if (entry.action === 'add_evidence' || entry.action === 'withdraw_evidence') return evidenceEventSchema;
  if (entry.action.startsWith('document.')) return documentEventSchema;
  if (entry.action === 'archive') return archiveEventSchema;
  if (!procedure) return undefined;
  if (entry.action === 'open') {
    const open = procedure.open as JsonSchema;
    return { type: 'object', properties: { ...openExtras, ...(open.properties ?? {}) } };
  }
  return procedure.actions.find((a) => a.name === entry.action)?.input as JsonSchema | undefined;
}

/** 当事人: masked ID numbers; the case's own officers may reveal one, each reveal journaled (R-C06). */
function PartiesCard({ view }: { view: CaseView }) {
  const [revealed, setRevealed] = useState<Record<string, { idNumber: string; journalSeq: number }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const { message } = App.useApp();
  const reveal = async (party: CasePartyView) => {
    setBusy(party.id);
    try {
      const r = await revealIdNumber(view.id, party.id);
      setRevealed((m) => ({ ...m, [party.id]: { idNumber: r.idNumber, journalSeq: r.journalSeq } }));
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title="当事人" size="small" data-testid="case-parties">
      {view.parties.length === 0 ? (
        <Typography.Text type="secondary">尚未登记当事人</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={view.parties}
          rowKey="id"
          renderItem={(p) => {
            const shown = revealed[p.id];
            return (
              <List.Item style={{ display: 'block' }}>
                {/* underlined: a link beside text must not be told by its colour alone (WCAG 1.4.1) */}
                <Link to={`/parties/${p.id}`} style={{ textDecoration: 'underline' }}>
                  {p.name}
                </Link>{' '}
                <Tag>{p.kindLabel}</Tag>
                <div style={{ fontSize: 13 }}>
                  {p.kind === 'natural_person' ? (
                    <>
                      公民身份号码：
                      <span style={{ fontFamily: 'monospace' }}>{shown ? shown.idNumber : (p.idNumberMasked ?? '—')}</span>
                      {view.canRevealIdNumbers && p.idNumberMasked && !shown && (
                        <Button type="link" size="small" icon={<EyeOutlined />} loading={busy === p.id} onClick={() => reveal(p)}>
                          查看全文
                        </Button>
                      )}
                      {shown && (
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          仅本次显示；本次查看已记入全过程记录 #{shown.journalSeq}
                        </Typography.Text>
                      )}
                    </>
                  ) : (
                    <>统一社会信用代码：{p.uscc ?? '—'}</>
                  )}
                </div>
                {p.address && (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {p.address}
                  </Typography.Text>
                )}
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

/** 时限: each limit with due date, unit, article and days left, coloured by urgency (issue 8 §8). */
function LimitsCard({ view }: { view: CaseView }) {
  return (
    <Card title="时限" size="small" data-testid="case-limits">
      {view.timeLimits.length === 0 ? (
        <Typography.Text type="secondary">无时限</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={view.timeLimits}
          rowKey={(l) => `${l.kind}-${l.startsOn}`}
          renderItem={(l) => (
            <List.Item style={{ display: 'block' }}>
              <Flex justify="space-between" gap={8} wrap>
                <Typography.Text strong>{l.label}</Typography.Text>
                <Tag color={urgencyColors[l.urgency] ?? 'default'}>{l.urgencyLabel}</Tag>
              </Flex>
              <div style={{ fontSize: 13 }}>
                {l.startsOn} 起 {l.days} 个{l.unitLabel}，{l.dueOn} 届满
                {l.extendedDays > 0 && `，已延长 ${l.extendedDays} 日`}
                {l.pausedDays > 0 && `，中止 ${l.pausedDays} 日不计`}
              </div>
              {l.urgency !== 'met' && (
                <div style={{ fontSize: 13 }}>
                  <DaysLeft {...l} />
                </div>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.article}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function OfficersCard({ view }: { view: CaseView }) {
  return (
    <Card title="执法人员" size="small" data-testid="case-officers">
      <List
        size="small"
        dataSource={view.officers}
        rowKey="officerId"
        locale={{ emptyText: '尚未指派' }}
        renderItem={(o) => (
          <List.Item style={{ display: 'block' }}>
            {o.name}{' '}
            {o.eligible ? (
              <Tag color="green">可执法</Tag>
            ) : (
              <>
                <Tag color="red">不可执法</Tag>
                <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
                  {o.reason}
                </Typography.Text>
              </>
            )}
          </List.Item>
        )}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        《中华人民共和国行政处罚法》第四十二条：执法人员不得少于两人，须持有效执法证件（辅助人员不计）。
      </Typography.Text>
    </Card>
  );
}

/** 法制审核: at the decision step, the review catalog's rules this decision matches (issue 8 §10). */
function ReviewCard({ review }: { review: NonNullable<CaseView['review']> }) {
  return (
    <Alert
      type={review.needsReview ? 'warning' : 'success'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="case-review"
      title={review.needsReview ? '法制审核：拟作出的决定须经法制审核，审核前不能作出决定' : '法制审核：按法制审核目录，无须法制审核'}
      description={
        review.matches.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {review.matches.map((m) => (
              <li key={m.ruleCode}>
                {m.ruleCode} {m.ruleName}：{m.reason}
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}

/** 时间线 (R-C01): every step with date, who, from → to, what was typed and its journal entry. */
function CaseTimeline({ view, procedure }: { view: CaseView; procedure: Procedure | undefined }) {
  // every officer ever on the case: a step naming one who has since left still shows the name
  const names = useMemo(() => ({ ...view.officerNames, ...Object.fromEntries(view.officers.map((o) => [o.officerId, o.name])) }), [view]);
  return (
    <Timeline
      data-testid="case-timeline"
      items={[...view.timeline].reverse().map((e) => ({
        key: e.seq,
        content: (
          <div data-testid="timeline-step">
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text strong>{e.label}</Typography.Text>
              {e.proofReady ? (
                <a href={e.proofUrl} target="_blank" rel="noreferrer" data-testid="journal-link">
                  <LinkOutlined /> 全过程记录 #{e.journalSeq}
                </a>
              ) : (
                <Typography.Text type="secondary" data-testid="journal-link" title="包含性证明在下一个签名检查点（通常一分钟内）之后可查">
                  全过程记录 #{e.journalSeq}（待签发检查点）
                </Typography.Text>
              )}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {e.on} · {formatBeijing(e.at, 'HH:mm')} · {e.by}
              {e.fromLabel && e.fromState !== e.toState ? ` · ${e.fromLabel} → ${e.toLabel}` : !e.fromLabel ? ` · ${e.toLabel}` : ''}
            </Typography.Text>
            <InputView schema={stepSchema(procedure, e)} input={e.input} names={names} />
          </div>
        ),
      }))}
    />
  );
}

/** 案件 (issue 8 §13): the state, the actions open to the caller now, the deadline clock and the timeline. */
export default function CasePage() {
  const { id } = useParams();
  const query = useCase(id);
  const procedures = useProcedures();
  const [acting, setActing] = useState<ActionSummary | null>(null);
  const view = query.data;
  const officers = useAgencyOfficers(view?.actions.some((a) => a.name === 'assign_officers') ? view.agency.id : null);

  if (query.isPending) return <PageLoading />;
  if (query.isError || !view) {
    return (
      <Card title="案件">
        <Alert type="error" showIcon title={errorMessage(query.error)} />
      </Card>
    );
  }
  const procedure = procedures.data?.items.find((p) => p.code === view.procedure.code);
  const suggestions = officers.data
    ? { officerIds: officers.data.items.map((o) => ({ value: o.id, label: `${o.name}（${o.statusLabel}）` })) }
    : undefined;

  return (
    <>
      <Card style={{ marginBottom: 16 }} data-testid="case-header">
        <Flex justify="space-between" gap={8} wrap align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-word' }}>
              {view.title}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="case-number">
              {view.number ?? '未立案，尚无案件编号'}
            </Typography.Text>
          </div>
          <Space wrap>
            <StateTag state={view.state} label={view.stateLabel} final={view.final} />
          </Space>
        </Flex>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          style={{ marginTop: 12 }}
          items={[
            { key: 'procedure', label: '程序', children: view.procedure.label },
            { key: 'agency', label: '执法主体', children: view.agency.name },
            { key: 'domain', label: '执法领域', children: view.domain ?? '—' },
            { key: 'item', label: '执法事项', children: view.item ? `${view.item.code} ${view.item.name}` : (view.itemCode ?? '—') },
            { key: 'opened', label: '登记日期', children: view.openedOn },
            { key: 'filed', label: '立案日期', children: view.filedOn ?? '—' },
            ...(view.closedOn ? [{ key: 'closed', label: '结案日期', children: view.closedOn }] : []),
            ...(view.parentCaseId
              ? [
                  {
                    key: 'parent',
                    label: '由此案件转来',
                    children: (
                      <Link to={`/cases/${view.parentCaseId}`} style={{ textDecoration: 'underline' }}>
                        打开
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(view.childCaseIds.length > 0
              ? [
                  {
                    key: 'children',
                    label: '转出的案件',
                    children: view.childCaseIds.map((c, i) => (
                      <Link key={c} to={`/cases/${c}`} style={{ marginInlineEnd: 8, textDecoration: 'underline' }}>
                        案件 {i + 1}
                      </Link>
                    )),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {view.review && <ReviewCard review={view.review} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card title="办理" size="small" style={{ marginBottom: 16 }} data-testid="case-actions">
            {view.actions.length === 0 ? (
              <Typography.Text type="secondary">{view.final ? '案件已办结。' : '此刻没有您可办理的事项（只读）。'}</Typography.Text>
            ) : (
              <Flex gap={8} wrap>
                {view.actions.map((a) => (
                  <Button
                    key={`${a.name}-${a.from.join()}`}
                    type={a.approval?.step === 'approve' || a.to ? 'primary' : 'default'}
                    ghost={!!a.to && a.approval?.step !== 'approve'}
                    onClick={() => setActing(a)}
                    data-action={a.name}
                  >
                    {a.label}
                  </Button>
                ))}
                {view.actions.map((a) => (
                  <AvDutyTag key={`av-${a.name}`} caseId={view.id} action={a.name} />
                ))}
              </Flex>
            )}
          </Card>
          <DocumentsPanel caseId={view.id} />
          <EvidencePanel caseId={view.id} canAdd={view.canRevealIdNumbers} readOnly={view.final && view.actions.length === 0} />
          <CaseFilePanel caseId={view.id} />
          <Card title="时间线" size="small">
            {view.timeline.length === 0 ? <Empty /> : <CaseTimeline view={view} procedure={procedure} />}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            <LimitsCard view={view} />
            <PartiesCard view={view} />
            <OfficersCard view={view} />
          </Flex>
        </Col>
      </Row>
      <ActionModal
        caseView={view}
        action={acting}
        onClose={() => setActing(null)}
        onReload={() => query.refetch()}
        options={suggestions ? { suggestions } : undefined}
      />
    </>
  );
}
