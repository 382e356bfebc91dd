// Everything behind the login: the session, realtime, the shell with its pages, the call pop-up.
import { useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { MeDto } from '../../../shared/api';
import { useMe } from '../api/auth';
import { DeskPage } from '../pages/desk/DeskPage';
import { ChangePasswordPage } from '../pages/login/ChangePasswordPage';
import { DraftsProvider } from '../realtime/drafts';
import { RealtimeProvider } from '../realtime/socket';
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

// The call pop-up is fetched right after the desk is up (not before it shows): it is in the browser
// before the first call comes.
const loadPopup = () => import('../components/draft/DraftPopup').then((m) => ({ default: m.DraftPopup }));
const DraftPopup = lazy(loadPopup);

function PopupWhenReady() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => void loadPopup().then(() => setReady(true)), 0);
    return () => clearTimeout(t);
  }, []);
  return ready ? (
    <Suspense fallback={null}>
      <DraftPopup />
    </Suspense>
  ) : null;
}

export function Authenticated() {
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
        <PopupWhenReady />
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
