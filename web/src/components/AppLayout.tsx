import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  ControlOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  IdcardOutlined,
  LockOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Layout, Menu, type MenuProps, Typography } from 'antd';
import { type ReactNode, Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import type { UserView } from '../api/types';
import { type Capability, can, listAccess } from '../lib/access';
import { PageLoading } from './PageLoading';
import { RoleTags } from './RoleTags';

const { Header, Sider, Content } = Layout;

type MenuItem = Required<MenuProps>['items'][number];

export interface NavEntry {
  key: string;
  icon: ReactNode;
  label: string;
  /** Menu group the entry sits under (see `groups`). */
  group?: GroupKey;
}

type GroupKey = 'security' | 'org' | 'catalog' | 'bureau' | 'cases';

const groups: Record<GroupKey, { icon: ReactNode; label: string }> = {
  security: { icon: <SafetyCertificateOutlined />, label: '角色与安全策略' },
  org: { icon: <BankOutlined />, label: '主体与人员' },
  catalog: { icon: <AppstoreOutlined />, label: '执法事项目录' },
  bureau: { icon: <AlertOutlined />, label: '司法局监督' },
  cases: { icon: <FolderOpenOutlined />, label: '执法案件' },
};

/** The lists of issue 3: agency editors keep their own, the justice bureau confirms, officers read. */
export const orgEntries: NavEntry[] = [
  { key: '/org/agencies', icon: <BankOutlined />, label: '执法主体', group: 'org' },
  { key: '/org/officers', icon: <IdcardOutlined />, label: '执法人员', group: 'org' },
  { key: '/org/service-windows', icon: <ShopOutlined />, label: '窗口公示', group: 'org' },
];
export const catalogEntries: NavEntry[] = [
  { key: '/catalog/items', icon: <AppstoreOutlined />, label: '执法事项', group: 'catalog' },
  { key: '/catalog/discretion-standards', icon: <AppstoreOutlined />, label: '裁量基准', group: 'catalog' },
  { key: '/catalog/three-lists', icon: <AppstoreOutlined />, label: '三张清单', group: 'catalog' },
  { key: '/catalog/review-catalog', icon: <AppstoreOutlined />, label: '法制审核目录', group: 'catalog' },
  { key: '/catalog/av-duties', icon: <AppstoreOutlined />, label: '音像记录事项', group: 'catalog' },
  { key: '/catalog/inspection-items', icon: <AppstoreOutlined />, label: '随机抽查事项', group: 'catalog' },
];
export const bureauEntries: NavEntry[] = [
  { key: '/supervision/confirmations', icon: <CheckSquareOutlined />, label: '待确认变更', group: 'bureau' },
  { key: '/supervision/dashboard', icon: <DashboardOutlined />, label: '司法局看板', group: 'bureau' },
];

/** Pages the user may open; follows the roles (三员分立: each administrator sees only their own area). */
export function navFor(user: UserView): NavEntry[] {
  const has = (cap: Capability) => can(user, cap);
  const entries: NavEntry[] = [{ key: '/', icon: <DesktopOutlined />, label: '工作台' }];
  const access = listAccess(user);
  if (access.isBureau) entries.push(...bureauEntries);
  // issue 8 §13: cases for the agency's staff (officers open them), read-only across agencies for the bureau
  if (has('readCases')) {
    if (has('actOnCases')) entries.push({ key: '/cases/todo', icon: <ScheduleOutlined />, label: '我的待办', group: 'cases' });
    entries.push({ key: '/cases', icon: <FileSearchOutlined />, label: '案件台账', group: 'cases' });
    if (has('openCases')) entries.push({ key: '/cases/new', icon: <FileAddOutlined />, label: '登记案件', group: 'cases' });
    entries.push({ key: '/devices', icon: <VideoCameraOutlined />, label: '执法记录设备', group: 'cases' });
    entries.push({ key: '/document-templates', icon: <FileSearchOutlined />, label: '文书模板', group: 'cases' });
  }
  if (access.canView) entries.push(...orgEntries, ...catalogEntries);
  if (has('manageAccounts')) entries.push({ key: '/admin/users', icon: <TeamOutlined />, label: '用户管理' });
  if (has('managePolicy')) {
    entries.push({ key: '/admin/roles', icon: <UserSwitchOutlined />, label: '角色分配', group: 'security' });
    entries.push({ key: '/admin/policy', icon: <SettingOutlined />, label: '安全策略', group: 'security' });
  }
  if (has('readAudit')) entries.push({ key: '/audit', icon: <AuditOutlined />, label: '审计日志' });
  // jurisdiction settings (time limits, amounts, case-number format): read by the business roles, set by the bureau
  if (access.canView || has('manageSettings')) entries.push({ key: '/settings', icon: <ControlOutlined />, label: '规则设置' });
  entries.push({ key: '/profile/security', icon: <LockOutlined />, label: '账户安全' });
  return entries;
}

/** The sider menu: entries of one group (security, lists, justice bureau) sit under one submenu. */
function menuFor(user: UserView): MenuItem[] {
  const entries = navFor(user);
  const item = ({ key, icon, label }: NavEntry): MenuItem => ({ key, icon, label });
  const items: MenuItem[] = [];
  const seen = new Set<GroupKey>();
  for (const entry of entries) {
    if (!entry.group) items.push(item(entry));
    else if (!seen.has(entry.group)) {
      seen.add(entry.group);
      const children = entries.filter((e) => e.group === entry.group).map(item);
      items.push({ key: entry.group, ...groups[entry.group], children });
    }
  }
  return items;
}

const openGroups: GroupKey[] = ['cases', 'security', 'org', 'catalog', 'bureau'];

export function AppLayout() {
  const { data: user } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const { message } = App.useApp();
  const [collapsed, setCollapsed] = useState(false);
  const items = useMemo(() => (user ? menuFor(user) : []), [user]);

  if (!user) return null;

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => message.success('已退出登录'),
      onError: (error) => message.error(errorMessage(error)),
      onSettled: () => navigate('/login', { replace: true }),
    });

  const selected = location.pathname === '/' ? '/' : location.pathname.replace(/\/$/, '');

  return (
    <Layout style={{ minHeight: '100vh', background: '#001529' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={216}
        style={{ position: 'sticky', top: 0, height: '100vh' }}
      >
        <Flex
          align="center"
          justify="center"
          gap={8}
          style={{ height: 64, color: '#fff', fontSize: collapsed ? 18 : 17, fontWeight: 600, whiteSpace: 'nowrap' }}
        >
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && <span>三项制度工作台</span>}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={[selected]}
          defaultOpenKeys={openGroups}
          onClick={({ key }) => navigate(key)}
          data-testid="main-menu"
        />
      </Sider>
      <Layout style={{ background: '#f5f5f5' }}>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
            height: 64,
            lineHeight: 'normal',
          }}
        >
          <Flex align="center" justify="flex-end" gap={16} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <UserOutlined />
              <Typography.Text strong data-testid="user-name">
                {user.displayName}
              </Typography.Text>
              {(user.agencyName ?? user.jurisdictionName) && (
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }} data-testid="user-agency">
                  {user.agencyName ?? user.jurisdictionName}
                </Typography.Text>
              )}
            </Flex>
            <RoleTags roles={user.roles} />
            <Button icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending}>
              退出登录
            </Button>
          </Flex>
        </Header>
        <Content style={{ padding: 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
