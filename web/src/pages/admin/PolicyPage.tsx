import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Switch } from 'antd';
import { useEffect } from 'react';
import { errorMessage } from '../../api/client';
import { useSecurityPolicy, useUpdateSecurityPolicy } from '../../api/policy';
import type { SecurityPolicy } from '../../api/types';

// Bounds as the server's schema accepts them (server/src/platform/auth/schema.ts SecurityPolicyBody).
const numberFields: { name: keyof SecurityPolicy; label: string; min: number; max: number; unit: string; extra?: string }[] = [
  { name: 'passwordMinLength', label: '密码最小长度', min: 8, max: 64, unit: '位' },
  {
    name: 'passwordMinClasses',
    label: '密码字符种类',
    min: 1,
    max: 4,
    unit: '类',
    extra: '大写字母、小写字母、数字、特殊字符中至少包含的种类数',
  },
  { name: 'lockoutThreshold', label: '登录失败锁定阈值', min: 3, max: 20, unit: '次', extra: '连续登录失败达到该次数后锁定账户' },
  { name: 'lockoutMinutes', label: '锁定时长', min: 1, max: 1440, unit: '分钟' },
  { name: 'sessionIdleMinutes', label: '会话空闲超时', min: 5, max: 240, unit: '分钟', extra: '无操作超过该时长后须重新登录' },
  { name: 'sessionAbsoluteHours', label: '会话最长有效期', min: 1, max: 72, unit: '小时' },
];

/** 安全策略 (security administrator). */
export default function PolicyPage() {
  const [form] = Form.useForm<SecurityPolicy>();
  const policy = useSecurityPolicy();
  const update = useUpdateSecurityPolicy();
  const { message } = App.useApp();

  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);

  const onFinish = (values: SecurityPolicy) =>
    update.mutate(values, {
      onSuccess: () => message.success('安全策略已保存'),
      onError: (error) => message.error(errorMessage(error)),
    });

  return (
    <Card title="安全策略">
      {policy.isError && <Alert type="error" showIcon title={errorMessage(policy.error)} />}
      {policy.isPending ? (
        <Skeleton active />
      ) : (
        <Form<SecurityPolicy>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '200px' }}
          wrapperCol={{ flex: 1 }}
          style={{ maxWidth: 720 }}
          onFinish={onFinish}
          disabled={!policy.data}
          initialValues={policy.data}
        >
          {numberFields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={f.label} extra={f.extra} rules={[{ required: true, message: `请输入${f.label}` }]}>
              <InputNumber min={f.min} max={f.max} precision={0} suffix={f.unit} style={{ width: 180 }} />
            </Form.Item>
          ))}
          <Form.Item
            name="requireTotpForAdmins"
            label="管理员强制双因素"
            valuePropName="checked"
            extra="开启后，系统管理员、安全管理员、安全审计员须绑定动态验证码才能使用系统"
          >
            <Switch checkedChildren="开启" unCheckedChildren="关闭" />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              保存
            </Button>
            <Button style={{ marginInlineStart: 8 }} onClick={() => policy.data && form.setFieldsValue(policy.data)}>
              重置
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
