// Providers (antd locale, queries, i18n, realtime) and the routes.
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from '../api/auth';
import { I18nProvider, useI18n } from '../lib/i18n';
import { AdminCalendarPage } from '../pages/admin/AdminCalendarPage';
import { AdminOrganizationsPage } from '../pages/admin/AdminOrganizationsPage';
import { AdminUsersPage } from '../pages/admin/AdminUsersPage';
import { DeskPage } from '../pages/desk/DeskPage';
import { JournalPage } from '../pages/journal/JournalPage';
import { LoginPage } from '../pages/login/LoginPage';
import { ReportsPage } from '../pages/reports/ReportsPage';
import { StatsPage } from '../pages/stats/StatsPage';
import { DraftsProvider } from '../realtime/drafts';
import { RealtimeProvider } from '../realtime/socket';
import { DraftPopup } from '../components/draft/DraftPopup';
import { ChangePasswordPage } from '../pages/login/ChangePasswordPage';
import { Shell } from './Shell';

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
        <Shell me={me.data}>
          <Routes>
            <Route path="/" element={<Navigate to="/desk" replace />} />
            <Route path="/desk" element={<DeskPage />} />
            <Route path="/journal" element={<JournalPage />} />
            <Route path="/stats" element={<StatsPage />} />
            <Route path="/reports" element={<ReportsPage />} />
            {isAdmin && <Route path="/admin/users" element={<AdminUsersPage />} />}
            {isAdmin && <Route path="/admin/organizations" element={<AdminOrganizationsPage />} />}
            {isAdmin && <Route path="/admin/calendar" element={<AdminCalendarPage />} />}
            <Route path="*" element={<Navigate to="/desk" replace />} />
          </Routes>
        </Shell>
        <DraftPopup />
      </DraftsProvider>
    </RealtimeProvider>
  );
}
