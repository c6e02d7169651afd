import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, List, Statistic, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { type TodoItem, useTodo } from '../../api/cases';
import { errorMessage } from '../../api/client';
import { useCan } from '../../components/guards';
import { DaysLeft, StateTag } from './components/cells';

/** One case waiting on the caller: what it is, who it concerns, the most urgent limit with its article. */
function TodoRow({ item }: { item: TodoItem }) {
  const c = item.case;
  const limit = item.limit;
  const approval = item.why.includes('审批');
  return (
    <List.Item data-testid="todo-item" style={{ display: 'block' }}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Link to={`/cases/${c.id}`} style={{ fontWeight: 500, wordBreak: 'break-word' }}>
            {c.title}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {c.number ?? '（未立案）'} · {c.procedureLabel} · 当事人：{c.partyNames || '—'}
            </Typography.Text>
          </div>
        </div>
        <Flex gap={4} wrap>
          {approval ? <Tag color="gold">{item.why}</Tag> : <Tag>{item.why}</Tag>}
          <StateTag state={c.state} label={c.stateLabel} />
        </Flex>
      </Flex>
      {limit ? (
        <div style={{ marginTop: 4 }}>
          <Typography.Text>
            {limit.label}：{limit.dueOn} 前（{limit.days} 个{limit.unitLabel}）
          </Typography.Text>{' '}
          <DaysLeft {...limit} />
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {limit.article}
          </Typography.Text>
        </div>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          无计时中的期限
        </Typography.Text>
      )}
    </List.Item>
  );
}

/** 我的待办 (issue 8 §8): the caller's open cases and the approvals waiting for them, most urgent first. */
export default function TodoPage() {
  const todo = useTodo();
  const navigate = useNavigate();
  const canOpen = useCan('openCases');
  const items = todo.data?.items ?? [];
  const approvals = items.filter((i) => i.why.includes('审批')).length;

  return (
    <Card
      title="我的待办"
      extra={
        canOpen && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
            登记案件
          </Button>
        )
      }
    >
      <Flex gap={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title="待办案件" value={items.length} suffix="件" loading={todo.isPending} />
        <Statistic
          title="已超期"
          value={todo.data?.overdue ?? 0}
          suffix="件"
          loading={todo.isPending}
          styles={{ content: { color: todo.data?.overdue ? '#cf1322' : undefined } }}
          data-testid="todo-overdue"
        />
        {approvals > 0 && <Statistic title="待本人审批" value={approvals} suffix="件" />}
        <Link to="/cases?overdue=1" style={{ alignSelf: 'flex-end', textDecoration: 'underline' }} data-testid="agency-overdue">
          本机关全部超期案件
        </Link>
      </Flex>
      {todo.isError && <Alert type="error" showIcon title={errorMessage(todo.error)} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        按最近到期的时限排序（今天：{todo.data?.today ?? '—'}）。期限按所列法条以工作日或自然日计算。
      </Typography.Paragraph>
      <List
        loading={todo.isPending}
        dataSource={items}
        rowKey={(i) => `${i.case.id}-${i.why}`}
        locale={{ emptyText: '暂无待办案件' }}
        renderItem={(item) => <TodoRow item={item} />}
        data-testid="todo-list"
      />
    </Card>
  );
}
