// The production calendar XML of xmlcalendar.ru (test/fixtures/calendar-ru/FORMAT.ru.md), read strictly:
// a small well-formedness check of our own (the format is four tags with attributes), then the
// calendar's rules; every refusal names the line and says what to write instead.
import {
  CalendarFileError,
  isWeekend,
  isoDate,
  missingLawHolidays,
  ruDate,
  weekdayName,
  yearCalendarOf,
  type ParsedCalendarFile,
  type UploadedDay,
} from './calendar-file';

interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  line: number;
}

/** Reads the calendar of `year` from an XML file; throws CalendarFileError listing what to fix. */
export function parseCalendarXml(bytes: Uint8Array, year: number): ParsedCalendarFile {
  const root = parseXml(decodeXml(bytes));
  const one = (msg: string) => new CalendarFileError([msg]);
  if (root.name !== 'calendar') {
    throw one(
      `Строка ${root.line}: главный тег файла — <${root.name}>, а у производственного календаря — <calendar year="${year}" …>. Проверьте, тот ли файл выбран.`,
    );
  }
  const fileYear = root.attrs.get('year');
  if (fileYear === undefined) {
    throw one(
      `Строка ${root.line}: у тега <calendar> нет атрибута year (год календаря), например <calendar year="${year}">.`,
    );
  }
  if (!/^\d{4}$/.test(fileYear)) {
    throw one(`Строка ${root.line}: year="${fileYear}" — год пишется четырьмя цифрами, например year="${year}".`);
  }
  if (Number(fileYear) !== year) {
    throw one(
      `Это календарь на ${fileYear} год, а выбран ${year}: выберите ${fileYear} год или загрузите файл на ${year} год.`,
    );
  }
  const country = root.attrs.get('country');
  if (country !== undefined && country.toLowerCase() !== 'ru') {
    throw one(`Это календарь страны «${country}» (атрибут country), а нужен российский: country="ru".`);
  }

  const problems: string[] = [];
  let holidaysEl: XmlElement | undefined;
  let daysEl: XmlElement | undefined;
  for (const c of root.children) {
    if (c.name === 'holidays' && !holidaysEl) holidaysEl = c;
    else if (c.name === 'days' && !daysEl) daysEl = c;
    else if (c.name === 'holidays' || c.name === 'days')
      problems.push(`Строка ${c.line}: второй раздел <${c.name}>, а он должен быть один.`);
    else problems.push(`Строка ${c.line}: неизвестный тег <${c.name}> в <calendar>: допустимы <holidays> и <days>.`);
  }

  const titles = new Map<string, string>();
  for (const h of holidaysEl?.children ?? []) {
    const id = h.attrs.get('id');
    const title = h.attrs.get('title')?.trim();
    if (h.name !== 'holiday') {
      problems.push(
        `Строка ${h.line}: неизвестный тег <${h.name}> в <holidays>: допустим только <holiday id="…" title="…"/>.`,
      );
    } else if (!id || !/^\d+$/.test(id)) {
      problems.push(
        `Строка ${h.line}: у праздника нет номера id (целое число), например <holiday id="1" title="Новогодние каникулы"/>.`,
      );
    } else if (titles.has(id)) {
      problems.push(`Строка ${h.line}: праздник с id="${id}" уже есть выше: номера праздников не повторяются.`);
    } else if (!title) {
      problems.push(`Строка ${h.line}: у праздника id="${id}" нет названия (атрибут title).`);
    } else {
      titles.set(id, title);
    }
  }
  if (!daysEl)
    throw new CalendarFileError([
      ...problems,
      'В файле нет раздела <days> со списком дней: это не производственный календарь.',
    ]);
  if (daysEl.children.length === 0)
    problems.push(`Строка ${daysEl.line}: раздел <days> пуст — в календаре нет ни одного дня.`);

  const found = new Map<string, { el: XmlElement; t: string; h?: string; f?: string }>();
  for (const d of daysEl.children) {
    const at = `Строка ${d.line}`;
    if (d.name !== 'day') {
      problems.push(`${at}: неизвестный тег <${d.name}> в <days>: допустим только <day d="ММ.ДД" t="1|2|3"/>.`);
      continue;
    }
    if (d.children.length) problems.push(`${at}: внутри <day> не бывает других тегов.`);
    const date = dayOfYear(d.attrs.get('d'), year, 'd');
    if (typeof date !== 'string') {
      problems.push(`${at}: ${date.error}`);
      continue;
    }
    const twice = found.get(date);
    if (twice) {
      problems.push(`${at}: день ${ruDate(date)} уже указан в строке ${twice.el.line}: каждый день — один раз.`);
      continue;
    }
    const t = d.attrs.get('t');
    const h = d.attrs.get('h');
    const f = d.attrs.get('f');
    if (t === undefined) {
      problems.push(`${at}: у дня ${ruDate(date)} нет типа: t="1" — нерабочий, t="2" — сокращённый, t="3" — рабочий.`);
      continue;
    }
    if (t !== '1' && t !== '2' && t !== '3') {
      problems.push(
        `${at}: неизвестный тип дня t="${t}" у ${ruDate(date)}; допустимы t="1" — нерабочий день, ` +
          `t="2" — сокращённый рабочий день, t="3" — рабочий день вместо выходного.`,
      );
      continue;
    }
    if (t === '3' && !isWeekend(date)) {
      problems.push(
        `${at}: ${ruDate(date)} — ${weekdayName(date)}, а t="3" (рабочий день вместо выходного) ставят только субботе или воскресенью.`,
      );
    }
    if (h !== undefined && t !== '1')
      problems.push(`${at}: праздник (h="${h}") бывает только у нерабочего дня, t="1".`);
    else if (h !== undefined && !titles.has(h)) {
      problems.push(`${at}: h="${h}" — праздника с таким номером нет в разделе <holidays>.`);
    }
    if (f !== undefined) {
      const from = dayOfYear(f, LEAP_YEAR, 'f');
      if (typeof from !== 'string') problems.push(`${at}: ${from.error}`);
      else if (t !== '1') problems.push(`${at}: перенос (f="${f}") бывает только у нерабочего дня, t="1".`);
    }
    found.set(date, { el: d, t, ...(h !== undefined ? { h } : {}), ...(f !== undefined ? { f } : {}) });
  }
  if (problems.length) throw new CalendarFileError(problems);

  const ddmm = (mmdd: string) => `${mmdd.slice(3, 5)}.${mmdd.slice(0, 2)}`;
  // A working weekend day is named by the day off it went to (the one whose f points at it).
  const movedTo = new Map<string, string>();
  for (const [date, x] of found) if (x.f) movedTo.set(x.f, date);
  const days = new Map<string, UploadedDay>();
  for (const [date, x] of found) {
    const md = `${date.slice(5, 7)}.${date.slice(8, 10)}`;
    const to = movedTo.get(md);
    days.set(
      date,
      x.t === '1'
        ? x.h
          ? { kind: 'holiday', title: titles.get(x.h)! }
          : { kind: 'day_off', title: x.f ? `Выходной перенесён с ${ddmm(x.f)}` : '' }
        : x.t === '2'
          ? { kind: 'short', title: '' }
          : { kind: 'working', title: to ? `Рабочий день: выходной перенесён на ${ruDate(to).slice(0, 5)}` : '' },
    );
  }
  const calendar = yearCalendarOf(days, false);
  return { year, format: 'xml', calendar, warnings: missingLawHolidays(year, calendar) };
}

