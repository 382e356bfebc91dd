// Form No. 1 as an Excel workbook: one sheet per specialist, the same columns as the printout,
// set up to print A4 landscape with the header row repeated.
import ExcelJS from 'exceljs';
import { FORM1_COLUMNS, FORM1_SIGNATURE, FORM1_TITLE, type Form1Report, type Form1Row, textCells } from './form1.data';

const WIDTHS = [17, 6, 12, 48, 28, 20, 24, 18, 17, 30];
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** Excel forbids []:*?/\ in sheet names, an apostrophe at either end and "History"; 31 characters at most. */
function sheetName(name: string, used: Set<string>): string {
  const cleaned = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 28)
    .replace(/^[\s']+|[\s']+$/g, '');
  const base = cleaned && cleaned.toLowerCase() !== 'history' ? cleaned : 'Специалист';
  let candidate = base;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${base} ${i}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

const values = (r: Form1Row) => [r.regNumber ? `${r.date}\n№ ${r.regNumber}` : r.date, r.n, ...textCells(r)];

export async function renderForm1Xlsx(report: Form1Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'callog';
  wb.created = new Date();
  const used = new Set<string>();
  for (const s of report.sections) {
    const ws = wb.addWorksheet(sheetName(s.specialist.fullName, used), {
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
        printTitlesRow: '4:4',
      },
      headerFooter: { oddFooter: `&L${FORM1_TITLE}&RСтраница &P из &N` },
    });
    ws.columns = WIDTHS.map((width) => ({ width }));

    ws.mergeCells(1, 1, 1, 10);
    ws.getCell(1, 1).value = FORM1_TITLE;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.getCell(1, 1).alignment = { horizontal: 'center' };
    ws.mergeCells(2, 1, 2, 5);
    ws.getCell(2, 1).value = `Специалист: ${s.specialist.fullName}`;
    ws.mergeCells(2, 6, 2, 10);
    ws.getCell(2, 6).value = `Отчётный период: ${report.periodLabel} (${report.periodRange})`;
    ws.getCell(2, 6).alignment = { horizontal: 'right' };

    const head = ws.getRow(4);
    head.values = [...FORM1_COLUMNS];
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    head.height = 30;
    head.eachCell((c) => {
      c.border = border;
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    });
    ws.views = [{ state: 'frozen', ySplit: 4 }];

    let rowNo = 5;
    for (const r of s.rows) {
      const row = ws.getRow(rowNo++);
      row.values = values(r);
      row.alignment = { vertical: 'top', wrapText: true };
      row.eachCell({ includeEmpty: true }, (c) => (c.border = border));
    }
    if (s.rows.length === 0) {
      ws.mergeCells(rowNo, 1, rowNo, 10);
      ws.getCell(rowNo, 1).value = 'Запросов за период нет';
      ws.getCell(rowNo, 1).alignment = { horizontal: 'center' };
      rowNo++;
    }
    ws.getCell(rowNo + 1, 1).value = `Всего запросов: ${s.rows.length}`;
    ws.getCell(rowNo + 3, 1).value = FORM1_SIGNATURE;
    ws.getCell(rowNo + 3, 1).font = { bold: true };
    ws.getCell(rowNo + 5, 1).value = '____________';
    ws.getCell(rowNo + 5, 4).value = `${s.specialist.fullName} ____________________`;
    ws.getCell(rowNo + 5, 8).value = '____________';
    ws.getCell(rowNo + 6, 1).value = 'дата';
    ws.getCell(rowNo + 6, 4).value = 'ФИО специалиста полностью';
    ws.getCell(rowNo + 6, 8).value = 'подпись';
    for (const col of [1, 4, 8]) ws.getCell(rowNo + 6, col).font = { size: 8, color: { argb: 'FF555555' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
