// The statistics page's tables as downloads: the same figures as GET /api/stats, one table a file.
import { SUBSYSTEM_LABELS, STATUS_LABELS, TYPE_LABELS, CHANNEL_LABELS } from '../../shared/domain';
import { DEFINITIONS, FIGURE_TITLES, type CallFigures, type StatsDto, type StatsTable } from '../../shared/stats';
import type { Column } from '../http/table-export';

type Cell = string | number | null;
interface Table {
  name: string;
  columns: Column<Cell[]>[];
  rows: Cell[][];
}

const cols = (titles: string[], widths: number[] = []): Column<Cell[]>[] =>
  titles.map((title, i) => ({ title, value: (r) => r[i] ?? null, ...(widths[i] ? { width: widths[i] } : {}) }));
/** A share as a percentage with one decimal (a number, so a spreadsheet can sum it). */
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const round = (v: number | null, digits = 0) => (v === null ? null : Number(v.toFixed(digits)));
const WEEKDAYS = ['', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];

const SHARES = new Set<keyof CallFigures>(['answerRate', 'serviceLevel', 'serviceLevelOfAnswered']);
const SECONDS = new Set<keyof CallFigures>(['asaSeconds', 'maxWaitSeconds', 'avgTalkSeconds', 'ahtSeconds']);

export function statsTable(s: StatsDto, table: StatsTable): Table {
  const period = `${s.from}_${s.to}`;
  switch (table) {
    case 'summary':
      return {
        name: `Статистика_${period}`,
        columns: cols(['Показатель', 'Значение', 'Единица', 'Как считается'], [34, 12, 10, 90]),
        rows: (Object.keys(FIGURE_TITLES) as (keyof CallFigures)[]).map((k) => [
          FIGURE_TITLES[k],
          SHARES.has(k) ? pct(s.calls[k]) : SECONDS.has(k) ? round(s.calls[k]) : s.calls[k],
          SHARES.has(k) ? '%' : SECONDS.has(k) ? 'с' : '',
          DEFINITIONS[k]
            .replace('SHORT_ABANDON_S', String(s.shortAbandonSeconds))
            .replace('SL_SECONDS', String(s.serviceLevelSeconds)),
        ]),
      };
    case 'days':
      return {
        name: `По_дням_${period}`,
        columns: cols(
          [
            'Дата',
            'Поступило',
            'Принято',
            'Пропущено',
            'Брошено в очереди',
            'Короткие сбросы',
            'Вне рабочего времени',
            'Уровень обслуживания, %',
          ],
          [12],
        ),
        rows: s.byDay.map((d) => [
          d.date.split('-').reverse().join('.'),
          d.offered,
          d.answered,
          d.missed,
          d.abandoned,
          d.shortAbandoned,
          d.afterHours,
          pct(d.serviceLevel),
        ]),
      };
    case 'specialists':
      return {
        name: `Специалисты_${period}`,
        columns: cols(
          ['Специалист', 'Принято звонков', 'Разговор, мин', 'Средний разговор, с', 'Зарегистрировано запросов'],
          [34],
        ),
        rows: s.bySpecialist.map((p) => [
          p.name,
          p.answered,
          Math.round(p.talkSeconds / 60),
          p.avgTalkSeconds,
          p.registered,
        ]),
      };
    case 'requests': {
      const r = s.requests;
      const rows: Cell[][] = [
        ['Всего', 'зарегистрировано', r.registered],
        ...Object.entries(r.byType).map(([k, v]): Cell[] => ['Тип', TYPE_LABELS[k as keyof typeof TYPE_LABELS].ru, v]),
        ...Object.entries(r.bySubsystem).map(([k, v]): Cell[] => [
          'Подсистема',
          k === 'none' ? 'не указана' : SUBSYSTEM_LABELS[k as keyof typeof SUBSYSTEM_LABELS].ru,
          v,
        ]),
        ...Object.entries(r.byStatus).map(([k, v]): Cell[] => [
          'Статус',
          STATUS_LABELS[k as keyof typeof STATUS_LABELS].ru,
          v,
        ]),
        ...Object.entries(r.byChannel).map(([k, v]): Cell[] => [
          'Канал',
          CHANNEL_LABELS[k as keyof typeof CHANNEL_LABELS].ru,
          v,
        ]),
        ...r.byLine.map((l): Cell[] => ['Линия', l.label, l.count]),
        ...r.topOrganizations.map((o): Cell[] => ['Организация', o.name, o.count]),
        ...r.topMunicipalities.map((o): Cell[] => ['Муниципалитет', o.name, o.count]),
        ...r.backlog.map((b): Cell[] => ['Открыто сейчас', b.bucket, b.count]),
      ];
      return {
        name: `Запросы_${period}`,
        columns: cols(['Группа', 'Значение', 'Запросов'], [18, 60, 10]),
        rows,
      };
    }
    case 'heatmap':
      return {
        name: `По_времени_${period}`,
        columns: cols(['День недели', 'Полчаса с', 'Поступило', 'Принято'], [12, 12]),
        rows: s.heatmap.map((h) => [WEEKDAYS[h.weekday] ?? String(h.weekday), h.slot, h.offered, h.answered]),
      };
  }
}
