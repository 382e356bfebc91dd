// Reports: the monthly Form No. 1 «Журнал специалиста» (PDF/XLSX) and its hand-over to the head.
import { CheckOutlined, FileExcelOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import { useMessage } from '../../lib/message';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { HandoverDto, HandoverState } from '../../../../shared/api';
import { formatDateTime, formatCalendarDate } from '../../../../shared/datetime';
import { ApiError } from '../../api/http';
import { downloadForm1, useHandovers, useMarkPrinted, useMarkReceived } from '../../api/reports';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { monthLabel } from '../../lib/months';
import { useSession } from '../../lib/session';
import '../../lib/messages/admin';

const STATE: Record<HandoverState, { color: string; text: MessageKey }> = {
  pending: { color: 'default', text: 'reports.handover.pending' },
  printed: { color: 'blue', text: 'reports.handover.printed' },
  received: { color: 'green', text: 'reports.handover.received' },
  late: { color: 'red', text: 'reports.handover.late' },
};

export function ReportsPage() {
  const { message } = useMessage();
  const { t, locale } = useI18n();
  const me = useSession();
  const tz = me.timeZone;
  const manager = me.user.role !== 'specialist';
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month').startOf('month'));
  const m = month.format('YYYY-MM');
  const [specialist, setSpecialist] = useState<number | null>(null);
  const [busy, setBusy] = useState<'pdf' | 'xlsx' | null>(null);
  const handovers = useHandovers(m);
  const printed = useMarkPrinted();
  const received = useMarkReceived();
  const finished = month.isBefore(dayjs().startOf('month'));

  const download = async (format: 'pdf' | 'xlsx') => {
    setBusy(format);
    try {
      await downloadForm1(m, manager ? specialist : null, format);
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const act = async (p: Promise<HandoverDto>, done: string) => {
    try {
      await p;
      void message.success(done);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : (e as Error).message);
    }
  };

  const who = (name: string | null, at: string | null) =>
    at ? (
      <>
        {formatDateTime(at, tz)}
        <div style={{ color: '#8c8c8c', fontSize: 12 }}>{name}</div>
      </>
    ) : (
      '—'
    );

  return (
    <>
      <PageHeader title={t('nav.reports')} />
      <Card title={t('reports.form1')} size="small" style={{ marginBottom: 16 }}>
        <Space wrap size={12} align="end">
          <div>
            <div style={{ marginBottom: 4 }}>{t('reports.month')}</div>
            <DatePicker
              picker="month"
              format="MMMM YYYY"
              allowClear={false}
              value={month}
              onChange={(v) => v && setMonth(v.startOf('month'))}
              disabledDate={(d) => d.isAfter(dayjs(), 'month')}
              data-testid="report-month"
            />
          </div>
          {manager && (
            <div>
              <div style={{ marginBottom: 4 }}>{t('reports.specialist')}</div>
              <Select<number | 'all'>
                style={{ width: 300 }}
                value={specialist ?? 'all'}
                onChange={(v) => setSpecialist(v === 'all' ? null : v)}
                options={[
                  { value: 'all', label: t('reports.wholeCentre') },
                  ...(handovers.data?.items ?? []).map((h) => ({ value: h.specialistId, label: h.specialistName })),
                ]}
                aria-label={t('reports.specialist')}
              />
            </div>
          )}
          <Button
            icon={<FilePdfOutlined />}
            type="primary"
            loading={busy === 'pdf'}
            onClick={() => void download('pdf')}
          >
            {t('reports.pdf')}
          </Button>
          <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')}>
            {t('reports.xlsx')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('reports.form1.note')}
        </Typography.Paragraph>
      </Card>

      <Card title={t('reports.handover.title', { month: monthLabel(m, locale) })} size="small">
        {!finished && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('reports.handover.notFinished')} />
        )}
        {handovers.error && <Alert type="error" showIcon message={handovers.error.message} />}
        <Table<HandoverDto>
          size="small"
          rowKey="specialistId"
          loading={handovers.isLoading}
          pagination={false}
          dataSource={handovers.data?.items ?? []}
          columns={[
            { title: t('reports.specialist'), dataIndex: 'specialistName' },
            { title: t('reports.handover.entries'), dataIndex: 'entries', width: 100, align: 'right' },
            {
              title: t('reports.handover.due'),
              dataIndex: 'dueDate',
              width: 110,
              render: (d: string) => formatCalendarDate(d),
            },
            {
              title: t('reports.handover.printed'),
              render: (_, h) => who(h.printedByName, h.printedAt),
            },
            {
              title: t('reports.handover.received'),
              render: (_, h) => who(h.receivedByName, h.receivedAt),
            },
            {
              title: t('reports.handover.state'),
              dataIndex: 'state',
              width: 190,
              render: (s: HandoverState) => (
                <Tag color={STATE[s].color} data-testid="handover-state">
                  {t(STATE[s].text)}
                </Tag>
              ),
            },
            {
              width: 200,
              render: (_, h) => (
                <Space>
                  {h.specialistId === me.user.id && !h.printedAt && !h.receivedAt && me.user.role !== 'head' && (
                    <Button
                      size="small"
                      icon={<PrinterOutlined />}
                      disabled={!finished}
                      loading={printed.isPending}
                      onClick={() => void act(printed.mutateAsync(m), t('reports.handover.markedPrinted'))}
                    >
                      {t('reports.handover.printed')}
                    </Button>
                  )}
                  {manager && !h.receivedAt && (
                    <Button
                      size="small"
                      icon={<CheckOutlined />}
                      disabled={!finished}
                      loading={received.isPending}
                      onClick={() =>
                        void act(
                          received.mutateAsync({ month: m, specialistId: h.specialistId }),
                          t('reports.handover.accepted', { name: h.specialistName }),
                        )
                      }
                    >
                      {t('reports.handover.accept')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
