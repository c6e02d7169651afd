import { CheckCircleTwoTone, KeyOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  type InputProps,
  QRCode,
  Result,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMe, useTotpConfirm, useTotpDisable, useTotpEnrol } from '../../api/auth';
import { errorMessage } from '../../api/client';
import type { TotpEnrolment } from '../../api/types';

const codeRules = [
  { required: true, message: '请输入动态验证码' },
  { pattern: /^\d{6}$/, message: '动态验证码为 6 位数字' },
];

/** Form.Item passes id, value and onChange; they must reach the input. */
function CodeInput(props: InputProps) {
  return <Input {...props} placeholder="6 位数字" inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 160 }} />;
}

function Enrol({ required }: { required: boolean }) {
  const enrol = useTotpEnrol();
  const confirm = useTotpConfirm();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = () => {
    setError(null);
    enrol.mutate(undefined, { onSuccess: setEnrolment, onError: (err) => setError(errorMessage(err)) });
  };

  const onConfirm = ({ code }: { code: string }) => {
    setError(null);
    confirm.mutate(code.trim(), {
      onSuccess: () => {
        message.success('双因素认证已启用');
        setEnrolment(null);
        if (required) navigate('/', { replace: true });
      },
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <>
      {required && (
        <Alert
          type="warning"
          showIcon
          title="安全策略要求您的账户启用双因素认证，完成绑定后才能使用其他功能。"
          style={{ marginBottom: 16 }}
        />
      )}
      <Steps
        current={enrolment ? 1 : 0}
        size="small"
        style={{ marginBottom: 24, maxWidth: 640 }}
        items={[{ title: '生成密钥' }, { title: '在验证器中添加' }, { title: '输入验证码确认' }]}
      />
      {!enrolment ? (
        <Space orientation="vertical">
          <Typography.Paragraph>
            启用后，登录时除密码外还需输入身份验证器应用（如 FreeOTP、Google Authenticator、Microsoft Authenticator 等）生成的 6
            位动态验证码。
          </Typography.Paragraph>
          <Button type="primary" icon={<KeyOutlined />} onClick={start} loading={enrol.isPending}>
            开始绑定
          </Button>
        </Space>
      ) : (
        <Flex gap={32} wrap align="flex-start">
          <QRCode value={enrolment.otpauthUri} size={176} bordered />
          <Flex vertical gap={12} style={{ flex: 1, minWidth: 280 }}>
            <Typography.Text>用验证器应用扫描二维码，或手动输入下面的密钥：</Typography.Text>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label="密钥">
                <Typography.Text code copyable={{ tooltips: ['复制', '已复制'] }} data-testid="totp-secret">
                  {enrolment.secret}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="配置链接">
                <Typography.Text
                  copyable={{ tooltips: ['复制', '已复制'] }}
                  style={{ wordBreak: 'break-all', fontSize: 12 }}
                  data-testid="totp-uri"
                >
                  {enrolment.otpauthUri}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Form layout="inline" onFinish={onConfirm}>
              <Form.Item name="code" label="动态验证码" rules={codeRules}>
                <CodeInput />
              </Form.Item>
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                  确认绑定
                </Button>
              </Form.Item>
            </Form>
          </Flex>
        </Flex>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
    </>
  );
}

function Disable() {
  const disable = useTotpDisable();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ code: string }>();

  const onFinish = ({ code }: { code: string }) => {
    setError(null);
    disable.mutate(code.trim(), {
      onSuccess: () => {
        message.success('双因素认证已停用');
        form.resetFields();
      },
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <>
      <Result
        icon={<CheckCircleTwoTone twoToneColor="#52c41a" />}
        title="双因素认证已启用"
        subTitle="登录时需要输入身份验证器生成的动态验证码。"
        style={{ padding: '16px 0' }}
      />
      <Typography.Paragraph type="secondary">如需停用或更换设备，请输入当前的动态验证码：</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={onFinish}>
        <Form.Item name="code" label="动态验证码" rules={codeRules}>
          <CodeInput />
        </Form.Item>
        <Form.Item>
          <Button danger htmlType="submit" loading={disable.isPending}>
            停用双因素认证
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
    </>
  );
}

/** 账户安全: password and TOTP (动态验证码) for every user. */
export default function SecurityPage() {
  const { data: user } = useMe();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <Flex vertical gap={16}>
      <Card title="双因素认证（动态验证码）" extra={user.totpEnabled ? <Tag color="green">已启用</Tag> : <Tag>未启用</Tag>}>
        {user.totpEnabled ? <Disable /> : <Enrol required={user.mustEnrolTotp} />}
      </Card>
      <Card title="登录密码">
        <Flex justify="space-between" align="center" wrap gap={16}>
          <Typography.Text type="secondary">定期修改密码，不要与其他系统使用相同的密码。</Typography.Text>
          <Button onClick={() => navigate('/password')} disabled={user.mustEnrolTotp}>
            修改密码
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
