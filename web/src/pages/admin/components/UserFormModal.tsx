import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage, fieldErrors } from '../../../api/client';
import { useAgencies, useRoles } from '../../../api/org';
import type { Role, UserView } from '../../../api/types';
import { useCreateUser, useUpdateUser } from '../../../api/users';

interface UserFormValues {
  username: string;
  displayName: string;
  agencyId?: string | null;
  roles?: Role[];
  status?: UserView['status'];
}

export interface CreatedUser {
  user: UserView;
  temporaryPassword: string;
}

interface Props {
  open: boolean;
  /** null: create a user; otherwise edit this one. */
  user: UserView | null;
  onClose: () => void;
  onCreated: (created: CreatedUser) => void;
}

export function UserFormModal({ open, user, onClose, onCreated }: Props) {
  const [form] = Form.useForm<UserFormValues>();
  const agencies = useAgencies();
  const { roles } = useRoles();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [error, setError] = useState<string | null>(null);
  const editing = user !== null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        agencyId: user.agencyId,
        status: user.status,
      });
    }
  }, [open, user, form]);

  const onOk = async () => {
    const values = await form.validateFields();
    setError(null);
    try {
      if (user) {
        await update.mutateAsync({
          id: user.id,
          body: { displayName: values.displayName.trim(), agencyId: values.agencyId ?? null, status: values.status },
        });
        onClose();
      } else {
        const created = await create.mutateAsync({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          ...(values.agencyId ? { agencyId: values.agencyId } : {}),
          ...(values.roles && values.roles.length > 0 ? { roles: values.roles } : {}),
        });
        onCreated(created);
      }
    } catch (err) {
      setError(errorMessage(err));
      const known: readonly string[] = ['username', 'displayName', 'agencyId', 'roles', 'status'] satisfies (keyof UserFormValues)[];
      form.setFields(
        fieldErrors(err).flatMap((f) => (known.includes(f.name) ? [{ name: f.name as keyof UserFormValues, errors: f.errors }] : [])),
      );
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? `编辑用户：${user.username}` : '新建用户'}
      okText={editing ? '保存' : '创建'}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      forceRender
    >
      <Form<UserFormValues> form={form} layout="vertical" requiredMark="optional" style={{ marginTop: 16 }}>
        <Form.Item
          name="username"
          label="用户名"
          extra={editing ? '用户名创建后不可修改' : '用于登录：小写字母开头，3–32 位小写字母、数字、_ . -'}
          rules={[
            { required: true, whitespace: true, message: '请输入用户名' },
            { pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: '用户名为 3–32 位，以小写字母开头，可含小写字母、数字、_ . -' },
          ]}
        >
          <Input disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input autoComplete="off" count={{ max: 64 }} />
        </Form.Item>
        <Form.Item name="agencyId" label="所属机关">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="请选择所属机关"
            loading={agencies.isPending}
            options={(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          />
        </Form.Item>
        {!editing && (
          <Form.Item name="roles" label="角色" extra="系统管理员不能分配管理类角色，管理类角色由安全管理员分配">
            <Select
              mode="multiple"
              allowClear
              placeholder="请选择角色"
              options={roles.map((r) => ({ value: r.role, label: r.admin ? `${r.label}（管理）` : r.label }))}
            />
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="status" label="状态">
            <Radio.Group
              options={[
                { value: 'active', label: '启用' },
                { value: 'disabled', label: '停用' },
              ]}
            />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
