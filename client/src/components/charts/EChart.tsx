// One ECharts chart (tree-shaken: only the charts and components the pages draw), in the user's language.
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  CalendarComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import langRU from 'echarts/i18n/langRU-obj.js';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../lib/i18n';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  MarkAreaComponent,
  CalendarComponent,
  CanvasRenderer,
]);
echarts.registerLocale('RU', langRU as unknown as Parameters<typeof echarts.registerLocale>[1]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({ option, height = 280, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const { locale } = useI18n();
  const el = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    if (!el.current) return;
    // ECharts' own words (month names of a calendar) in the page's language; EN is built in.
    const c = echarts.init(el.current, undefined, { locale: locale === 'en' ? 'EN' : 'RU' });
    chart.current = c;
    c.setOption(latest.current, { notMerge: true });
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
