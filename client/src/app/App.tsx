// Providers (antd locale, queries, i18n, realtime) and the routes.
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { MeDto } from '../../../shared/api';
import { useMe } from '../api/auth';
import { I18nProvider, useI18n } from '../lib/i18n';
import { DeskPage } from '../pages/desk/DeskPage';
import { LoginPage } from '../pages/login/LoginPage';
import { DraftsProvider } from '../realtime/drafts';
import { RealtimeProvider } from '../realtime/socket';
import { DraftPopup } from '../components/draft/DraftPopup';
import { ChangePasswordPage } from '../pages/login/ChangePasswordPage';
import { Shell } from './Shell';

// Pages beyond the desk load when first opened: the login page and the desk come up fast, and the
// charts library is fetched only with the statistics.
const JournalPage = lazy(() => import('../pages/journal/JournalPage').then((m) => ({ default: m.JournalPage })));
const CallsPage = lazy(() => import('../pages/calls/CallsPage').then((m) => ({ default: m.CallsPage })));
const StatsPage = lazy(() => import('../pages/stats/StatsPage').then((m) => ({ default: m.StatsPage })));
const WallboardPage = lazy(() =>
  import('../pages/wallboard/WallboardPage').then((m) => ({ default: m.WallboardPage })),
);
const ReportsPage = lazy(() => import('../pages/reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const AdminUsersPage = lazy(() => import('../pages/admin/AdminUsersPage').then((m) => ({ default: m.AdminUsersPage })));
const AdminOrganizationsPage = lazy(() =>
  import('../pages/admin/AdminOrganizationsPage').then((m) => ({ default: m.AdminOrganizationsPage })),
);
const AdminCalendarPage = lazy(() =>
  import('../pages/admin/AdminCalendarPage').then((m) => ({ default: m.AdminCalendarPage })),
);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

export function App() {
  return (
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <Localized>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/*" element={<Authenticated />} />
            </Routes>
          </BrowserRouter>
        </Localized>
      </QueryClientProvider>
    </I18nProvider>
  );
}

function Localized({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'ru' ? 'ru' : 'en');
  return (
    <ConfigProvider locale={locale === 'ru' ? ruRU : enUS} theme={{ token: { borderRadius: 6 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Authenticated() {
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();

  useEffect(() => {
    const onUnauth = () => qc.setQueryData(['me'], null);
    window.addEventListener('callog:unauthenticated', onUnauth);
    return () => window.removeEventListener('callog:unauthenticated', onUnauth);
  }, [qc]);

  if (me.isLoading) {
    return <Spin fullscreen />;
  }
  if (!me.data) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  // A generated password (the first admin's) is replaced before anything else opens.
  if (me.data.mustChangePassword) return <ChangePasswordPage me={me.data} />;
  const isAdmin = me.data.user.role === 'admin';
  return (
    <RealtimeProvider userId={me.data.user.id}>
      <DraftsProvider userId={me.data.user.id}>
        <Routes>
          {/* The wall screen: the whole window, no menu. */}
          <Route
            path="/wallboard"
            element={
              <Suspense fallback={<Spin fullscreen />}>
                <WallboardPage />
              </Suspense>
            }
          />
          <Route path="*" element={<ShellRoutes me={me.data} isAdmin={isAdmin} />} />
        </Routes>
        <DraftPopup />
      </DraftsProvider>
    </RealtimeProvider>
  );
}

function ShellRoutes({ me, isAdmin }: { me: MeDto; isAdmin: boolean }) {
  return (
    <Shell me={me}>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
        <Routes>
          <Route path="/" element={<Navigate to="/desk" replace />} />
          <Route path="/desk" element={<DeskPage />} />
          <Route path="/journal" element={<JournalPage />} />
          <Route path="/calls" element={<CallsPage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          {isAdmin && <Route path="/admin/users" element={<AdminUsersPage />} />}
          {isAdmin && <Route path="/admin/organizations" element={<AdminOrganizationsPage />} />}
          {isAdmin && <Route path="/admin/calendar" element={<AdminCalendarPage />} />}
          <Route path="*" element={<Navigate to="/desk" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
