// In Chromium: the admin uploads the directory as a Windows-1251 CSV from Excel and sees the report.
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { toCp1251 } from '../support/cp1251';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('organisation directory page', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp({}, (app) => ({ srv, browser } = app));

  it('imports a CSV through the page and lists the organisations with their phones', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, srv.admin.login, srv.admin.password);
    await page.waitForURL(/\/desk$/);
    await page.getByRole('menuitem', { name: 'Справочник ОО' }).click();
    const csv = toCp1251(
      [
        'Полное наименование;Краткое наименование;Муниципалитет;Вид;Телефоны;Эл. почта',
        '"Муниципальное автономное общеобразовательное учреждение средняя общеобразовательная школа № 5 города Тюмени";МАОУ СОШ № 5;г. Тюмень;школа;"8 (3452) 12-34-56, 89123456789";sch5@edu72.ru',
        'Муниципальное автономное дошкольное образовательное учреждение детский сад № 7;МАДОУ д/с № 7;г. Тюмень;детский сад;8 (3452) 22-33-44;',
        ';без имени;;;;',
      ].join('\r\n'),
    );
    await page.locator('input[type=file]').setInputFiles({ name: 'оо.csv', mimeType: 'text/csv', buffer: csv });
    const report = page.getByTestId('import-report');
    await report
      .getByText('Добавлено: 2, обновлено: 0, отклонено: 1. Кодировка: windows-1251.', { exact: false })
      .waitFor();
    await report.getByText('Строка 4: Не указано полное наименование').waitFor();
    const row = page.getByRole('row', { name: /МАОУ СОШ № 5/ });
    await row.getByText('8 (3452) 123-456').waitFor();
    await row.getByText('8 (912) 345-67-89').waitFor();
    await page
      .getByRole('row', { name: /МАДОУ д\/с № 7/ })
      .getByText('«Электронный детский сад»')
      .waitFor();
    await screenshot(page, 'organizations');
  });
});
