import { CameraOutlined, DownloadOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Image, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { type AvRequirement, type EvidenceItem, fileUrl, formatSize, useCaseEvidence, useWithdrawEvidence } from '../../api/evidence';
import { formatBeijing } from '../../lib/time';
import type { JsonSchema } from './components/schema';

/** The file itself: a thumbnail that opens the photo, or a player (Range requests let a long video seek). */
function Preview({ item }: { item: EvidenceItem }) {
  const src = fileUrl(item.contentUrl);
  if (item.thumbnailUrl)
    return (
      <Image
        src={fileUrl(item.thumbnailUrl)}
        preview={{ src }}
        width={120}
        alt={`${item.title}（缩略图）`}
        style={{ objectFit: 'cover', borderRadius: 4 }}
      />
    );
  if (item.mimeType.startsWith('video/'))
    // biome-ignore lint/a11y/useMediaCaption: evidence recordings have no caption track; the metadata beside it describes them
    return <video src={src} controls preload="metadata" style={{ width: 240, maxWidth: '100%' }} aria-label={item.title} />;
  if (item.mimeType.startsWith('audio/'))
    // biome-ignore lint/a11y/useMediaCaption: evidence recordings have no caption track; the metadata beside it describes them
    return <audio src={src} controls preload="metadata" style={{ width: 240, maxWidth: '100%' }} aria-label={item.title} />;
  return (
    <a href={src} download={item.filename}>
      <DownloadOutlined /> {item.filename}
    </a>
  );
}

/** The short hash, the whole one copyable: what the journal entry and the case file carry. */
function Hash({ hash }: { hash: string }) {
  return (
    <Typography.Text copyable={{ text: hash, tooltips: ['复制完整哈希', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
      {hash.slice(0, 12)}…
    </Typography.Text>
  );
}

/** One item with what R-C03 asks it to carry; a withdrawn one struck through with its reason. */
export function EvidenceEntry({ item, onWithdraw, showCase }: { item: EvidenceItem; onWithdraw?: () => void; showCase?: boolean }) {
  const struck = item.withdrawn ? { textDecoration: 'line-through' } : undefined;
  return (
    <List.Item data-testid="evidence-item" style={{ display: 'block', opacity: item.withdrawn ? 0.75 : 1 }}>
      <Flex gap={12} wrap align="flex-start">
        <Preview item={item} />
        <div style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Flex gap={6} wrap align="center">
            <Typography.Text strong style={struck}>
              {item.seq}. {item.title}
            </Typography.Text>
            <Tag color={item.category === 'av_record' ? 'purple' : 'blue'}>{item.categoryLabel}</Tag>
            <Tag>{item.kind}</Tag>
            {item.stepLabel && <Tag color="geekblue">环节：{item.stepLabel}</Tag>}
            {item.withdrawn && <Tag color="red">已撤回</Tag>}
          </Flex>
          {showCase && (
            <div style={{ fontSize: 13 }}>
              <Link to={`/cases/${item.caseId}`} style={{ textDecoration: 'underline' }}>
                {item.caseNumber ?? item.caseTitle}
              </Link>
            </div>
          )}
          <div style={{ fontSize: 13, ...struck }}>
            采集：{formatBeijing(item.capturedAt, 'YYYY-MM-DD HH:mm')} · {item.place}
            {item.latitude !== null && item.longitude !== null && ` （${item.latitude.toFixed(5)}, ${item.longitude.toFixed(5)}）`}
          </div>
          <div style={{ fontSize: 13, ...struck }}>采集人：{item.collectors.map((c) => c.name).join('、')}</div>
          <div style={{ fontSize: 13, ...struck }}>证明对象：{item.proves}</div>
          {item.device && (
            <div style={{ fontSize: 13 }}>
              设备：{item.device.name}（{item.device.serialNumber}）{item.custodian && ` · 保管人：${item.custodian.name}`}
            </div>
          )}
          {item.party && <div style={{ fontSize: 13 }}>当事人：{item.party.name}</div>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatSize(item.size)} · {item.mimeType} · 哈希 <Hash hash={item.hash} /> · {item.createdBy} 于{' '}
            {formatBeijing(item.createdAt, 'MM-DD HH:mm')} 上传 · 全过程记录 #{item.journalSeq}
          </Typography.Text>
          {item.withdrawn && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 6 }}
              title={`${item.withdrawn.by} 于 ${formatBeijing(item.withdrawn.at, 'YYYY-MM-DD HH:mm')} 撤回：${item.withdrawn.reason}`}
              description="记录保留在案卷中，不作为本案证据使用。"
            />
          )}
        </div>
        {onWithdraw && !item.withdrawn && (
          <Button size="small" danger onClick={onWithdraw}>
            撤回
          </Button>
        )}
      </Flex>
    </List.Item>
  );
}

/** What the AV-duty list asks of this case's steps, recorded or not (R-C04). */
function AvDuties({ requirements }: { requirements: AvRequirement[] }) {
  if (!requirements.length) return null;
  return (
    <Alert
      type={requirements.every((r) => r.recorded) ? 'success' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="av-requirements"
      title="音像记录事项清单：以下环节须全过程音像记录，未上传本环节的音像记录不能办理"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {requirements.map((r) => (
            <li key={r.action}>
              {r.actionLabel}（{r.code}「{r.step}」{r.dutyLabel}）：
              {r.recorded ? <Tag color="green">已记录</Tag> : <Tag color="orange">尚未记录</Tag>}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * 证据与音像记录 on the case page (issue 9 §3, §9): every item with its thumbnail or player,
 * metadata, device and custodian, hash and size; withdrawn ones struck through with the reason.
 * Nothing here deletes: 撤回 asks for a reason and keeps the item.
 */
export function EvidencePanel({ caseId, canAdd, readOnly }: { caseId: string; canAdd: boolean; readOnly: boolean }) {
  const evidence = useCaseEvidence(caseId);
  const withdraw = useWithdrawEvidence(caseId);
  const { data: me } = useMe();
  const [target, setTarget] = useState<EvidenceItem | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const mayWithdraw = !readOnly && (canAdd || !!me?.roles.includes('agency_head'));
  const submit = async () => {
    const { reason } = await form.validateFields();
    if (!target) return;
    try {
      await withdraw.mutateAsync({ itemId: target.id, reason });
      message.success('已撤回，记录保留在案卷中');
      setTarget(null);
      form.resetFields();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Card
      title="证据与音像记录"
      size="small"
      // one unbroken long string (a pasted hash, a URL) wraps instead of widening the page on a phone
      style={{ marginBottom: 16, overflowWrap: 'anywhere' }}
      data-testid="case-evidence"
      extra={
        canAdd &&
        !readOnly && (
          <Space>
            <Link to={`/cases/${caseId}/capture`}>
              <Button type="primary" size="small" icon={<CameraOutlined />}>
                现场采集
              </Button>
            </Link>
          </Space>
        )
      }
    >
      {evidence.isError && <Alert type="error" showIcon title={errorMessage(evidence.error)} />}
      {evidence.data && <AvDuties requirements={evidence.data.avRequirements} />}
      {evidence.data && evidence.data.items.length === 0 ? (
        <Empty image={<VideoCameraOutlined style={{ fontSize: 32, color: '#bbb' }} />} description="尚无证据和音像记录" />
      ) : (
        <List
          size="small"
          loading={evidence.isPending}
          dataSource={evidence.data?.items ?? []}
          rowKey="id"
          renderItem={(item) => <EvidenceEntry item={item} onWithdraw={mayWithdraw ? () => setTarget(item) : undefined} />}
        />
      )}
      <Modal
        open={!!target}
        title={`撤回：${target?.title ?? ''}`}
        okText="撤回"
        okButtonProps={{ danger: true, loading: withdraw.isPending }}
        cancelText="取消"
        onOk={submit}
        onCancel={() => setTarget(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          撤回不删除文件：记录保留在案卷中并标明撤回人、时间和原因，记入全过程记录。
        </Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label="撤回原因" rules={[{ required: true, whitespace: true, message: '请填写撤回原因' }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The party page's list (R-C06): its evidence and AV records across cases, in capture order, with previews. */
export function PartyEvidenceList({ items }: { items: EvidenceItem[] }) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        证据与音像记录（{items.length} 项，按采集时间顺序）
      </Typography.Title>
      {items.length === 0 ? (
        <Empty description="暂无证据和音像记录" />
      ) : (
        <List size="small" dataSource={items} rowKey="id" renderItem={(item) => <EvidenceEntry item={item} showCase />} />
      )}
    </>
  );
}

/** Beside an action button: 本环节须全过程音像记录, and whether the record is there yet (R-C04). */
export function AvDutyTag({ caseId, action }: { caseId: string; action: string }) {
  const evidence = useCaseEvidence(caseId);
  const r = evidence.data?.avRequirements.find((x) => x.action === action);
  if (!r) return null;
  return (
    <Tag
      color={r.recorded ? 'green' : 'orange'}
      data-testid="av-duty-tag"
      title={`${r.code}「${r.step}」${r.basis ? `（依据：${r.basis}）` : ''}`}
    >
      「{r.actionLabel}」须全过程音像记录：{r.recorded ? '已记录' : '尚未记录'}
    </Tag>
  );
}

/** The timeline's view of an added or withdrawn item (the keys the server records for it), titled in Chinese. */
export const evidenceEventSchema: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', title: '名称' },
    category: { type: 'string', title: '类别' },
    kind: { type: 'string', title: '证据种类' },
    capturedAt: { type: 'string', format: 'date-time', title: '采集时间' },
    place: { type: 'string', title: '采集地点' },
    proves: { type: 'string', title: '证明对象' },
    collectors: { type: 'string', title: '采集人' },
    device: { type: 'string', title: '采集设备' },
    custodian: { type: 'string', title: '设备保管人' },
    step: { type: 'string', title: '所属环节' },
    party: { type: 'string', title: '当事人' },
    filename: { type: 'string', title: '文件名' },
    size: { type: 'integer', title: '大小（字节）' },
    hash: { type: 'string', title: '文件哈希' },
    reason: { type: 'string', title: '撤回原因' },
  },
};
