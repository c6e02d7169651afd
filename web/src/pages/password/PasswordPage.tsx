import { Alert, App, Button, Card, Flex, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useChangePassword, useLogout, useMe, usePasswordPolicy } from '../../api/auth';
import { ApiError, errorMessage } from '../../api/client';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function reasonsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const reasons = error.details.reasons;
  return Array.isArray(reasons) ? reasons.map(String) : [];
}

/** The fields the server named (`details.fields`), e.g. a wrong current password. */
function fieldErrorsOf(error: unknown): { name: keyof PasswordForm; errors: string[] }[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details.fields)) return [];
  return (error.details.fields as { field?: unknown; message?: unknown }[])
    .filter((f) => f.field === 'currentPassword' || f.field === 'newPassword')
    .map((f) => ({ name: f.field as keyof PasswordForm, errors: [String(f.message)] }));
}

export default function PasswordPage() {
  const [form] = Form.useForm<PasswordForm>();
  const { data: user } = useMe();
  const policy = usePasswordPolicy();
  const change = useChangePassword();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string | null>(null);

  const onFinish = ({ currentPassword, newPassword }: PasswordForm) => {
    setFailure(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          message.success('密码已修改');
          navigate(user?.mustEnrolTotp ? '/profile/security' : '/', { replace: true });
        },
        // one message per failure (issue 7 §9): a refused password is marked on its field (no green ✓
        // beside it, no second copy of the reasons in an alert); only what no field owns goes in the alert
        onError: (error) => {
          const reasons = reasonsOf(error);
          const fields = reasons.length > 0 ? [{ name: 'newPassword' as const, errors: reasons }] : fieldErrorsOf(error);
          if (fields.length > 0) form.setFields(fields);
          else setFailure(errorMessage(error));
        },
      },
    );
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', boxSizing: 'border-box', padding: 16 }}>
      <Card title="修改密码" style={{ width: '100%', maxWidth: 460 }}>
        {user?.mustChangePassword && (
          <Alert type="warning" showIcon title="您正在使用初始密码或临时密码，请先修改密码后继续使用系统。" style={{ marginBottom: 16 }} />
        )}
        {policy.data && <Alert type="info" title="密码要求" description={policy.data.text} style={{ marginBottom: 16 }} />}
        <Form<PasswordForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            rules={[
              { required: true, message: '请输入新密码' },
              ...(policy.data ? [{ min: policy.data.minLength, message: `新密码至少 ${policy.data.minLength} 位` }] : []),
            ]}
            hasFeedback
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('newPassword') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              修改密码
            </Button>
            {user?.mustChangePassword ? (
              <Button onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>退出登录</Button>
            ) : (
              <Button onClick={() => navigate(-1)}>返回</Button>
            )}
          </Space>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          修改成功后，其他设备上的登录会话可能需要重新登录。
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
