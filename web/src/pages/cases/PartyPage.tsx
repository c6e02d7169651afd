import { Alert, Card, Descriptions, Empty, Input, List, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useParty, usePartySearch } from '../../api/cases';
import { errorMessage } from '../../api/client';
import { PageLoading } from '../../components/PageLoading';
import { formatBeijing } from '../../lib/time';
import { StateTag } from './components/cells';
import { PartyEvidenceList } from './EvidencePanel';
import { PartyDocumentsList } from './PartyDocuments';

/** Finds a party by name (R-C06: one place per party) and links to its page. */
export function PartySearchBox() {
  const [q, setQ] = useState('');
  const found = usePartySearch(q);
  return (
    <>
      <Input.Search
        placeholder="姓名或名称"
        aria-label="查找当事人：姓名或名称"
        allowClear
        enterButton="查找"
        style={{ maxWidth: 360 }}
        onSearch={(v) => setQ(v.trim())}
      />
      {q && (
        <List
          size="small"
          loading={found.isFetching}
          dataSource={found.data?.items ?? []}
          rowKey={(i) => i.party.id}
          locale={{ emptyText: `没有名称包含“${q}”的当事人` }}
          renderItem={({ party, caseCount }) => (
            <List.Item>
              <Link to={`/parties/${party.id}`}>{party.name}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {party.kindLabel} · {party.idNumberMasked ?? party.uscc ?? '—'} · {caseCount} 件案件
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </>
  );
}

/** 当事人 (R-C06): the party and every case of it in the agency, in time order. */
export default function PartyPage() {
  const { id } = useParams();
  const party = useParty(id);
  if (party.isPending) return <PageLoading />;
  if (party.isError || !party.data) {
    return (
      <Card title="当事人">
        <Alert type="error" showIcon title={errorMessage(party.error)} />
      </Card>
    );
  }
  const { party: p, cases } = party.data;
  return (
    <Card title={`当事人：${p.name}`} extra={<Link to="/cases">案件台账</Link>}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'kind', label: '类别', children: p.kindLabel },
          { key: 'name', label: '姓名或名称', children: p.name },
          p.kind === 'natural_person'
            ? { key: 'id', label: '公民身份号码', children: p.idNumberMasked ?? '—' }
            : { key: 'uscc', label: '统一社会信用代码', children: p.uscc ?? '—' },
          { key: 'rep', label: '法定代表人或负责人', children: p.legalRepresentative ?? '—' },
          { key: 'address', label: '住所或地址', children: p.address ?? '—' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        全部案件（{cases.length} 件，按时间顺序）
      </Typography.Title>
      {cases.length === 0 ? (
        <Empty description="暂无案件" />
      ) : (
        <Timeline
          items={cases.map(({ case: c, addedAt }) => ({
            key: c.id,
            content: (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {formatBeijing(addedAt, 'YYYY-MM-DD')}
                </Typography.Text>
                <div>
                  <Link to={`/cases/${c.id}`} style={{ textDecoration: 'underline' }}>
                    {c.title}
                  </Link>{' '}
                  <StateTag state={c.state} label={c.stateLabel} final={!!c.closedOn} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {c.number ?? '（未立案）'} · {c.procedureLabel} · {c.agencyName}
                </Typography.Text>
              </>
            ),
          }))}
        />
      )}
      <PartyDocumentsList partyId={p.id} />
      <PartyEvidenceList items={party.data.evidence} />
    </Card>
  );
}
