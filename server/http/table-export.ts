// Any table of the UI as a download: CSV the way Excel in a Russian locale opens it (UTF-8 with BOM,
// `;` between fields, CRLF) or an XLSX workbook. A text cell that Excel would take for a formula
// (= + - @ at the start) is written as text, so an entry's text or a caller ID cannot run anything.
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { AppError } from './errors';

export const exportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof exportFormat>;

export interface Column<T> {
  title: string;
  value: (row: T) => string | number | null | undefined;
  /** Width in characters (XLSX). */
  width?: number;
}

/** The most rows a download holds: beyond it, narrow the filters. */
export const EXPORT_MAX_ROWS = 100_000;

/** How a list is read for a download: one row over the limit, to tell when it is exceeded. */
export const EXPORT_PAGE = { limit: EXPORT_MAX_ROWS + 1, offset: 0 };

/** The rows of a download read with EXPORT_PAGE; over the limit, a 400 that says what to do. */
export function exportRows<T>(items: T[], what: string): T[] {
  if (items.length > EXPORT_MAX_ROWS) {
    throw new AppError(
      400,
      'validation_failed',
      undefined,
      `Больше ${EXPORT_MAX_ROWS} ${what}: сузьте период или фильтры.`,
    );
  }
  return items;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<T>(columns: Column<T>[], rows: T[]): Buffer {
  const lines = [columns.map((c) => csvField(c.title)).join(';')];
  for (const r of rows) lines.push(columns.map((c) => csvField(c.value(r))).join(';'));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx<T>(sheet: string, columns: Column<T>[], rows: T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'callog';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = columns.map((c) => ({ header: c.title, width: c.width ?? Math.max(10, c.title.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? null));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** attachment; with an ASCII fallback and the Russian name for browsers that read filename*. */
export function disposition(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Sends a table as `<name>.<format>` (`ascii`: the fallback file name). */
export async function sendTable<T>(
  res: Response,
  o: { name: string; ascii: string; format: ExportFormat; columns: Column<T>[]; rows: T[] },
): Promise<void> {
  const body = o.format === 'csv' ? toCsv(o.columns, o.rows) : await toXlsx(o.name, o.columns, o.rows);
  res.setHeader(
    'Content-Type',
    o.format === 'csv'
      ? 'text/csv; charset=utf-8'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  res.setHeader('Content-Disposition', disposition(`${o.name}.${o.format}`, `${o.ascii}.${o.format}`));
  res.setHeader('Cache-Control', 'no-store');
  res.send(body);
}
