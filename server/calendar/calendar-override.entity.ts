// Per-date changes to the working calendar made by the admin (regional holidays, special days).
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';

export type OverrideKind = 'day_off' | 'working' | 'short';

export interface CalendarOverrideRow {
  day: string;
  kind: OverrideKind;
  /** Working hours for 'working'/'short' days, "HH:mm"; null: the usual hours. */
  startTime: string | null;
  endTime: string | null;
  title: string;
  updatedById: number | null;
  updatedAt: Date;
}

export const CalendarOverrideEntity = new EntitySchema<CalendarOverrideRow>({
  name: 'CalendarOverride',
  tableName: 'calendar_overrides',
  columns: {
    day: { name: 'day', type: 'date', primary: true },
    kind: col.varchar('kind', 16),
    startTime: col.varchar('start_time', 5, { nullable: true }),
    endTime: col.varchar('end_time', 5, { nullable: true }),
    title: col.text('title', { default: '' }),
    updatedById: col.int('updated_by_id', { nullable: true }),
    updatedAt: col.updated(),
  },
  checks: [{ name: 'calendar_overrides_kind_check', expression: `"kind" IN ('day_off','working','short')` }],
  foreignKeys: [{ target: 'User', columnNames: ['updatedById'], referencedColumnNames: ['id'] }],
});
