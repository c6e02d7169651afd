import { Alert, App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useAgencyOfficers } from '../../api/cases';
import { ApiError, errorMessage, fieldErrors } from '../../api/client';
import { type Device, deviceKinds, useAddCustodian, useCreateDevice } from '../../api/devices';
import { dayjs, toLegalDate } from '../../lib/time';
import { useSingleFlight } from '../../lib/useSingleFlight';

/**
 * The two things an agency head does with a device (谁使用、谁保管、谁负责): register it with its
 * first custodian, and hand it over. Both only add a custody row; nothing is edited or removed.
 * A refusal keeps the dialog open with what was typed: problems named by the API's
 * `details.fields` go on their fields, anything else shows above the form.
 */

/**
 * Puts the API's field errors on the form's fields (the register form keeps the API's
 * `custodian.officerId` … flat); answers the message for what no field shows.
 */
function showRefusal<F extends string>(
  known: readonly F[],
  setFields: (fields: { name: F; errors: string[] }[]) => void,
  err: unknown,
  conflictField?: F,
): string | null {
  const onFields = fieldErrors(err).flatMap((f) => {
    const flat = f.name.replace(/^custodian\./, '');
    return (known as readonly string[]).includes(flat) ? [{ name: flat as F, errors: f.errors }] : [];
  });
  // a duplicate serial number is a conflict (409) with no field: it belongs on the serial number
  if (conflictField && err instanceof ApiError && err.status === 409) onFields.push({ name: conflictField, errors: [err.message] });
  if (onFields.length) {
    setFields(onFields);
    return null;
  }
  return errorMessage(err);
}

/** The agency's serving officers, as custodian choices. */
function useCustodianOptions(agencyId: string | null | undefined) {
  const officers = useAgencyOfficers(agencyId);
  const options = (officers.data?.items ?? [])
    .filter((o) => o.active)
    .map((o) => ({ value: o.id, label: o.post ? `${o.name}（${o.post}）` : o.name }));
  return { options, loading: officers.isPending };
}

const noFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

const registerFields = ['name', 'kind', 'serialNumber', 'officerId', 'fromDate', 'reason'] as const;

interface RegisterValues {
  name: string;
  kind: (typeof deviceKinds)[number];
  serialNumber: string;
  officerId: string;
  fromDate: Dayjs;
  reason?: string;
}

