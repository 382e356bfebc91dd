// Admin: upload a year's published production calendar (XML, XLSX or CSV), see what it changes, apply.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, InputNumber, Modal, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type {
  CalendarDayStateDto,
  CalendarImportChangeDto,
  CalendarImportPreviewDto,
  CalendarYearCountsDto,
} from '../../../../shared/api';
import { formatCalendarDate } from '../../../../shared/datetime';
import { CALENDAR_FILE_MAX_BYTES, previewCalendarImport, useApplyCalendarImport } from '../../api/calendar';
import { ApiError } from '../../api/http';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useMessage } from '../../lib/message';
import '../../lib/messages/calendar';

const KIND_COLOR: Record<CalendarDayStateDto['kind'], string> = {
  working: 'default',
  short: 'orange',
  weekend: 'default',
  holiday: 'red',
  transferred_day_off: 'volcano',
  override_day_off: 'purple',
};

/** "{n} days" with the values put in. */
const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

interface Refusal {
  title: string;
  lines: string[];
}

/** A refused file lists every problem the server found (one per line of its message). */
const refusalOf = (e: unknown, refused: string): Refusal =>
  e instanceof ApiError && e.code === 'calendar_file_invalid'
    ? { title: refused, lines: e.message.split('\n') }
    : { title: (e as Error).message, lines: [] };