/** A transfer may come from another year: its date is checked against a leap year. */
const LEAP_YEAR = 2000;

/** An "MM.DD" attribute of `year`, or what is wrong with it. */
function dayOfYear(v: string | undefined, year: number, attr: string): string | { error: string } {
  if (v === undefined) return { error: `нет атрибута ${attr} (дата в виде ММ.ДД, например 05.01 — 1 мая).` };
  const m = /^(\d{2})\.(\d{2})$/.exec(v);
  if (!m) {
    return {
      error: `${attr}="${v}" — дата пишется как ММ.ДД (месяц.день, с нулями), например ${attr}="05.01" — 1 мая.`,
    };
  }
  const [mm, dd] = [Number(m[1]), Number(m[2])];
  const iso = isoDate(year, mm, dd);
  if (iso) return iso;
  if (mm > 12 && dd >= 1 && dd <= 12) {
    return {
      error: `${attr}="${v}": месяца ${m[1]} нет — похоже, день и месяц переставлены; в этом формате сначала месяц: ${attr}="${m[2]}.${m[1]}".`,
    };
  }
  const where = year === LEAP_YEAR ? 'не бывает' : `в ${year} году нет`;
  return { error: `${attr}="${v}": такой даты ${where} (ММ.ДД: месяц ${m[1]}, день ${m[2]}).` };
}

