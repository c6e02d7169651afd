import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import type { UserView } from '../../api/types';
import { useResetPassword, useUnlockUser } from '../../api/users';
import { isFuture } from '../../lib/time';
import { type TemporaryPassword, TemporaryPasswordModal } from './components/TemporaryPasswordModal';
import { UserFormModal } from './components/UserFormModal';
import { UserTable } from './components/UserTable';

/** 用户管理 (system administrator): accounts, not roles of administrators, never the audit log. */
export default function UsersPage() {
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<UserView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [temporary, setTemporary] = useState<TemporaryPassword | null>(null);
  const reset = useResetPassword();
  const unlock = useUnlockUser();
  const { message } = App.useApp();

  const openCreate = () => {
    setEditing(null);
    setFormOpen(true);
  };

  const onReset = (user: UserView) =>
    reset.mutate(user.id, {
      onSuccess: ({ temporaryPassword }) =>
        setTemporary({
          title: '密码已重置',
          username: user.username,
          displayName: user.displayName,
          password: temporaryPassword,
        }),
      onError: (error) => message.error(errorMessage(error)),
    });

  const onUnlock = (user: UserView) =>
    unlock.mutate(user.id, {
      onSuccess: () => message.success(`已解锁 ${user.displayName}`),
      onError: (error) => message.error(errorMessage(error)),
    });

  return (
    <Card title="用户管理">
      <UserTable
        q={q}
        onSearch={setQ}
        actionsWidth={180}
        toolbar={
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
            新建用户
          </Button>
        }
        actions={(user) => (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              onClick={() => {
                setEditing(user);
                setFormOpen(true);
              }}
            >
              编辑
            </Button>
            <Popconfirm
              title="重置密码"
              description={`确定重置 ${user.displayName} 的密码？原密码将立即失效。`}
              okText="重置"
              cancelText="取消"
              onConfirm={() => onReset(user)}
            >
              <Button type="link" size="small">
                重置密码
              </Button>
            </Popconfirm>
            {isFuture(user.lockedUntil) && (
              <Button type="link" size="small" onClick={() => onUnlock(user)}>
                解锁
              </Button>
            )}
          </Space>
        )}
      />
      <UserFormModal
        open={formOpen}
        user={editing}
        onClose={() => setFormOpen(false)}
        onCreated={({ user, temporaryPassword }) => {
          setFormOpen(false);
          message.success(`已创建用户 ${user.displayName}`);
          setTemporary({
            title: '用户已创建',
            username: user.username,
            displayName: user.displayName,
            password: temporaryPassword,
          });
        }}
      />
      <TemporaryPasswordModal value={temporary} onClose={() => setTemporary(null)} />
    </Card>
  );
}
