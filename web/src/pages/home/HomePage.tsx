import { Card, Col, Descriptions, List, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useAuditEvents } from '../../api/audit';
import { useMe } from '../../api/auth';
import type { UserView } from '../../api/types';
import { navFor } from '../../components/AppLayout';
import { RoleTags } from '../../components/RoleTags';
import { can } from '../../lib/access';
import { formatBeijing } from '../../lib/time';
import { RefusalsCard } from './RefusalsCard';
import { TodoCard } from './TodoCard';

function greeting(): string {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', timeZone: 'Asia/Shanghai' }).format());
  if (hour < 6) return '凌晨好';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 19) return '下午好';
  return '晚上好';
}

/** Own recent activity, from the audit log: readable by auditors only (三员分立). */
function RecentActivity({ user }: { user: UserView }) {
  const events = useAuditEvents({ actor: user.username });
  const items = events.data?.pages.flatMap((p) => p.items).slice(0, 6) ?? [];
  return (
    <List
      loading={events.isPending}
      dataSource={items}
      locale={{ emptyText: '暂无近期活动' }}
      renderItem={(event) => (
        <List.Item>
          <List.Item.Meta
            title={event.actionLabel || event.action}
            description={`${formatBeijing(event.occurredAt)}${event.clientIp ? ` · ${event.clientIp}` : ''}`}
          />
        </List.Item>
      )}
    />
  );
}

export default function HomePage() {
  const { data: user } = useMe();
  if (!user) return null;
  const shortcuts = navFor(user).filter((entry) => entry.key !== '/');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card data-testid="welcome-card">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {greeting()}，{user.displayName}
          </Typography.Title>
          <Typography.Paragraph type="secondary">欢迎使用三项制度行政执法工作台。</Typography.Paragraph>
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
            <Descriptions.Item label="角色">
              <RoleTags roles={user.roles} />
            </Descriptions.Item>
            <Descriptions.Item label="所属机关">{user.agencyName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="管辖区域">
              {user.jurisdictionName ?? '—'}
              {user.jurisdictionCode && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {user.jurisdictionCode}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="双因素认证">
              {user.totpEnabled ? <Tag color="green">已启用</Tag> : <Tag>未启用</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="账户创建时间">{formatBeijing(user.createdAt, 'YYYY-MM-DD')}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        {can(user, 'actOnCases') && (
          <div style={{ marginBottom: 16 }}>
            <TodoCard />
          </div>
        )}
        <Card title="常用功能" style={{ marginBottom: 16 }}>
          <List
            size="small"
            dataSource={shortcuts}
            renderItem={(entry) => (
              <List.Item>
                <Link to={entry.key}>
                  {entry.icon}
                  <span style={{ marginInlineStart: 8 }}>{entry.label}</span>
                </Link>
              </List.Item>
            )}
          />
        </Card>
        {can(user, 'readRefusals') && (
          <div style={{ marginBottom: 16 }}>
            <RefusalsCard />
          </div>
        )}
        {can(user, 'readAudit') ? (
          <Card title="近期活动">
            <RecentActivity user={user} />
          </Card>
        ) : (
          <Card title="账户安全提示">
            {user.totpEnabled ? (
              <Typography.Text type="secondary">已启用双因素认证，登录时需输入动态验证码。</Typography.Text>
            ) : (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                尚未启用双因素认证。建议在<Link to="/profile/security">账户安全</Link>中绑定身份验证器，防止密码泄露后账户被盗用。
              </Typography.Paragraph>
            )}
          </Card>
        )}
      </Col>
    </Row>
  );
}
