import { Card, Empty, Flex, List, Space, Statistic, Tag, Typography } from 'antd';
import { useRefusalCounts } from '../../api/audit';
import { formatBeijing } from '../../lib/time';

const codeLabels: Record<string, string> = {
  UNAUTHENTICATED: '未登录或会话已过期',
  FORBIDDEN: '无权操作',
  RATE_LIMITED: '请求过于频繁',
  LOGIN_FAILED: '登录失败',
  TOTP_REQUIRED: '需要动态验证码',
  TOTP_INVALID: '动态验证码错误',
  SESSION_EXPIRED: '会话已过期',
  CSRF_FAILED: '跨站请求校验失败',
  PASSWORD_CHANGE_REQUIRED: '须先修改密码',
  TOTP_ENROLMENT_REQUIRED: '须先绑定双因素认证',
  ACCOUNT_DISABLED: '账户已停用',
};

/**
 * For the security administrator and the auditor: the requests the server refused since it started
 * (issue 7 §6). Refusals are not journaled (the journal records acts, not noise); this is where a
 * person sees probing — which accounts are refused most, on which routes.
 */
export function RefusalsCard() {
  const counts = useRefusalCounts();
  const c = counts.data;
  return (
    <Card title="被拒绝的请求" loading={counts.isPending} data-testid="refusals-card">
      {c && (
        <>
          <Statistic title={`自 ${formatBeijing(c.since, 'MM-DD HH:mm')} 起`} value={c.total} suffix="次" />
          <Space wrap size={4} style={{ margin: '8px 0 16px' }}>
            {Object.entries(c.byCode).map(([code, n]) => (
              <Tag key={code}>
                {codeLabels[code] ?? code}：{n}
              </Tag>
            ))}
          </Space>
          {c.byActor.length === 0 && c.byRoute.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无被拒绝的请求" />
          ) : (
            <>
              <Typography.Title level={5}>被拒绝最多的账户</Typography.Title>
              <List
                size="small"
                dataSource={c.byActor.slice(0, 5)}
                locale={{ emptyText: '无（均为未登录的请求）' }}
                renderItem={(a) => (
                  <List.Item>
                    <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                      <span>
                        {a.username}
                        <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                          最近 {formatBeijing(a.lastAt, 'MM-DD HH:mm')}
                        </Typography.Text>
                      </span>
                      <span>{a.count} 次</span>
                    </Flex>
                  </List.Item>
                )}
              />
              <Typography.Title level={5}>被拒绝最多的接口</Typography.Title>
              <List
                size="small"
                dataSource={c.byRoute.slice(0, 5)}
                renderItem={(r) => (
                  <List.Item>
                    <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                      <span>
                        <Typography.Text code>{`${r.method} ${r.route}`}</Typography.Text> {codeLabels[r.code] ?? r.code}
                      </span>
                      <span style={{ whiteSpace: 'nowrap' }}>{r.count} 次</span>
                    </Flex>
                  </List.Item>
                )}
              />
            </>
          )}
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0, marginTop: 8, fontSize: 12 }}>
            每台服务器各自计数，重启后清零；详细记录见服务器日志。登录失败与账户锁定另记入审计日志。
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
