import { Alert, App, Button, Card, Checkbox, Col, Divider, Modal, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useRoles } from '../../api/org';
import type { Role, UserView } from '../../api/types';
import { useSetRoles } from '../../api/users';
import { UserTable } from './components/UserTable';

function RolesEditor({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const { roles } = useRoles();
  const setRoles = useSetRoles();
  const { message } = App.useApp();
  const [value, setValue] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setValue(user?.roles ?? []);
    setError(null);
  }, [user]);

  const business = roles.filter((r) => !r.admin);
  const admin = roles.filter((r) => r.admin);

  const onOk = () => {
    if (!user) return;
    setRoles.mutate(
      { id: user.id, roles: value },
      {
        onSuccess: () => {
          message.success(`已更新 ${user.displayName} 的角色`);
          onClose();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  const group = (items: typeof roles) => (
    <Row gutter={[8, 8]}>
      {items.map((r) => (
        <Col span={12} key={r.role}>
          <Checkbox value={r.role}>{r.label}</Checkbox>
        </Col>
      ))}
    </Row>
  );

  return (
    <Modal
      open={user !== null}
      title={user ? `编辑角色：${user.displayName}（${user.username}）` : ''}
      okText="保存"
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={setRoles.isPending}
      destroyOnHidden
    >
      <Checkbox.Group value={value} onChange={(v) => setValue(v as Role[])} style={{ display: 'block' }}>
        <Divider titlePlacement="start" plain>
          业务角色
        </Divider>
        {group(business)}
        <Divider titlePlacement="start" plain>
          管理角色（三员分立）
        </Divider>
        {group(admin)}
      </Checkbox.Group>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        系统管理员、安全管理员、安全审计员三者互斥，同一用户不应兼任。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** 角色分配 (security administrator). */
export default function RolesPage() {
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<UserView | null>(null);
  return (
    <Card title="角色分配">
      <UserTable
        q={q}
        onSearch={setQ}
        actionsWidth={100}
        actions={(user) => (
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            编辑角色
          </Button>
        )}
      />
      <RolesEditor user={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
