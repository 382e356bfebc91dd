// A year's production calendar uploaded by the admin (the published decree): it takes the place of the
// data built into callog and of the Labour Code's calendar for that year. Overrides still apply on top.
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';
import type { YearCalendar } from './production-calendar';

export interface CalendarYearRow {
  year: number;
  data: YearCalendar;
  /** The file it came from: xml, csv or xlsx. */
  format: string;
  /** sha256 of the file, to tell later which file it was. */
  fileSha256: string;
  importedById: number | null;
  importedAt: Date;
}

export const CalendarYearEntity = new EntitySchema<CalendarYearRow>({
  name: 'CalendarYear',
  tableName: 'calendar_years',
  columns: {
    year: { name: 'year', type: 'int', primary: true },
    data: col.jsonb('data'),
    format: col.varchar('format', 8),
    fileSha256: col.varchar('file_sha256', 64),
    importedById: col.int('imported_by_id', { nullable: true }),
    importedAt: col.time('imported_at', { default: () => 'now()' }),
  },
  foreignKeys: [{ target: 'User', columnNames: ['importedById'], referencedColumnNames: ['id'] }],
});