export function RegisterDeviceModal({ open, agencyId, onClose }: { open: boolean; agencyId: string; onClose: () => void }) {
  const [form] = Form.useForm<RegisterValues>();
  const create = useCreateDevice();
  const [pending, once] = useSingleFlight();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { message } = App.useApp();
  const custodians = useCustodianOptions(agencyId);

  // biome-ignore lint/correctness/useExhaustiveDependencies: start empty each time the dialog opens
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setRefusal(null);
  }, [open]);

  const onSubmit = () =>
    once(async () => {
      let v: RegisterValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setRefusal(null);
      try {
        const device = await create.mutateAsync({
          name: v.name.trim(),
          kind: v.kind,
          serialNumber: v.serialNumber.trim(),
          custodian: { officerId: v.officerId, fromDate: toLegalDate(v.fromDate), reason: v.reason?.trim() || undefined },
        });
        message.success(`已登记「${device.name}」，保管人：${device.custodian?.name ?? '—'}`);
        onClose();
      } catch (err) {
        setRefusal(showRefusal(registerFields, (f) => form.setFields(f), err, 'serialNumber'));
      }
    });

  return (
    <Modal
      open={open}
      title="登记执法记录设备"
      okText="登记"
      cancelText="取消"
      onOk={onSubmit}
      onCancel={onClose}
      okButtonProps={{ loading: pending, 'data-testid': 'device-register-submit' }}
      cancelButtonProps={{ disabled: pending }}
      maskClosable={!pending}
      destroyOnHidden
    >
      {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: '执法记录仪', fromDate: dayjs() }} data-testid="device-register-form">
        <Form.Item name="name" label="设备名称" rules={[{ required: true, whitespace: true, message: '请填写设备名称' }, { max: 100 }]}>
          <Input placeholder="如 执法记录仪 3 号" maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label="设备类型" rules={[{ required: true, message: '请选择设备类型' }]}>
          <Select options={deviceKinds.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item
          name="serialNumber"
          label="设备编号"
          extra="出厂序列号或本机关的资产编号，本机关内不得重复"
          rules={[{ required: true, whitespace: true, message: '请填写设备编号' }, { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="officerId" label="保管人" rules={[{ required: true, message: '请选择保管人' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="本机关执法人员"
            loading={custodians.loading}
            options={custodians.options}
          />
        </Form.Item>
        <Form.Item name="fromDate" label="保管起始日期" rules={[{ required: true, message: '请选择保管起始日期' }]}>
          <DatePicker disabledDate={noFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label="说明" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder="缺省为「登记设备」" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const handOverFields = ['officerId', 'fromDate', 'reason'] as const;

interface HandOverValues {
  officerId: string;
  fromDate: Dayjs;
  reason: string;
}

/** 交接: a new custodian from a day on — not before the last hand-over, not after today (the server checks both). */
export function HandOverModal({ device, onClose }: { device: Device | null; onClose: () => void }) {
  const [form] = Form.useForm<HandOverValues>();
  const hand = useAddCustodian();
  const [pending, once] = useSingleFlight();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { message } = App.useApp();
  const custodians = useCustodianOptions(device?.agencyId);
  const lastFrom = device?.custody.at(-1)?.fromDate ?? null;
  const currentId = device?.custodian?.officerId;

  const open = device !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: start empty each time the dialog opens
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setRefusal(null);
  }, [open]);

  const onSubmit = () =>
    once(async () => {
      if (!device) return;
      let v: HandOverValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setRefusal(null);
      try {
        const after = await hand.mutateAsync({
          deviceId: device.id,
          body: { officerId: v.officerId, fromDate: toLegalDate(v.fromDate), reason: v.reason.trim() },
        });
        const last = after.custody.at(-1);
        message.success(`「${after.name}」自 ${last?.fromDate ?? ''} 起由 ${last?.name ?? ''} 保管`);
        onClose();
      } catch (err) {
        setRefusal(showRefusal(handOverFields, (f) => form.setFields(f), err));
      }
    });

  return (
    <Modal
      open={open}
      title={device ? `设备交接：${device.name}` : '设备交接'}
      okText="确认交接"
      cancelText="取消"
      onOk={onSubmit}
      onCancel={onClose}
      okButtonProps={{ loading: pending, 'data-testid': 'device-handover-submit' }}
      cancelButtonProps={{ disabled: pending }}
      maskClosable={!pending}
      destroyOnHidden
    >
      {device && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          当前保管人：{device.custodian?.name ?? '—'}
          {device.custodian ? `（自 ${device.custodian.fromDate} 起）` : ''}。交接后原记录保留，保管历史只追加。
        </Typography.Paragraph>
      )}
      {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ fromDate: dayjs() }} data-testid="device-handover-form">
        <Form.Item name="officerId" label="新保管人" rules={[{ required: true, message: '请选择新保管人' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="本机关执法人员"
            loading={custodians.loading}
            options={custodians.options.map((o) => (o.value === currentId ? { ...o, label: `${o.label}（当前保管人）` } : o))}
          />
        </Form.Item>
        <Form.Item
          name="fromDate"
          label="保管起始日期"
          extra={lastFrom ? `不得早于 ${lastFrom}（上一次交接），不得晚于今天` : '不得晚于今天'}
          rules={[{ required: true, message: '请选择保管起始日期' }]}
        >
          <DatePicker
            disabledDate={(d) => noFuture(d) || (lastFrom !== null && d.isBefore(dayjs(lastFrom), 'day'))}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="reason" label="交接原因" rules={[{ required: true, whitespace: true, message: '请填写交接原因' }, { max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如 人员调岗、设备轮换" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
