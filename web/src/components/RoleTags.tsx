import { Space, Tag, Typography } from 'antd';
import { useRoles } from '../api/org';
import { adminRoleSet, type Role, roleLabels } from '../api/types';

const adminColors: Record<string, string> = {
  system_admin: 'volcano',
  security_admin: 'gold',
  auditor: 'purple',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { roles: catalogue } = useRoles();
  if (roles.length === 0) return <Typography.Text type="secondary">无角色</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {roles.map((role) => (
        <Tag key={role} color={adminRoleSet.has(role) ? adminColors[role] : 'blue'}>
          {catalogue.find((r) => r.role === role)?.label ?? roleLabels[role] ?? role}
        </Tag>
      ))}
    </Space>
  );
}
