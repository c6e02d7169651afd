import { Button, Flex, Input, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../api/client';
import type { UserView } from '../../../api/types';
import { useUsers } from '../../../api/users';
import { AgencyCell, stickyTable, tableWidth } from '../../../components/lists/cells';
import { RoleTags } from '../../../components/RoleTags';
import { formatBeijing, isFuture } from '../../../lib/time';

export const userColumns: TableColumnsType<UserView> = [
  { title: '用户名', dataIndex: 'username', width: 130, fixed: 'left' },
  { title: '姓名', dataIndex: 'displayName', width: 100 },
  { title: '机构', dataIndex: 'agencyName', width: 150, render: (v: string | null) => <AgencyCell name={v} /> },
  { title: '角色', dataIndex: 'roles', width: 192, render: (_, user) => <RoleTags roles={user.roles} /> },
  {
    title: '状态',
    dataIndex: 'status',
    width: 70,
    render: (_, user) => (user.status === 'active' ? <Tag color="green">启用</Tag> : <Tag color="default">停用</Tag>),
  },
  {
    title: '锁定至',
    dataIndex: 'lockedUntil',
    width: 140,
    render: (_, user) =>
      isFuture(user.lockedUntil) ? (
        <Typography.Text type="danger">{formatBeijing(user.lockedUntil, 'YYYY-MM-DD HH:mm')}</Typography.Text>
      ) : (
        '—'
      ),
  },
  {
    title: '双因素',
    dataIndex: 'totpEnabled',
    width: 90,
    render: (_, user) =>
      user.totpEnabled ? (
        <Tag color="green">已启用</Tag>
      ) : user.mustEnrolTotp ? (
        <Tooltip title="安全策略要求该用户启用双因素认证">
          <Tag color="orange">待绑定</Tag>
        </Tooltip>
      ) : (
        <Tag>未启用</Tag>
      ),
  },
];

interface Props {
  q: string;
  onSearch: (q: string) => void;
  actions: (user: UserView) => ReactNode;
  actionsWidth: number;
  toolbar?: ReactNode;
}

/** Users searched by `q` and paged by cursor, with a trailing 操作 column. */
export function UserTable({ q, onSearch, actions, actionsWidth, toolbar }: Props) {
  const users = useUsers(q);
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<UserView> = [
    ...userColumns,
    { title: '操作', key: 'actions', width: actionsWidth, fixed: 'right', render: (_, user) => actions(user) },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="搜索用户名或姓名"
          allowClear
          defaultValue={q}
          onSearch={(value) => onSearch(value.trim())}
          style={{ maxWidth: 320 }}
          enterButton="搜索"
        />
        {toolbar}
      </Flex>
      {users.isError && <Typography.Paragraph type="danger">{errorMessage(users.error)}</Typography.Paragraph>}
      <Table<UserView>
        rowKey="id"
        size="middle"
        loading={users.isPending || (users.isFetching && !users.isFetchingNextPage)}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: tableWidth(columns) }}
        sticky={stickyTable}
        locale={{ emptyText: q ? '没有匹配的用户' : '暂无用户' }}
      />
      <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">已显示 {rows.length} 个用户</Typography.Text>
        {users.hasNextPage && (
          <Button onClick={() => users.fetchNextPage()} loading={users.isFetchingNextPage}>
            加载更多
          </Button>
        )}
      </Flex>
    </>
  );
}
