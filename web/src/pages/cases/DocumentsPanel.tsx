import { DownloadOutlined, EditOutlined, FileAddOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import {
  type CaseDocument,
  type DocumentVersion,
  downloadApiFile,
  useCaseDocuments,
  useDocumentPreview,
  useDocumentTemplates,
  useGenerateDocument,
  useNewDocumentVersion,
  useSignDocument,
} from '../../api/documents';
import { formatBeijing } from '../../lib/time';

/** Waits until the officer stops typing before asking for a new preview. */
function useDebounced<T>(value: T, ms = 400): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

const previewKeys: [string, string][] = [
  ['caseNumber', '案件编号'],
  ['agencyName', '执法机关'],
  ['partyNames', '当事人'],
  ['officerNames', '执法人员'],
  ['documentDate', '文书日期'],
];

/** The officer's own fields of an instrument, with a live preview of what the document will say. */
function FieldsForm({
  caseId,
  templateCode,
  fields,
  onChange,
}: {
  caseId: string;
  templateCode: string;
  fields: Record<string, string>;
  onChange: (f: Record<string, string>) => void;
}) {
  const debounced = useDebounced(fields);
  const preview = useDocumentPreview(caseId, templateCode, debounced);
  const p = preview.data;
  // the first preview brings the defaults the case gives each field
  useEffect(() => {
    if (p && p.templateCode === templateCode && Object.keys(fields).length === 0) onChange(p.fields);
  }, [p, templateCode, fields, onChange]);
  const failed = preview.error ? <Alert type="error" showIcon title={errorMessage(preview.error)} /> : null;
  if (!p) return failed ?? <Typography.Text type="secondary">正在读取案件数据…</Typography.Text>;
  const officers = (p.data.officers as { name: string; certificateNumber: string }[] | undefined) ?? [];
  // a failed preview is said above the form, which stays (what was typed is not lost)
  return (
    <Flex vertical gap={12}>
      {failed}
      <Form layout="vertical" component="div">
        {p.freeFields.map((f) => (
          <Form.Item key={f.name} label={f.label} style={{ marginBottom: 8 }}>
            {f.multiline ? (
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 10 }}
                value={fields[f.name] ?? ''}
                onChange={(e) => onChange({ ...fields, [f.name]: e.target.value })}
                aria-label={f.label}
              />
            ) : (
              <Input
                value={fields[f.name] ?? ''}
                onChange={(e) => onChange({ ...fields, [f.name]: e.target.value })}
                aria-label={f.label}
              />
            )}
          </Form.Item>
        ))}
      </Form>
      <Card size="small" title={`预览：${p.templateName}（模板第${p.templateVersion}版）`} data-testid="document-preview">
        <Descriptions size="small" column={1} bordered>
          {previewKeys.map(([k, label]) => (
            <Descriptions.Item key={k} label={label}>
              {String(p.data[k] ?? '') || '—'}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label="执法证件">
            {officers.map((o) => `${o.name}（${o.certificateNumber || '无证号'}）`).join('、') || '—'}
          </Descriptions.Item>
          {p.freeFields.map((f) => (
            <Descriptions.Item key={f.name} label={f.label}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{p.fields[f.name] || '—'}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
    </Flex>
  );
}

function GenerateModal({ caseId, open, onClose }: { caseId: string; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const templates = useDocumentTemplates();
  const generate = useGenerateDocument(caseId);
  const [code, setCode] = useState<string>('inspection_record');
  const [fields, setFields] = useState<Record<string, string>>({});
  const submit = async () => {
    try {
      const doc = await generate.mutateAsync({ templateCode: code, fields });
      message.success(`已制作「${doc.title}」第1版`);
      setFields({});
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Modal
      title="制作文书"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="生成 .docx"
      confirmLoading={generate.isPending}
      width={760}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Select
          aria-label="文书种类"
          value={code}
          loading={templates.isLoading}
          onChange={(v) => {
            setCode(v);
            setFields({});
          }}
          options={(templates.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))}
          showSearch
          optionFilterProp="label"
        />
        <FieldsForm key={code} caseId={caseId} templateCode={code} fields={fields} onChange={setFields} />
      </Flex>
    </Modal>
  );
}

function VersionModal({ caseId, doc, onClose }: { caseId: string; doc: CaseDocument | null; onClose: () => void }) {
  const { message } = App.useApp();
  const add = useNewDocumentVersion(caseId);
  const last = doc?.versions.at(-1);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  useEffect(() => {
    setFields(last?.fields ?? {});
    setReason('');
  }, [last]);
  if (!doc || !last) return null;
  const submit = async () => {
    if (!reason.trim()) {
      message.error('请填写更正理由');
      return;
    }
    try {
      const d = await add.mutateAsync({ docId: doc.id, fields, reason });
      message.success(`已生成第${d.versions.length}版，原版本保留`);
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Modal
      title={`更正「${doc.title}」：生成第${last.version + 1}版`}
      open
      onCancel={onClose}
      onOk={submit}
      okText="生成新版本"
      confirmLoading={add.isPending}
      width={760}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="已生成的版本不会被修改或删除；新版本与原版本并存，均记入全过程记录。"
      />
      <Form layout="vertical" component="div">
        <Form.Item label="更正理由" required>
          <Input value={reason} onChange={(e) => setReason(e.target.value)} aria-label="更正理由" maxLength={2000} />
        </Form.Item>
      </Form>
      <FieldsForm caseId={caseId} templateCode={doc.templateCode} fields={fields} onChange={setFields} />
    </Modal>
  );
}

/** The fields two versions differ in (文书版本比较). */
export function fieldDiff(a: Record<string, string>, b: Record<string, string>) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => (a[k] ?? '') !== (b[k] ?? '')).map((k) => ({ field: k, before: a[k] ?? '', after: b[k] ?? '' }));
}

function DiffModal({ doc, onClose, labels }: { doc: CaseDocument | null; onClose: () => void; labels: Record<string, string> }) {
  const [pair, setPair] = useState<[number, number]>([1, 2]);
  useEffect(() => {
    if (doc) setPair([Math.max(1, doc.versions.length - 1), doc.versions.length]);
  }, [doc]);
  if (!doc) return null;
  const va = doc.versions.find((v) => v.version === pair[0]);
  const vb = doc.versions.find((v) => v.version === pair[1]);
  const rows = va && vb ? fieldDiff(va.fields, vb.fields) : [];
  const opts = doc.versions.map((v) => ({ value: v.version, label: `第${v.version}版` }));
  return (
    <Modal title={`比较「${doc.title}」的版本`} open onCancel={onClose} footer={null} width={820}>
      <Space style={{ marginBottom: 12 }}>
        <Select aria-label="较早版本" value={pair[0]} options={opts} onChange={(v) => setPair([v, pair[1]])} style={{ width: 110 }} />
        与
        <Select aria-label="较新版本" value={pair[1]} options={opts} onChange={(v) => setPair([pair[0], v])} style={{ width: 110 }} />
        {vb?.reason && <Typography.Text type="secondary">更正理由：{vb.reason}</Typography.Text>}
      </Space>
      <Table
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: '两个版本的字段相同' }}
        columns={[
          { title: '字段', dataIndex: 'field', width: 140, render: (f: string) => labels[f] ?? f },
          {
            title: `第${pair[0]}版`,
            dataIndex: 'before',
            render: (t: string) => <del style={{ whiteSpace: 'pre-wrap', color: '#a8071a' }}>{t || '（空）'}</del>,
          },
          {
            title: `第${pair[1]}版`,
            dataIndex: 'after',
            render: (t: string) => <ins style={{ whiteSpace: 'pre-wrap', color: '#135200' }}>{t || '（空）'}</ins>,
          },
        ]}
      />
    </Modal>
  );
}

function VersionRow({ caseId, doc, v, canSign }: { caseId: string; doc: CaseDocument; v: DocumentVersion; canSign: boolean }) {
  const { message } = App.useApp();
  const sign = useSignDocument(caseId);
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (url: string, what: string) => {
    setBusy(what);
    try {
      await downloadApiFile(url);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div style={{ fontSize: 13, padding: '4px 0' }} data-testid={`document-version-${v.version}`}>
      <Flex gap={8} wrap align="center">
        <Tag color="blue">第{v.version}版</Tag>
        <span>
          {v.on} {v.createdByName}
        </span>
        <Typography.Text type="secondary" copyable={{ text: v.hash }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
          {v.hash.slice(0, 12)}…
        </Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} loading={busy === 'docx'} onClick={() => download(v.contentUrl, 'docx')}>
          .docx
        </Button>
        <Button size="small" icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={() => download(v.pdfUrl, 'pdf')}>
          PDF
        </Button>
        {canSign && (
          <Button
            size="small"
            icon={<SafetyCertificateOutlined />}
            loading={sign.isPending}
            onClick={() =>
              sign.mutate(
                { docId: doc.id, version: v.version },
                { onSuccess: () => message.success('已签署，签署记录已记入全过程记录'), onError: (e) => message.error(errorMessage(e)) },
              )
            }
          >
            签署
          </Button>
        )}
      </Flex>
      {v.reason && <div>更正理由：{v.reason}</div>}
      {v.signatures.map((s) => (
        <div key={s.id}>
          <SafetyCertificateOutlined /> {s.signerName} 于 {formatBeijing(s.signedAt)} 签署（全过程记录 #{s.journalSeq}）
          {s.sealLabel && (
            <Tag color="orange" style={{ marginInlineStart: 6 }}>
              {s.sealLabel}
            </Tag>
          )}
        </div>
      ))}
    </div>
  );
}

/** 文书 on the case page (issue 9 §5, §9): generate from a template, versions, downloads, diff, signing. */
export function DocumentsPanel({ caseId }: { caseId: string }) {
  const docs = useCaseDocuments(caseId);
  const templates = useDocumentTemplates();
  const [generating, setGenerating] = useState(false);
  const [correcting, setCorrecting] = useState<CaseDocument | null>(null);
  const [comparing, setComparing] = useState<CaseDocument | null>(null);
  const labels = useMemo(() => {
    const out: Record<string, string> = {};
    for (const t of templates.data?.items ?? []) for (const f of t.freeFields) out[f.name] = f.label;
    return out;
  }, [templates.data]);
  const data = docs.data;
  return (
    <Card
      title="文书"
      size="small"
      // one unbroken long string (a pasted hash, a URL) wraps instead of widening the page on a phone
      style={{ marginBottom: 16, overflowWrap: 'anywhere' }}
      data-testid="case-documents"
      extra={
        data?.canGenerate && (
          <Button type="primary" size="small" icon={<FileAddOutlined />} onClick={() => setGenerating(true)}>
            制作文书
          </Button>
        )
      }
    >
      {docs.error && <Alert type="error" showIcon title={errorMessage(docs.error)} />}
      {data && data.items.length === 0 && <Empty description="尚未制作文书" image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {data && data.items.length > 0 && (
        <List
          size="small"
          dataSource={data.items}
          rowKey="id"
          renderItem={(d) => (
            <List.Item style={{ display: 'block' }}>
              <Flex justify="space-between" gap={8} wrap>
                <Typography.Text strong>{d.title}</Typography.Text>
                <Space size={4}>
                  {d.versions.length > 1 && (
                    <Button size="small" type="link" onClick={() => setComparing(d)}>
                      比较版本
                    </Button>
                  )}
                  {data.canGenerate && (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setCorrecting(d)}>
                      更正（新版本）
                    </Button>
                  )}
                </Space>
              </Flex>
              {d.versions.map((v) => (
                <VersionRow key={v.id} caseId={caseId} doc={d} v={v} canSign={data.canSign} />
              ))}
            </List.Item>
          )}
        />
      )}
      <GenerateModal caseId={caseId} open={generating} onClose={() => setGenerating(false)} />
      <VersionModal caseId={caseId} doc={correcting} onClose={() => setCorrecting(null)} />
      <DiffModal doc={comparing} labels={labels} onClose={() => setComparing(null)} />
    </Card>
  );
}
