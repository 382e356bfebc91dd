// The app frame: navigation, PBX link state, the user menu.
import {
  BarChartOutlined,
  BookOutlined,
  DownOutlined,
  FileTextOutlined,
  KeyOutlined,
  LogoutOutlined,
  PhoneOutlined,
  SettingOutlined,
  TranslationOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Button, Layout, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { useMessage } from '../lib/message';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { MeDto } from '../../../shared/api';
import { formatCalendarDate } from '../../../shared/datetime';
import { ROLE_LABELS } from '../../../shared/domain';
import { useLogout } from '../api/auth';
import { useCalendarStatus } from '../api/calendar';
import { useHandoverReminder } from '../api/reports';
import { monthLabel } from '../lib/months';
import { useI18n } from '../lib/i18n';
import { useMailLink, usePbxLink, useSocketEvent } from '../realtime/socket';
import { StatusDot } from '../components/light';
import { ActionMenu, NavMenu, type NavItem } from './NavMenu';

const { Header, Sider, Content } = Layout;

const PasswordDialog = lazy(() =>
  import('../components/password/PasswordDialog').then((m) => ({ default: m.PasswordDialog })),
);

export function Shell({ me, children }: { me: MeDto; children: ReactNode }) {
  const { t, label, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const { message } = useMessage();
  const [changingPassword, setChangingPassword] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const [userMenu, setUserMenu] = useState(false);
  useSocketEvent('notice', (n) => void message.open({ type: n.level, content: n.message, duration: 8 }));

  const items: NavItem[] = [
    { key: '/desk', icon: <PhoneOutlined />, label: t('nav.desk') },
    { key: '/journal', icon: <BookOutlined />, label: t('nav.journal') },
    { key: '/calls', icon: <UnorderedListOutlined />, label: t('shell.nav.calls') },
    { key: '/stats', icon: <BarChartOutlined />, label: t('nav.stats') },
    { key: '/reports', icon: <FileTextOutlined />, label: t('nav.reports') },
    ...(me.user.role === 'admin'
      ? [
          {
            key: 'admin',
            icon: <SettingOutlined />,
            label: t('nav.admin'),
            children: [
              { key: '/admin/users', label: t('nav.admin.users') },
              { key: '/admin/organizations', label: t('nav.admin.organizations') },
              { key: '/admin/calendar', label: t('nav.admin.calendar') },
            ],
          },
        ]
      : []),
  ];
  const selected = location.pathname.startsWith('/admin') ? location.pathname : '/' + location.pathname.split('/')[1];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={232}
        theme="light"
        breakpoint="lg"
        collapsedWidth={64}
        onCollapse={setCollapsed}
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, lineHeight: 1.3 }}>
          <span style={{ color: '#1677ff' }}>callog</span>
          <div style={{ fontWeight: 400, fontSize: 12, color: '#8c8c8c' }}>{t('app.title')}</div>
        </div>
        <nav aria-label={t('app.title')}>
          <NavMenu items={items} selected={selected} collapsed={collapsed} onNavigate={(key) => void navigate(key)} />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: 16,
          }}
        >
          <PbxIndicator demo={me.demo} />
          <MailIndicator />
          <Popover
            trigger="click"
            placement="bottomRight"
            arrow={false}
            open={userMenu}
            onOpenChange={setUserMenu}
            styles={{ container: { padding: 4 } }}
            content={
              <ActionMenu
                onDone={() => setUserMenu(false)}
                items={[
                  {
                    key: 'lang',
                    icon: <TranslationOutlined />,
                    label: t('user.language'),
                    onClick: () => setLocale(locale === 'ru' ? 'en' : 'ru'),
                  },
                  {
                    key: 'password',
                    icon: <KeyOutlined />,
                    label: t('password.change'),
                    onClick: () => setChangingPassword(true),
                  },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('user.logout'),
                    divided: true,
                    onClick: () => logout.mutate(undefined, { onSettled: () => void navigate('/login') }),
                  },
                ]}
              />
            }
          >
            <Button type="text" data-testid="user-menu">
              <Space>
                <UserOutlined />
                <span>{me.user.fullName}</span>
                <Typography.Text type="secondary">{label(ROLE_LABELS, me.user.role)}</Typography.Text>
                <DownOutlined />
              </Space>
            </Button>
          </Popover>
          {changingPassword && (
            <Suspense fallback={null}>
              <PasswordDialog
                onClose={() => setChangingPassword(false)}
                onDone={() => {
                  setChangingPassword(false);
                  void message.success(t('password.changed'));
                }}
              />
            </Suspense>
          )}
        </Header>
        <Content style={{ padding: 24, background: '#f5f6f8' }}>
          {me.user.role !== 'specialist' && <CalendarWarning admin={me.user.role === 'admin'} />}
          <HandoverReminder />
          {children}
        </Content>
      </Layout>
    </Layout>
  );
}

