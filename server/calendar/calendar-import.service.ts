// Uploading a year's production calendar: the differences first, then exactly those applied, in one
// transaction; applying the same file again changes nothing.
import crypto from 'node:crypto';
import type { CalendarImportPreviewDto, CalendarImportResultDto } from '../../shared/api';
import { AppError } from '../http/errors';
import { CalendarFileError, detectCalendarFormat, type ParsedCalendarFile } from './calendar-file';
import { canonicalYear, previewImport, type CalendarNow } from './calendar-import';
import { parseCalendarCsv, parseCalendarXlsx } from './calendar-table';
import { parseCalendarXml } from './calendar-xml';
import type { CalendarParts, CalendarService } from './calendar.service';

export class CalendarImportService {
  constructor(private readonly calendar: CalendarService) {}

  /** The file read as the calendar of `year`; a 400 listing what to fix when it cannot be. */
  async parse(year: number, bytes: Uint8Array): Promise<ParsedCalendarFile> {
    try {
      const format = detectCalendarFormat(bytes);
      switch (format) {
        case 'xml':
          return parseCalendarXml(bytes, year);
        case 'csv':
          return parseCalendarCsv(bytes, year);
        case 'xlsx':
          return await parseCalendarXlsx(bytes, year);
      }
    } catch (err) {
      if (err instanceof CalendarFileError) {
        throw new AppError(400, 'calendar_file_invalid', { file: err.problems[0] ?? '' }, err.problems.join('\n'));
      }
      throw err;
    }
  }

  /** What the file would change in the calendar callog uses for the year now. */
  async preview(year: number, bytes: Uint8Array): Promise<CalendarImportPreviewDto> {
    const parsed = await this.parse(year, bytes);
    return previewImport(parsed, this.now(year, await this.calendar.parts()));
  }

  /**
   * Makes the file the year's production calendar, if the calendar is still as the preview with
   * `token` showed it (else 409: the admin looks again). Calls of the changed days are placed in or
   * out of working time again after the commit.
   */
  async apply(year: number, bytes: Uint8Array, token: string, userId: number): Promise<CalendarImportResultDto> {
    const parsed = await this.parse(year, bytes);
    const fileSha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const { preview, written } = await this.calendar.ds.transaction(async (em) => {
      // One upload at a time: the comparison with the preview and the write see the same calendar.
      await em.query(`LOCK TABLE calendar_years IN EXCLUSIVE MODE`);
      const preview = previewImport(parsed, this.now(year, await this.calendar.parts(em)));
      if (preview.alreadyApplied) return { preview, written: false };
      if (preview.token !== token) throw new AppError(409, 'calendar_preview_stale');
      await em.query(
        `INSERT INTO calendar_years (year, data, format, file_sha256, imported_by_id, imported_at)
         VALUES ($1, $2::jsonb, $3, $4, $5, now())
         ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, format = EXCLUDED.format,
           file_sha256 = EXCLUDED.file_sha256, imported_by_id = EXCLUDED.imported_by_id, imported_at = now()`,
        [year, JSON.stringify(canonicalYear(parsed.calendar)), parsed.format, fileSha256, userId],
      );
      return { preview, written: true };
    });
    if (written) {
      const dates = preview.changes.map((c) => c.date);
      if (dates.length) await this.calendar.yearReplaced(dates[0]!, dates[dates.length - 1]!);
      else this.calendar.invalidate();
    }
    return { year, changed: written ? preview.changes.length : 0, alreadyApplied: !written };
  }

  private now(year: number, parts: CalendarParts): CalendarNow {
    return {
      timeZone: this.calendar.timeZone,
      schedule: parts.schedule,
      overrides: parts.overrides,
      current: this.calendar.yearsFrom(parts.imported)(year),
      source: this.calendar.sourceOf(year, parts.imported),
      stored: parts.imported.get(year),
    };
  }
}