/** Text of the file: UTF-8 (the format's), or Windows-1251 when the declaration says so. */
function decodeXml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i
    .exec(head)?.[1]
    ?.toLowerCase();
  if (declared === 'windows-1251' || declared === 'cp1251') return new TextDecoder('windows-1251').decode(bytes);
  if (declared !== undefined && declared !== 'utf-8' && declared !== 'utf8') {
    throw new CalendarFileError([`Файл в кодировке «${declared}»: сохраните его в UTF-8.`]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new CalendarFileError([
      'Файл не в кодировке UTF-8: сохраните его в UTF-8 (или укажите encoding в заголовке <?xml … ?>).',
    ]);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/** A strict reader of the XML subset a calendar uses: tags, attributes, comments; no text, no DTD. */
function parseXml(text: string): XmlElement {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const fail: (pos: number, msg: string) => never = (pos, msg) => {
    throw new CalendarFileError([`Строка ${lineAt(pos)}: ${msg} Файл должен быть XML производственного календаря.`]);
  };
  const decode = (raw: string, pos: number) =>
    raw.replace(/&([^;&\s]*)(;?)/g, (_m, name: string, semi: string) => {
      const code = /^#(\d+)$/.exec(name)?.[1] ?? /^#x([0-9a-f]+)$/i.exec(name)?.[1];
      if (semi && name in ENTITIES) return ENTITIES[name]!;
      if (semi && code) return String.fromCodePoint(parseInt(code, /^#x/i.test(name) ? 16 : 10));
      return fail(pos, `знак «&» в значении атрибута: пишите &amp;.`);
    });

  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.trim() !== '') {
      fail(
        i + chunk.search(/\S/),
        `текст «${chunk.trim().slice(0, 30)}» вне тегов: данные календаря пишутся в атрибутах тегов.`,
      );
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) fail(i, 'комментарий «<!--» не закрыт «-->».');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) fail(i, 'заголовок «<?» не закрыт «?>».');
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!', i)) fail(i, '<!DOCTYPE> и <![CDATA[ в файле календаря не допускаются.');
    if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const name = NAME.exec(text)?.[0] ?? '';
      let j = i + 2 + name.length;
      while (/\s/.test(text[j] ?? '')) j++;
      if (!name || text[j] !== '>') fail(i, 'закрывающий тег записан неверно (ожидается </имя>).');
      const open = stack.pop();
      if (!open) fail(i, `лишний закрывающий тег </${name}>.`);
      else if (open.name !== name)
        fail(i, `закрывающий тег </${name}> не подходит к открытому в строке ${open.line} <${open.name}>.`);
      i = j + 1;
      continue;
    }
    NAME.lastIndex = i + 1;
    const name = NAME.exec(text)?.[0];
    if (!name) return fail(i, 'после «<» ожидается имя тега.');
    const el: XmlElement = { name, attrs: new Map(), children: [], line: lineAt(i) };
    let j = i + 1 + name.length;
    let selfClosing = false;
    for (;;) {
      const before = j;
      while (/\s/.test(text[j] ?? '')) j++;
      if (text.startsWith('/>', j)) {
        selfClosing = true;
        j += 2;
        break;
      }
      if (text[j] === '>') {
        j++;
        break;
      }
      ATTR.lastIndex = j;
      const a = ATTR.exec(text);
      if (j >= text.length) fail(i, `тег <${name}> не закрыт «>».`);
      if (!a || j === before)
        fail(j, `тег <${name}> записан неверно: атрибуты пишутся через пробел как имя="значение".`);
      const [all, attr, dq, sq] = a as unknown as [string, string, string | undefined, string | undefined];
      if (el.attrs.has(attr)) fail(j, `атрибут ${attr} повторяется в теге <${name}>.`);
      el.attrs.set(attr, decode(dq ?? sq ?? '', j));
      j += all.length;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) fail(i, `второй главный тег <${name}>: в файле должен быть один <calendar>.`);
    else root = el;
    if (!selfClosing) stack.push(el);
    i = j;
  }
  const open = stack[stack.length - 1];
  if (open) fail(text.length, `тег <${open.name}> из строки ${open.line} не закрыт (нет </${open.name}>).`);
  if (!root) throw new CalendarFileError(['В файле нет ни одного тега: это не XML производственного календаря.']);
  return root;
}
