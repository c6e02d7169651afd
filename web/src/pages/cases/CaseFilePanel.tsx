import { DownloadOutlined, FolderOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { type CatalogueEntry, caseFileHref, useArchiveCase, useCaseFile } from '../../api/caseFile';
import { errorMessage } from '../../api/client';
import { formatSize } from '../../api/evidence';
import { formatBeijing } from '../../lib/time';

const sectionLabels: Record<string, string> = { documents: '文书', evidence: '证据', av_records: '音像记录' };

const columns = [
  { title: '序号', dataIndex: 'seq', key: 'seq', width: 64 },
  { title: '分组', dataIndex: 'groupLabel', key: 'group', width: 120 },
  {
    title: '题名',
    key: 'title',
    // the widest column: the other columns are fixed, the table scrolls sideways on a phone
    render: (_: unknown, c: CatalogueEntry) =>
      c.withdrawn ? (
        <span>
          <Typography.Text delete>{c.title}</Typography.Text>{' '}
          <Tag color="default" title={`${c.withdrawn.by}：${c.withdrawn.reason}`}>
            已撤回
          </Tag>
        </span>
      ) : (
        c.title
      ),
  },
  { title: '日期', dataIndex: 'date', key: 'date', width: 110 },
  {
    title: '种类',
    key: 'kind',
    width: 150,
    render: (_: unknown, c: CatalogueEntry) => `${sectionLabels[c.section] ?? c.section}·${c.kind}`,
  },
  {
    title: '哈希',
    key: 'hash',
    width: 130,
    render: (_: unknown, c: CatalogueEntry) => (
      <Typography.Text copyable={{ text: c.hash, tooltips: ['复制完整哈希', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
        {c.hash.slice(0, 10)}…
      </Typography.Text>
    ),
  },
  { title: '大小', key: 'size', width: 90, render: (_: unknown, c: CatalogueEntry) => formatSize(c.size) },
];

/**
 * The case file (案卷, issue 9 §8, R-C08) on the case page: the catalogue in binding order with
 * contiguous numbers; 归档 for whoever may archive (confirmed, since the case then becomes
 * read-only); once archived, the banner and 导出案卷 (the verifiable .zip).
 */
export function CaseFilePanel({ caseId }: { caseId: string }) {
  const { message } = App.useApp();
  const file = useCaseFile(caseId);
  const archive = useArchiveCase(caseId);
  const view = file.data;
  if (!view) return null;
  const onArchive = () =>
    archive.mutate(undefined, {
      onSuccess: (r) => message.success(`已归档：卷内 ${r.files} 件，案卷只读`),
      onError: (e) => message.error(errorMessage(e)),
    });
  return (
    <Card
      title={
        <span>
          <FolderOutlined /> 案卷
        </span>
      }
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="case-file"
      extra={
        view.archived && view.downloadUrl ? (
          <Button icon={<DownloadOutlined />} href={caseFileHref(view.downloadUrl)} download data-testid="case-file-download">
            导出案卷
          </Button>
        ) : view.canArchive ? (
          <Popconfirm
            title="归档"
            description="归档后案卷只读：不能再办理任何事项，也不能添加或撤回证据、文书。确定归档？"
            okText="归档"
            cancelText="取消"
            onConfirm={onArchive}
          >
            <Button type="primary" loading={archive.isPending} data-testid="case-file-archive">
              归档
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      {view.archived ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="case-archived"
          message="已归档，案卷只读"
          description={
            <Flex vertical gap={4}>
              <span>
                {formatBeijing(view.archived.at)} 由 {view.archived.by} 归档，全过程记录第 {view.archived.journalSeq} 条。
              </span>
              <span>
                清单哈希（{view.archived.hashAlgorithm}）：
                <Typography.Text copyable style={{ fontFamily: 'monospace', fontSize: 12 }}>
                  {view.archived.manifestHash}
                </Typography.Text>
              </span>
              <span>导出的 .zip 可用 sanxiang case-file verify 离线校验每个文件、每条记录和检查点签名。</span>
            </Flex>
          }
        />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {view.canArchive ? '案件已办结，可以归档。下表为归档时将按装订顺序编排的卷内目录。' : (view.archiveRefusal ?? '办结后可归档。')}
        </Typography.Paragraph>
      )}
      <Table<CatalogueEntry>
        size="small"
        rowKey="seq"
        columns={columns}
        dataSource={view.catalogue}
        pagination={view.catalogue.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '卷内尚无文书或证据' }}
      />
    </Card>
  );
}
