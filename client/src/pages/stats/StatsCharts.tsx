// The statistics page's charts: calls by day with the service level, and the weekday × half-hour map.
import { useMemo } from 'react';
import type { DayFigures, HeatCell } from '../../../../shared/stats';
import { EChart, type ChartOption } from '../../components/charts/EChart';
import { useI18n, type MessageKey } from '../../lib/i18n';
import '../../lib/messages/stats';

/** Monday first, as the server numbers them (1 = Monday). */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** ECharts names the calendar's days from Sunday whatever the first day. */
const SUNDAY_FIRST = [7, 1, 2, 3, 4, 5, 6] as const;
/** Half-hours of the working day and a little around it (the centre opens at 08:30). */
const SLOTS = Array.from({ length: 22 }, (_, i) => {
  const m = 8 * 60 + i * 30;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 ? '30' : '00'}`;
});
const LUNCH = ['12:30', '13:00'];
/** The day's stacked bars, bottom up: legend, figure, colour. */
type Bar = 'answered' | 'missed' | 'abandoned' | 'shortAbandoned' | 'afterHours';
const BARS: readonly (readonly [MessageKey, Bar, string])[] = [
  ['stats.chart.answered', 'answered', '#52c41a'],
  ['stats.chart.missed', 'missed', '#ff4d4f'],
  ['stats.chart.abandoned', 'abandoned', '#fa8c16'],
  ['stats.chart.short', 'shortAbandoned', '#bfbfbf'],
  ['stats.chart.afterHours', 'afterHours', '#8c8c8c'],
];
const ddmm = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

export function DailyChart({ days }: { days: DayFigures[] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 50, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: days.map((d) => ddmm(d.date)) },
      yAxis: [
        { type: 'value', name: t('stats.chart.calls'), minInterval: 1 },
        { type: 'value', name: t('stats.chart.slPercent'), min: 0, max: 100, splitLine: { show: false } },
      ],
      series: [
        ...BARS.map(([name, field, color]) => ({
          name: t(name),
          type: 'bar' as const,
          stack: 'calls',
          color,
          data: days.map((d) => d[field]),
        })),
        {
          name: t('stats.chart.serviceLevel'),
          type: 'line',
          yAxisIndex: 1,
          color: '#1677ff',
          connectNulls: false,
          data: days.map((d) => (d.serviceLevel === null ? null : Math.round(d.serviceLevel * 1000) / 10)),
        },
      ],
    }),
    [days, t],
  );
  return <EChart option={option} testId="chart-daily" />;
}

export function HeatmapChart({ cells }: { cells: HeatCell[] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const weekdays = WEEKDAYS.map((d) => t(`weekday.${d}`));
    const data = cells
      .filter((c) => SLOTS.includes(c.slot))
      .map((c) => [SLOTS.indexOf(c.slot), c.weekday - 1, c.offered]);
    const max = Math.max(1, ...data.map((d) => d[2]!));
    return {
      tooltip: {
        formatter: (p: { value: number[] }) =>
          t('stats.chart.heatTip', { day: weekdays[p.value[1]!]!, slot: SLOTS[p.value[0]!]!, n: p.value[2]! }),
      },
      grid: { left: 36, right: 12, top: 8, bottom: 60 },
      xAxis: { type: 'category', data: SLOTS, splitArea: { show: true } },
      yAxis: { type: 'category', data: weekdays, inverse: true },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120 },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, formatter: (p: { value: number[] }) => (p.value[2] ? String(p.value[2]) : '') },
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(0,0,0,0.08)' },
            data: [[{ xAxis: LUNCH[0] }, { xAxis: LUNCH[1] }]],
          },
        },
      ],
    };
  }, [cells, t]);
  return <EChart option={option} height={300} testId="chart-heatmap" />;
}

/** The service level of each day of the period on a calendar (days without calls in working time blank). */
export function ServiceLevelCalendar({ days, from, to }: { days: DayFigures[]; from: string; to: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const data = days.filter((d) => d.serviceLevel !== null).map((d) => [d.date, Math.round(d.serviceLevel! * 100)]);
    return {
      tooltip: {
        formatter: (p: { value: [string, number] }) =>
          t('stats.chart.slTip', { date: p.value[0].split('-').reverse().join('.'), v: p.value[1] }),
      },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: [
          { lt: 60, color: '#ff7875', label: t('stats.chart.below60') },
          { gte: 60, lt: 80, color: '#ffd666', label: '60–80 %' },
          { gte: 80, color: '#73d13d', label: t('stats.chart.from80') },
        ],
      },
      calendar: {
        // A period within one month is shown on that month's grid (a day alone says little).
        range: from.slice(0, 7) === to.slice(0, 7) ? from.slice(0, 7) : [from, to],
        top: 30,
        left: 40,
        right: 16,
        bottom: 40,
        cellSize: ['auto', 'auto'],
        dayLabel: { firstDay: 1, nameMap: SUNDAY_FIRST.map((d) => t(`weekday.${d}`)) },
        // The month names come from the chart's locale (see EChart).
        monthLabel: {},
        yearLabel: { show: false },
        splitLine: { lineStyle: { color: '#d9d9d9' } },
        itemStyle: { borderColor: '#f0f0f0' },
      },
      series: [{ type: 'heatmap', coordinateSystem: 'calendar', data }],
    };
  }, [days, from, to, t]);
  return <EChart option={option} height={220} testId="chart-sl-calendar" />;
}
