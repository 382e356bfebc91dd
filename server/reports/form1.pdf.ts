// Form No. 1 as a PDF: A4 landscape, the reglament's ten columns, the header row on every page,
// page numbers, and the line for the date, the specialist's full name and signature.
import path from 'node:path';
import pdfmake from 'pdfmake';
import {
  FORM1_COLUMNS,
  FORM1_SIGNATURE,
  FORM1_TITLE,
  type Form1Report,
  type Form1Row,
  type Form1Section,
  textCells,
} from './form1.data';

// Roboto as shipped with pdfmake has Cyrillic glyphs; nothing is fetched from anywhere else.
const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(FONT_DIR + path.sep));

// A4 landscape is 842 pt wide; 28 pt margins leave 786 pt for ten columns and their padding.
const WIDTHS = [50, 26, 50, '*', 88, 68, 74, 64, 50, 96];

type Cell = Record<string, unknown> | string;

function headerRow(): Cell[] {
  return FORM1_COLUMNS.map((text) => ({ text, style: 'th' }));
}

function bodyRow(r: Form1Row): Cell[] {
  return [
    { text: [r.date, r.regNumber ? { text: `\n№ ${r.regNumber}`, style: 'small' } : ''] },
    { text: String(r.n), alignment: 'center' },
    ...textCells(r),
  ];
}

function section(report: Form1Report, s: Form1Section, first: boolean): Cell[] {
  const body: Cell[][] = [headerRow()];
  if (s.rows.length === 0) {
    body.push([
      { text: 'Запросов за период нет', colSpan: 10, alignment: 'center', italics: true },
      ...Array<string>(9).fill(''),
    ]);
  } else {
    for (const r of s.rows) body.push(bodyRow(r));
  }
  return [
    { text: FORM1_TITLE, style: 'title', ...(first ? {} : { pageBreak: 'before' }) },
    {
      columns: [
        { text: [{ text: 'Специалист: ', bold: true }, s.specialist.fullName] },
        {
          text: [{ text: 'Отчётный период: ', bold: true }, `${report.periodLabel} (${report.periodRange})`],
          alignment: 'right',
        },
      ],
      margin: [0, 0, 0, 8],
    },
    {
      // Rows stay whole on a page unless one is too long to fit any page (a 5,000-character description).
      table: { headerRows: 1, widths: WIDTHS, body, dontBreakRows: s.rows.every(fitsOnPage) },
      layout: {
        hLineWidth: () => 0.5,
        vLineWidth: () => 0.5,
        hLineColor: () => '#555555',
        vLineColor: () => '#555555',
        fillColor: (row: number) => (row === 0 ? '#e8e8e8' : null),
        paddingLeft: () => 3,
        paddingRight: () => 3,
        paddingTop: () => 2,
        paddingBottom: () => 2,
      },
    },
    { text: `Всего запросов: ${s.rows.length}`, margin: [0, 6, 0, 0] },
    {
      unbreakable: true,
      margin: [0, 28, 0, 0],
      stack: [
        { text: FORM1_SIGNATURE, bold: true, margin: [0, 0, 0, 18] },
        {
          columns: [
            { width: 140, stack: [line(140), caption('дата')] },
            { width: 20, text: '' },
            {
              width: 320,
              stack: [
                { text: s.specialist.fullName, margin: [2, 0, 0, 0] },
                line(320),
                caption('ФИО специалиста полностью'),
              ],
            },
            { width: 20, text: '' },
            { width: 160, stack: [line(160), caption('подпись')] },
          ],
          columnGap: 0,
        },
      ],
    },
  ];
}

const fitsOnPage = (r: Form1Row) =>
  Math.max(r.description.length, r.note.length, r.additionalInfo.length, r.organizationName.length) < 1500;

const line = (w: number) => ({
  canvas: [{ type: 'line', x1: 0, y1: 0, x2: w, y2: 0, lineWidth: 0.7 }],
  margin: [0, 2, 0, 0],
});
const caption = (text: string) => ({ text, fontSize: 7, color: '#555555', margin: [0, 1, 0, 0] });

export async function renderForm1Pdf(report: Form1Report): Promise<Buffer> {
  const names = report.sections.map((s) => s.specialist.fullName);
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 28, 28, 34],
    info: {
      title: `${FORM1_TITLE}, ${report.periodLabel}`,
      subject: names.length === 1 ? names[0] : 'Ситуационный центр',
      creator: 'callog',
    },
    defaultStyle: { font: 'Roboto', fontSize: 8, lineHeight: 1.1 },
    styles: {
      title: { fontSize: 13, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      th: { bold: true, fontSize: 7.5, alignment: 'center' },
      small: { fontSize: 6.5, color: '#555555' },
    },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `${FORM1_TITLE} · ${report.periodLabel}`, fontSize: 7, color: '#777777' },
        { text: `Страница ${page} из ${pages}`, alignment: 'right', fontSize: 7 },
      ],
      margin: [28, 10, 28, 0],
    }),
    content: report.sections.flatMap((s, i) => section(report, s, i === 0)),
  };
  return pdfmake.createPdf(doc).getBuffer();
}
