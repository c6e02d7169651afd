import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import type { InputRef } from 'antd';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useLogin, useMe } from '../../api/auth';
import { ApiError, errorMessage } from '../../api/client';
import type { LoginBody } from '../../api/types';
import { pendingStep } from '../../components/guards';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

export default function LoginPage() {
  const [form] = Form.useForm<LoginForm>();
  const login = useLogin();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const totpRef = useRef<InputRef>(null);
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  if (me && !login.isPending) return <Navigate to={pendingStep(me) ?? from ?? '/'} replace />;

  const onFinish = (values: LoginForm) => {
    setError(null);
    const body: LoginBody = { username: values.username.trim(), password: values.password };
    if (needTotp && values.totp) body.totp = values.totp.trim();
    login.mutate(body, {
      onSuccess: ({ user }) => {
        const target = pendingStep(user) ?? (from && from !== '/login' ? from : '/');
        navigate(target, { replace: true });
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
          setNeedTotp(true);
          setError(null);
          return;
        }
        if (err instanceof ApiError && err.code === 'TOTP_INVALID') form.setFieldValue('totp', '');
        setError(errorMessage(err));
      },
    });
  };

  return (
    <Flex
      align="center"
      justify="center"
      vertical
      style={{
        minHeight: '100vh',
        boxSizing: 'border-box',
        padding: 16,
        background: 'linear-gradient(180deg, #7f0000 0%, #b71c1c 42%, #f0f2f5 42%)',
      }}
    >
      <Typography.Title level={2} style={{ color: '#fff', marginBottom: 4, letterSpacing: 2 }}>
        三项制度工作台
      </Typography.Title>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', marginBottom: 24 }}>
        行政执法公示 · 执法全过程记录 · 重大执法决定法制审核
      </Typography.Text>
      <Card title="登录" style={{ width: '100%', maxWidth: 400, boxShadow: '0 6px 24px rgba(0,0,0,0.12)' }}>
        <Form<LoginForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" size="large" />
          </Form.Item>
          {needTotp && (
            <Form.Item
              name="totp"
              label="动态验证码"
              extra="请打开身份验证器应用，输入显示的 6 位数字"
              rules={[
                { required: true, message: '请输入动态验证码' },
                { pattern: /^\d{6}$/, message: '动态验证码为 6 位数字' },
              ]}
            >
              <Input
                ref={totpRef}
                prefix={<SafetyOutlined />}
                placeholder="6 位动态验证码"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                size="large"
              />
            </Form.Item>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        初次登录或密码重置后，须先修改密码
      </Typography.Text>
    </Flex>
  );
}
