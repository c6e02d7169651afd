import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { NotFound } from './components/Forbidden';
import { RequireAuth, RequireCapability, RequireListAccess } from './components/guards';
import { Root } from './components/Root';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const PasswordPage = lazy(() => import('./pages/password/PasswordPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const RolesPage = lazy(() => import('./pages/admin/RolesPage'));
const PolicyPage = lazy(() => import('./pages/admin/PolicyPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const SecurityPage = lazy(() => import('./pages/profile/SecurityPage'));
const AgenciesPage = lazy(() => import('./pages/org/AgenciesPage'));
const OfficersPage = lazy(() => import('./pages/org/OfficersPage'));
const WindowsPage = lazy(() => import('./pages/org/WindowsPage'));
const ItemsPage = lazy(() => import('./pages/catalog/ItemsPage'));
const DiscretionPage = lazy(() => import('./pages/catalog/DiscretionPage'));
const ThreeListsPage = lazy(() => import('./pages/catalog/ThreeListsPage'));
const ReviewCatalogPage = lazy(() => import('./pages/catalog/ReviewCatalogPage'));
const AvDutiesPage = lazy(() => import('./pages/catalog/AvDutiesPage'));
const InspectionItemsPage = lazy(() => import('./pages/catalog/InspectionItemsPage'));
const ConfirmationsPage = lazy(() => import('./pages/supervision/ConfirmationsPage'));
const DashboardPage = lazy(() => import('./pages/supervision/DashboardPage'));
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage'));
const TodoPage = lazy(() => import('./pages/cases/TodoPage'));
const LedgerPage = lazy(() => import('./pages/cases/LedgerPage'));
const NewCasePage = lazy(() => import('./pages/cases/NewCasePage'));
const CasePage = lazy(() => import('./pages/cases/CasePage'));
const PartyPage = lazy(() => import('./pages/cases/PartyPage'));
const CapturePage = lazy(() => import('./pages/cases/CapturePage'));
const DevicesPage = lazy(() => import('./pages/cases/DevicesPage'));
const TemplatesPage = lazy(() => import('./pages/catalog/TemplatesPage'));

/** The list pages of issue 3: agency editors, the justice bureau and officers (read-only) may open them. */
const listPages = [
  ['/org/agencies', <AgenciesPage key="agencies" />],
  ['/org/officers', <OfficersPage key="officers" />],
  ['/org/service-windows', <WindowsPage key="windows" />],
  ['/catalog/items', <ItemsPage key="items" />],
  ['/catalog/discretion-standards', <DiscretionPage key="discretion" />],
  ['/catalog/three-lists', <ThreeListsPage key="three" />],
  ['/catalog/review-catalog', <ReviewCatalogPage key="review" />],
  ['/catalog/av-duties', <AvDutiesPage key="av" />],
  ['/catalog/inspection-items', <InspectionItemsPage key="inspection" />],
] as const;

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: '/password', element: <PasswordPage /> },
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomePage /> },
              {
                path: '/admin/users',
                element: (
                  <RequireCapability need="manageAccounts">
                    <UsersPage />
                  </RequireCapability>
                ),
              },
              {
                path: '/admin/roles',
                element: (
                  <RequireCapability need="managePolicy">
                    <RolesPage />
                  </RequireCapability>
                ),
              },
              {
                path: '/admin/policy',
                element: (
                  <RequireCapability need="managePolicy">
                    <PolicyPage />
                  </RequireCapability>
                ),
              },
              {
                path: '/audit',
                element: (
                  <RequireCapability need="readAudit">
                    <AuditPage />
                  </RequireCapability>
                ),
              },
              ...listPages.map(([path, page]) => ({ path, element: <RequireListAccess>{page}</RequireListAccess> })),
              {
                path: '/document-templates',
                element: (
                  <RequireCapability need="readCases">
                    <TemplatesPage />
                  </RequireCapability>
                ),
              },
              {
                path: '/supervision/confirmations',
                element: (
                  <RequireCapability need="supervise">
                    <ConfirmationsPage />
                  </RequireCapability>
                ),
              },
              {
                path: '/supervision/dashboard',
                element: (
                  <RequireCapability need="supervise">
                    <DashboardPage />
                  </RequireCapability>
                ),
              },
              // 执法案件 (issue 8 §13): the agency's staff read cases, officers open them; the bureau reads across agencies
              ...(
                [
                  ['/cases/todo', <TodoPage key="todo" />],
                  ['/cases', <LedgerPage key="ledger" />],
                  ['/cases/:id', <CasePage key="case" />],
                  ['/parties/:id', <PartyPage key="party" />],
                  // 执法记录设备 (issue 9 §3): the head registers and hands over, the others read
                  ['/devices', <DevicesPage key="devices" />],
                ] as const
              ).map(([path, page]) => ({ path, element: <RequireCapability need="readCases">{page}</RequireCapability> })),
              // 现场采集 (issue 9 §9): officers on site take photos, video and recordings into a case
              {
                path: '/cases/:id/capture',
                element: (
                  <RequireCapability need="openCases">
                    <CapturePage />
                  </RequireCapability>
                ),
              },
              {
                path: '/cases/new',
                element: (
                  <RequireCapability need="openCases">
                    <NewCasePage />
                  </RequireCapability>
                ),
              },
              // 规则设置: any signed-in account reads its jurisdiction's settings; the bureau sets them (manageSettings)
              { path: '/settings', element: <SettingsPage /> },
              { path: '/profile/security', element: <SecurityPage /> },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
