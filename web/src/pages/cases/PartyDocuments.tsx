import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { downloadApiFile, usePartyDocuments } from '../../api/documents';
import { formatBeijing } from '../../lib/time';

/** The party's documents across its cases, in the order made (R-C06, issue 9 §6). */
export function PartyDocumentsList({ partyId }: { partyId: string }) {
  const { message } = App.useApp();
  const docs = usePartyDocuments(partyId);
  const items = docs.data?.items ?? [];
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        文书（{items.length} 份）
      </Typography.Title>
      {items.length === 0 ? (
        <Empty description="暂无文书" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          dataSource={items}
          rowKey={(i) => i.document.id}
          data-testid="party-documents"
          renderItem={({ caseNumber, caseTitle, document: d }) => {
            const last = d.versions.at(-1);
            return (
              <List.Item
                actions={
                  last
                    ? [
                        <Button
                          key="docx"
                          size="small"
                          icon={<DownloadOutlined />}
                          onClick={() => downloadApiFile(last.contentUrl).catch((e) => message.error(errorMessage(e)))}
                        >
                          .docx
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <>
                      {d.title} <Tag color="blue">第{last?.version}版</Tag>
                    </>
                  }
                  description={
                    <>
                      {formatBeijing(d.createdAt, 'YYYY-MM-DD')} ·{' '}
                      <Link to={`/cases/${d.caseId}`} style={{ textDecoration: 'underline' }}>
                        {caseNumber ?? caseTitle}
                      </Link>
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
    </>
  );
}
