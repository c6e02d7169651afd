import { Alert, Descriptions, Modal, Typography } from 'antd';

export interface TemporaryPassword {
  username: string;
  displayName: string;
  password: string;
  title: string;
}

/** Shows a one-time temporary password once; it cannot be displayed again after closing. */
export function TemporaryPasswordModal({ value, onClose }: { value: TemporaryPassword | null; onClose: () => void }) {
  return (
    <Modal
      open={value !== null}
      title={value?.title}
      onOk={onClose}
      onCancel={onClose}
      okText="我已记下"
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {value && (
        <>
          <Alert
            type="warning"
            showIcon
            title="临时密码只显示这一次，关闭后无法再次查看。请通过安全渠道交给本人，首次登录时须修改密码。"
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="用户名">{value.username}</Descriptions.Item>
            <Descriptions.Item label="姓名">{value.displayName}</Descriptions.Item>
            <Descriptions.Item label="临时密码">
              <Typography.Text code copyable={{ text: value.password, tooltips: ['复制', '已复制'] }} data-testid="temporary-password">
                {value.password}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}
