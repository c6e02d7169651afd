import { Card, Flex, List, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { useTodo } from '../../api/cases';
import { errorMessage } from '../../api/client';
import { DaysLeft } from '../cases/components/cells';

/** 我的待办 on the workbench (issue 8 §8): how many, how many overdue, the five most urgent. */
export function TodoCard() {
  const todo = useTodo();
  const items = todo.data?.items ?? [];
  return (
    <Card title="我的待办" extra={<Link to="/cases/todo">全部</Link>} data-testid="home-todo">
      <Flex gap={32} style={{ marginBottom: 8 }}>
        <Statistic title="待办案件" value={items.length} suffix="件" loading={todo.isPending} />
        <Statistic
          title="已超期"
          value={todo.data?.overdue ?? 0}
          suffix="件"
          loading={todo.isPending}
          styles={{ content: { color: todo.data?.overdue ? '#cf1322' : undefined } }}
        />
      </Flex>
      {todo.isError && <Typography.Text type="danger">{errorMessage(todo.error)}</Typography.Text>}
      <List
        size="small"
        dataSource={items.slice(0, 5)}
        rowKey={(i) => `${i.case.id}-${i.why}`}
        locale={{ emptyText: '暂无待办案件' }}
        renderItem={(i) => (
          <List.Item style={{ display: 'block' }}>
            <Link to={`/cases/${i.case.id}`}>{i.case.title}</Link>
            <div style={{ fontSize: 13 }}>
              <Typography.Text type="secondary">{i.limit ? `${i.limit.label} ${i.limit.dueOn} · ` : `${i.why} · `}</Typography.Text>
              {i.limit ? <DaysLeft {...i.limit} /> : <Typography.Text type="secondary">{i.case.stateLabel}</Typography.Text>}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
