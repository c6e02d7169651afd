import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useMe } from '../../api/auth';
import { api, errorMessage } from '../../api/client';
import { type DocumentTemplate, downloadApiFile, useDocumentTemplates } from '../../api/documents';
import { ResumableUpload } from '../../components/ResumableUpload';

/** A justice bureau's own version of a template: a .docx edited in Word, uploaded by tus, checked on the server. */
function NewVersionModal({ template, onClose, onDone }: { template: DocumentTemplate | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!template) return null;
  const submit = async () => {
    if (!uploadId || !from || !reason.trim()) {
      setError('请上传 .docx、选择生效日期并填写理由');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const v = await api.post<{ version: number }>(`/document-templates/${template.code}/versions`, {
        uploadId,
        effectiveFrom: from.format('YYYY-MM-DD'),
        reason,
      });
      message.success(`已增加「${template.name}」第${v.version}版`);
      onDone();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`增加「${template.name}」的本辖区版本`}
      open
      onCancel={onClose}
      onOk={submit}
      okText="提交"
      confirmLoading={busy}
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div">
        <Form.Item label="模板文件（.docx，在 Word 中编辑，只使用下列占位符）" required>
          <ResumableUpload accept=".docx" maxSize={20 * 1024 * 1024} label="选择 .docx 并上传" onDone={(id) => setUploadId(id)} />
        </Form.Item>
        <Form.Item label="生效日期" required>
          <DatePicker value={from} onChange={setFrom} aria-label="生效日期" />
        </Form.Item>
        <Form.Item label="理由" required>
          <Input value={reason} onChange={(e) => setReason(e.target.value)} aria-label="理由" maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 文书模板 (issue 9 §5, R-S08): the fifteen instruments, their placeholders and versions by effective date. */
export default function TemplatesPage() {
  const { message } = App.useApp();
  const templates = useDocumentTemplates();
  const { data: me } = useMe();
  const [adding, setAdding] = useState<DocumentTemplate | null>(null);
  const isBureau = !!me?.roles.includes('supervisor');
  return (
    <Card title="执法文书模板" data-testid="templates-page">
      <Typography.Paragraph type="secondary">
        内置模板为第1版，各辖区可由司法局增加本辖区的版本（自生效日期起用于新制作的文书，已制作的文书不变）。占位符写作 {'{caseNumber}'}
        ，表格行循环写作 {'{#parties}…{/parties}'}；含未知占位符的模板会被拒绝。
      </Typography.Paragraph>
      {templates.error && <Alert type="error" showIcon title={errorMessage(templates.error)} />}
      <Table
        size="small"
        rowKey="code"
        loading={templates.isLoading}
        pagination={false}
        dataSource={templates.data?.items ?? []}
        expandable={{
          expandedRowRender: (t) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="可用占位符">
                {t.placeholders.map((p) => (
                  <Tag key={p.name} title={p.label} style={{ marginBottom: 4 }}>
                    {`{${p.name}}`} {p.label}
                  </Tag>
                ))}
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          {
            title: '文书',
            dataIndex: 'name',
            render: (n: string, t) =>
              t.decision ? (
                <>
                  {n} <Tag color="gold">决定、通知类</Tag>
                </>
              ) : (
                n
              ),
          },
          {
            title: '版本（生效日期）',
            render: (_: unknown, t: DocumentTemplate) =>
              t.versions.map((v) => (
                <div key={v.version} style={{ fontSize: 13 }}>
                  第{v.version}版 {v.builtIn ? '（内置）' : `（${v.jurisdictionCode}）`} 自 {v.effectiveFrom}
                  {!v.builtIn && ` · ${v.reason}`}
                  <Button
                    type="link"
                    size="small"
                    icon={<DownloadOutlined />}
                    aria-label={`下载${t.name}第${v.version}版`}
                    onClick={() =>
                      downloadApiFile(`/api/v1/document-templates/${t.code}/versions/${v.version}/content`).catch((e) =>
                        message.error(errorMessage(e)),
                      )
                    }
                  />
                </div>
              )),
          },
          ...(isBureau
            ? [
                {
                  title: '',
                  width: 140,
                  render: (_: unknown, t: DocumentTemplate) => (
                    <Button size="small" icon={<UploadOutlined />} onClick={() => setAdding(t)}>
                      增加版本
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <NewVersionModal template={adding} onClose={() => setAdding(null)} onDone={() => templates.refetch()} />
    </Card>
  );
}
