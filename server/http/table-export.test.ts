import ExcelJS from 'exceljs';
import { toCsv, toXlsx, type Column } from './table-export';

interface R {
  text: string | null;
  n: number | null;
}
const columns: Column<R>[] = [
  { title: 'Текст', value: (r) => r.text },
  { title: 'Число', value: (r) => r.n },
];
const rows: R[] = [
  { text: 'Школа № 5; корпус "Б"', n: 1.5 },
  { text: '=HYPERLINK("http://evil")', n: null },
  { text: '+7 912', n: 3 },
  { text: 'две\nстроки', n: -2 },
  { text: null, n: 0 },
];

describe('CSV for Excel in a Russian locale', () => {
  const csv = toCsv(columns, rows);
  const text = csv.subarray(3).toString('utf8');

  it('starts with the UTF-8 BOM and separates fields with ; and lines with CRLF', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.split('\r\n')[0]).toBe('Текст;Число');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('quotes what needs it, writes decimal commas, and never a formula', () => {
    expect(text).toBe(
      [
        'Текст;Число',
        '"Школа № 5; корпус ""Б""";1,5',
        `"'=HYPERLINK(""http://evil"")";`,
        "'+7 912;3",
        '"две\nстроки";-2',
        ';0',
        '',
      ].join('\r\n'),
    );
  });
});

describe('XLSX', () => {
  it('has the header, the rows, numbers as numbers and text as text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx('Лист: проверка', columns, rows)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Лист  проверка');
    expect(ws.getRow(1).values).toEqual([undefined, 'Текст', 'Число']);
    expect(ws.rowCount).toBe(6);
    expect(ws.getCell('A3').value).toBe('=HYPERLINK("http://evil")');
    expect(ws.getCell('A3').formula).toBeUndefined();
    expect(ws.getCell('B2').value).toBe(1.5);
  });
});
