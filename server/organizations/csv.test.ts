import { decodeCsv, parseCsv } from './csv';

describe('CSV', () => {
  it('splits on semicolons, keeps quoted separators, doubled quotes and line breaks', () => {
    const rows = parseCsv('a;b;c\r\n"МАОУ «СОШ №1»; корпус 2";"он сказал ""да""";"строка\nвторая"\r\n\r\nx;;z');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['МАОУ «СОШ №1»; корпус 2', 'он сказал "да"', 'строка\nвторая'] },
      { line: 5, fields: ['x', '', 'z'] },
    ]);
  });

  it('reads UTF-8 with a BOM and Windows-1251 as Excel saves them', () => {
    expect(decodeCsv(Buffer.from('\uFEFFПолное наименование;Телефоны', 'utf8'))).toEqual({
      text: 'Полное наименование;Телефоны',
      encoding: 'utf-8',
    });
    // "Школа" in Windows-1251.
    const cp1251 = Buffer.from([0xd8, 0xea, 0xee, 0xeb, 0xe0]);
    expect(decodeCsv(cp1251)).toEqual({ text: 'Школа', encoding: 'windows-1251' });
  });
});
