import { Alert, App, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { type RevisionView, useSubmitChanges } from '../../api/revisions';
import { useSingleFlight } from '../../lib/useSingleFlight';

interface SubmitValues {
  note: string;
  publicNote: string;
  includeReturned?: boolean;
}

/**
 * 提交司法局确认 (issue 6): the internal note for the bureau and the public change note, both
 * required; how many changes go with it; and, when the bureau returned entries the agency has not
 * changed since, whether to send them again as they are.
 */
export function SubmitChangesModal({
  open,
  title,
  path,
  draftCount,
  draftNoun = '项',
  returnedCount = 0,
  waiting,
  onClose,
  onDone,
  formName = 'submit-changes',
}: {
  open: boolean;
  title: string;
  /** the submit endpoint (under /api/v1) */
  path: string | null;
  /** changes not yet submitted; null when not known */
  draftCount: number | null;
  draftNoun?: string;
  /** returned entries unchanged since the return */
  returnedCount?: number;
  /** the submission still waiting for the bureau: this one replaces it */
  waiting?: RevisionView | null;
  onClose: () => void;
  onDone?: (revision: RevisionView) => void;
  formName?: string;
}) {
  const [form] = Form.useForm<SubmitValues>();
  const submit = useSubmitChanges(path);
  const [pending, once] = useSingleFlight();
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();

  const onOk = () =>
    once(async () => {
      let v: SubmitValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setError(null);
      try {
        const rev = await submit.mutateAsync({
          note: v.note.trim(),
          publicNote: v.publicNote.trim(),
          ...(returnedCount > 0 ? { includeReturned: v.includeReturned === true } : {}),
        });
        message.success(`已提交司法局确认（第 ${rev.seq} 次提交，${rev.itemCount} 项）`);
        form.resetFields();
        onClose();
        onDone?.(rev);
      } catch (err) {
        setError(errorMessage(err));
      }
    });

  return (
    <Modal
      open={open}
      title={title}
      okText="提交"
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={pending}
      cancelButtonProps={{ disabled: pending }}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary" data-testid="submit-summary">
        {draftCount === null ? '本次提交全部未提交的变更。' : `未提交的变更 ${draftCount} ${draftNoun}。`}
        {waiting ? `司法局尚未确认的第 ${waiting.seq} 次提交（${waiting.itemCount} 项）将由本次提交取代，其中的条目一并重新提交。` : ''}
        司法局确认后，公示平台更新为提交时的内容；提交后再修改的内容不会随本次提交公示。
      </Typography.Paragraph>
      <Form form={form} name={formName} layout="vertical">
        <Form.Item
          name="note"
          label="提交说明（内部，给司法局）"
          extra="写给司法局审核人员：改了什么、依据哪份文件。不公开。"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写提交说明（至少 2 个字）' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 500, show: true }} />
        </Form.Item>
        <Form.Item
          name="publicNote"
          label="公开的变更说明"
          extra="确认后与新版本一同在公示平台显示，公众可见；不要填写个人信息。"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写公开的变更说明（至少 2 个字）' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={{ max: 200, show: true }} />
        </Form.Item>
        {returnedCount > 0 && (
          <Form.Item name="includeReturned" valuePropName="checked" extra="不勾选时，已退回且未再修改的条目不随本次提交。">
            <Checkbox data-testid="include-returned">一并重新提交已退回的 {returnedCount} 项</Checkbox>
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
