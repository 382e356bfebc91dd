// Providers (antd locale, queries, i18n, realtime) and the routes.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { I18nProvider, useI18n } from '../lib/i18n';
import { MessageProvider } from '../lib/message';
import { LoginPage } from '../pages/login/LoginPage';

// The login page comes up alone; the desk and everything behind the login load once signed in.
const Authenticated = lazy(() => import('./Authenticated').then((m) => ({ default: m.Authenticated })));

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
              <Route
                path="/*"
                element={
                  <Suspense fallback={<Spin fullscreen />}>
                    <Authenticated />
                  </Suspense>
                }
              />
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
      <MessageProvider>{children}</MessageProvider>
    </ConfigProvider>
  );
}
