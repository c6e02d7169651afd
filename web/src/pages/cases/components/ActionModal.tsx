import { Alert, App, Button, Form, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type ActionSummary, type CaseView, useTakeAction } from '../../../api/cases';
import { ApiError, errorMessage, fieldErrors } from '../../../api/client';
import { useSingleFlight } from '../../../lib/useSingleFlight';
import { type FieldOptions, SchemaFields } from './SchemaFields';
import { fieldPath, hasField, type JsonSchema, toInput } from './schema';

interface Refusal {
  kind: 'conflict' | 'invalid' | 'stale' | 'other';
  title: string;
  text: string;
}

/**
 * One action of the case as a form generated from its input schema (issue 8 §3, §13). Sent with
 * If-Match = the case version. A refusal keeps the form open with what was typed: 409 shows the
 * guard's message (it names the article) prominently, 422 puts the problems on the fields, 412
 * says someone else acted and reloads the case.
 */
export function ActionModal({
  caseView,
  action,
  onClose,
  onReload,
  options,
}: {
  caseView: CaseView;
  action: ActionSummary | null;
  onClose: () => void;
  onReload: () => Promise<unknown>;
  options?: FieldOptions;
}) {
  const [form] = Form.useForm();
  const take = useTakeAction(caseView.id);
  const [pending, once] = useSingleFlight();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const { message } = App.useApp();
  const schema = (action?.input ?? {}) as JsonSchema;
  const stillOpen = !action || caseView.actions.some((a) => a.name === action.name);
  // the refusal sits above the form: brought into view, since the person clicked 提交 at its foot
  const refusalRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refusal) refusalRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [refusal]);

  // the form opens empty; while it is open (a refusal, a reload after 412) what was typed stays
  const open = action !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the dialog opens
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    // reassigning starts from who handles the case now: a pick replaces them, it never drops one unseen
    if (action?.effects.includes('assign_officers')) form.setFieldsValue({ officerIds: caseView.officers.map((o) => o.officerId) });
    setRefusal(null);
    setOpened(null);
  }, [open]);

  const onSubmit = () =>
    once(async () => {
      if (!action) return;
      let values: Record<string, unknown>;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      setRefusal(null);
      const body = (toInput(schema, values) ?? {}) as Record<string, unknown>;
      try {
        const result = await take.mutateAsync({ action: action.name, body, version: caseView.version });
        message.success(`已办理「${action.label}」，记入全过程记录 #${result.journalSeq}`);
        if (result.openedCaseId) {
          setOpened(result.openedCaseId);
          return;
        }
        onClose();
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          setRefusal({ kind: 'conflict', title: '不能办理', text: err.message });
          // a guard that names the field it refused (details.field) marks it too
          form.setFields(
            fieldErrors(err).flatMap((f) => (hasField(schema, fieldPath(f.name)) ? [{ name: fieldPath(f.name), errors: f.errors }] : [])),
          );
        } else if (err instanceof ApiError && (err.status === 412 || err.status === 428)) {
          setRefusal({ kind: 'stale', title: '案件已被他人办理', text: `${err.message}。已重新载入案件，请核对后再提交。` });
          await onReload();
        } else if (err instanceof ApiError && (err.status === 422 || err.status === 400)) {
          const fields = fieldErrors(err).flatMap((f) => {
            const path = fieldPath(f.name);
            return hasField(schema, path) ? [{ name: path, errors: f.errors }] : [];
          });
          form.setFields(fields);
          setRefusal({ kind: 'invalid', title: '填写有误', text: err.message });
        } else {
          setRefusal({ kind: 'other', title: '办理失败', text: errorMessage(err) });
        }
      }
    });

  return (
    <Modal
      open={action !== null}
      title={action?.label}
      onCancel={onClose}
      width={640}
      destroyOnHidden={false}
      forceRender
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={onClose} disabled={pending}>
          {opened ? '关闭' : '取消'}
        </Button>,
        !opened && (
          <Button key="submit" type="primary" onClick={onSubmit} loading={pending} disabled={!stillOpen} data-testid="action-submit">
            提交
          </Button>
        ),
      ]}
    >
      {action && (
        <>
          {(action.article || action.documents.length > 0 || action.avDuty) && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {action.article && <>依据：{action.article}。</>}
              {action.documents.length > 0 && <>文书：{action.documents.join('、')}。</>}
              {action.avDuty && <>音像记录：{action.avDuty}。</>}
              {action.toLabel && <>办理后状态：{action.toLabel}。</>}
            </Typography.Paragraph>
          )}
          <div ref={refusalRef} style={{ scrollMarginTop: 16 }} />
          {refusal && (
            <Alert
              type={refusal.kind === 'stale' ? 'warning' : 'error'}
              showIcon
              title={refusal.title}
              description={refusal.text}
              style={{ marginBottom: 16 }}
              data-testid="action-refusal"
              role="alert"
            />
          )}
          {!stillOpen && <Alert type="info" showIcon title="案件状态已变化，此事项现在不能办理" style={{ marginBottom: 16 }} />}
          {opened && (
            <Alert
              type="success"
              showIcon
              title="已另行登记一件案件"
              description={<Link to={`/cases/${opened}`}>打开新登记的案件</Link>}
              style={{ marginBottom: 16 }}
            />
          )}
        </>
      )}
      <Form form={form} layout="vertical" name={`action-${action?.name ?? 'none'}`} disabled={pending || !!opened}>
        {action && <SchemaFields schema={schema} options={options} />}
      </Form>
    </Modal>
  );
}