export function CalendarImportModal({ initialYear, onClose }: { initialYear: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = useMessage();
  const apply = useApplyCalendarImport();
  const [year, setYear] = useState(initialYear);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CalendarImportPreviewDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const reset = () => {
    setPreview(null);
    setRefusal(null);
  };

  const pick = (f: File) => {
    reset();
    if (f.size > CALENDAR_FILE_MAX_BYTES) {
      setFile(null);
      setRefusal({ title: t('calendar.import.tooLarge'), lines: [] });
    } else {
      setFile(f);
    }
    return false;
  };

  const showDiff = async () => {
    if (!file) return;
    setLoading(true);
    reset();
    try {
      setPreview(await previewCalendarImport(year, file));
    } catch (e) {
      setRefusal(refusalOf(e, t('calendar.import.refused')));
    } finally {
      setLoading(false);
    }
  };

  const submit = async () => {
    if (!file || !preview) return;
    try {
      const r = await apply.mutateAsync({ year, file, token: preview.token });
      void message.success(
        fill(t(r.alreadyApplied ? 'calendar.import.appliedNothing' : 'calendar.import.applied'), {
          year,
          n: r.changed,
        }),
      );
      onClose();
    } catch (e) {
      setRefusal(refusalOf(e, t('calendar.import.refused')));
      // A stale preview: show the differences as they are now.
      if (e instanceof ApiError && e.status === 409) setPreview(null);
    }
  };

  return (
    <Modal
      open
      width={1000}
      title={t('calendar.import.title')}
      onCancel={onClose}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {preview ? (
            <Button type="primary" loading={apply.isPending} onClick={() => void submit()}>
              {t('calendar.import.apply')}
            </Button>
          ) : (
            <Button type="primary" disabled={!file} loading={loading} onClick={() => void showDiff()}>
              {t('calendar.import.preview')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={16} align="end" wrap>
          <label>
            <div style={{ marginBottom: 4 }}>{t('calendar.import.year')}</div>
            <InputNumber
              aria-label={t('calendar.import.year')}
              min={2000}
              max={2100}
              value={year}
              onChange={(v) => {
                if (v) setYear(v);
                reset();
              }}
              data-testid="calendar-import-year"
            />
          </label>
          <div>
            <div style={{ marginBottom: 4 }}>{t('calendar.import.file')}</div>
            <Upload accept=".xml,.xlsx,.csv" showUploadList={false} beforeUpload={pick} maxCount={1}>
              <Button icon={<UploadOutlined />} data-testid="calendar-import-file">
                {file ? t('calendar.import.another') : t('calendar.import.pick')}
              </Button>
            </Upload>
          </div>
          {file && (
            <Typography.Text strong style={{ paddingBottom: 5 }}>
              {file.name}
              {preview && <Tag style={{ marginInlineStart: 8 }}>{preview.format.toUpperCase()}</Tag>}
            </Typography.Text>
          )}
        </Flex>
        {!preview && <Typography.Text type="secondary">{t('calendar.import.formats')}</Typography.Text>}
        {refusal && (
          <Alert
            type="error"
            showIcon
            data-testid="calendar-import-error"
            title={refusal.title}
            description={
              refusal.lines.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {refusal.lines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              )
            }
          />
        )}
        {preview && <ImportDiff preview={preview} />}
      </Flex>
    </Modal>
  );
}

/** A day's kind and hours as a coloured tag. */
function DayTag({ day }: { day: CalendarDayStateDto }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLOR[day.kind]} style={{ marginInlineEnd: 0 }}>
      {t(`calendar.kind.${day.kind}` as MessageKey)}
      {day.working && day.start && day.end ? `, ${day.start}–${day.end}` : ''}
    </Tag>
  );
}

/** The differences: what the calendar is now, the year's totals before and after, the changed days. */
function ImportDiff({ preview }: { preview: CalendarImportPreviewDto }) {
  const { t, locale } = useI18n();
  const weekday = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { weekday: 'long', timeZone: 'UTC' });
  const put = fill;
  const c = preview.counts;
  const columns = [
    {
      title: t('calendar.import.col.date'),
      dataIndex: 'date',
      width: 110,
      render: (d: string) => formatCalendarDate(d),
    },
    {
      title: t('calendar.import.col.weekday'),
      dataIndex: 'date',
      key: 'weekday',
      width: 120,
      render: (d: string) => weekday.format(new Date(`${d}T00:00:00Z`)),
    },
    {
      title: t('calendar.import.col.change'),
      key: 'change',
      width: 430,
      render: (_: unknown, x: CalendarImportChangeDto) => (
        <Flex gap={6} align="center">
          <DayTag day={x.current} />
          <span aria-hidden>→</span>
          <DayTag day={x.new} />
        </Flex>
      ),
    },
    { title: t('calendar.import.col.note'), dataIndex: 'note' },
  ];
  const rows: [MessageKey, keyof CalendarYearCountsDto][] = [
    ['calendar.import.workingDays', 'workingDays'],
    ['calendar.import.daysOff', 'daysOff'],
    ['calendar.import.shortDays', 'shortDays'],
    ['calendar.import.hours40', 'hours40'],
  ];
  return (
    <Flex vertical gap={12} data-testid="calendar-import-diff">
      <Typography.Text>
        {put(t('calendar.import.now'), {
          year: preview.year,
          source: t(`calendar.import.source.${preview.source}` as MessageKey),
        })}
      </Typography.Text>
      {preview.alreadyApplied && <Alert type="success" showIcon title={t('calendar.import.alreadyApplied')} />}
      {preview.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('calendar.import.warnings')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
      <Flex gap={24} wrap align="start">
        <div style={{ minWidth: 260 }}>
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="calendar-import-changed">
            {put(t('calendar.import.changed'), { n: c.changed })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {(
              [
                ['calendar.import.toDayOff', c.toDayOff],
                ['calendar.import.toWorking', c.toWorking],
                ['calendar.import.hoursChanged', c.hoursChanged],
              ] as const
            )
              .filter(([, n]) => n > 0)
              .map(([key, n]) => put(t(key), { n }))
              .join(', ')}
          </Typography.Text>
        </div>
        <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="calendar-import-counts">
          <caption style={{ textAlign: 'start', fontWeight: 600, paddingBottom: 4 }}>
            {t('calendar.import.counts')}
          </caption>
          <tbody>
            {rows.map(([label, key]) => (
              <tr key={key}>
                <td style={{ paddingInlineEnd: 16 }}>{t(label)}</td>
                <td style={{ textAlign: 'end', color: '#8c8c8c' }}>{c.current[key]}</td>
                <td style={{ padding: '0 6px', color: '#8c8c8c' }}>→</td>
                <td style={{ textAlign: 'end', fontWeight: c.current[key] !== c.new[key] ? 600 : 400 }}>
                  {c.new[key]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Flex>
      <Table<CalendarImportChangeDto>
        size="small"
        rowKey="date"
        pagination={false}
        scroll={{ y: 360 }}
        dataSource={preview.changes}
        columns={columns}
        locale={{ emptyText: t('calendar.import.noChanges') }}
      />
      {preview.keptOverrides.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('calendar.import.kept')}
          description={
            <Flex vertical gap={4}>
              {preview.keptOverrides.map((k) => (
                <Flex key={k.date} gap={6} align="center" wrap>
                  <span>{formatCalendarDate(k.date)}:</span>
                  <DayTag day={k.current} />
                  <span aria-hidden>≠</span>
                  <DayTag day={k.new} />
                </Flex>
              ))}
            </Flex>
          }
        />
      )}
    </Flex>
  );
}