function PbxIndicator({ demo }: { demo: boolean }) {
  const { t } = useI18n();
  const { state, text, detail } = usePbxLink();
  const color = state === 'up' ? 'success' : state === 'connecting' ? 'processing' : 'error';
  return (
    <Space size={8} data-testid="pbx-status" data-state={state}>
      {demo && <Tag color="purple">{t('common.demo')}</Tag>}
      <Tooltip title={detail}>
        <span>
          <StatusDot status={color} text={text} />
        </span>
      </Tooltip>
    </Space>
  );
}

function MailIndicator() {
  const { state, text, detail } = useMailLink();
  const color =
    state === 'up' ? 'success' : state === 'connecting' ? 'processing' : state === 'off' ? 'default' : 'error';
  return (
    <Tooltip title={detail}>
      <span data-testid="mail-status" data-state={state}>
        <StatusDot status={color} text={text} />
      </span>
    </Tooltip>
  );
}

/** The head and admins see when a coming year's production calendar is not in callog. */
function CalendarWarning({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const status = useCalendarStatus(true);
  const navigate = useNavigate();
  const years = status.data?.missingYears ?? [];
  if (years.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable
      data-testid="calendar-warning"
      style={{ marginBottom: 16 }}
      message={t('shell.calendar.missing', { years: years.join(t('shell.calendar.and')) })}
      description={t(admin ? 'shell.calendar.admin' : 'shell.calendar.others')}
      action={
        admin ? (
          <Button size="small" onClick={() => void navigate('/admin/calendar')}>
            {t('shell.calendar.open')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Reglament: by the 10th each specialist hands last month's signed journal to the head; after it the head sees who is late. */
function HandoverReminder() {
  const { t, locale } = useI18n();
  const r = useHandoverReminder().data;
  const navigate = useNavigate();
  const location = useLocation();
  if (!r || r.kind === 'none') return null;
  const open =
    location.pathname === '/reports' ? undefined : (
      <Button size="small" onClick={() => void navigate('/reports')}>
        {t('shell.handover.toReports')}
      </Button>
    );
  if (r.kind === 'specialist') {
    return (
      <Alert
        type={r.overdue ? 'error' : 'info'}
        showIcon
        closable
        data-testid="handover-reminder"
        style={{ marginBottom: 16 }}
        message={t(r.overdue ? 'shell.handover.overdue' : 'shell.handover.due', {
          month: monthLabel(r.month, locale),
          date: formatCalendarDate(r.dueDate),
        })}
        description={t('shell.handover.howTo')}
        action={open}
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      closable
      data-testid="handover-reminder"
      style={{ marginBottom: 16 }}
      message={t('shell.handover.late', {
        month: monthLabel(r.month, locale),
        date: formatCalendarDate(r.dueDate),
        names: r.late.map((l) => l.specialistName).join(', '),
      })}
      action={open}
    />
  );
}
