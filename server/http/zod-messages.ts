// Field messages of validation errors in Russian, the desk's language: zod's own are English ("Invalid
// option: expected one of …"), and its Russian locale reads as a translation ("ожидалось, что string
// будет иметь <=5 символов"). Messages written in a schema stay as they are.
import { z } from 'zod';

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const chars = (n: number | bigint) => {
  const k = Number(n) % 100;
  const last = k % 10;
  if (k >= 11 && k <= 14) return `${n} символов`;
  return last === 1 ? `${n} символа` : `${n} символов`;
};

function message(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'Обязательное поле' : 'Неверный тип значения';
    case 'invalid_value':
      return 'Недопустимое значение';
    case 'too_big':
      if (issue.origin === 'string') return `Не длиннее ${chars(issue.maximum)}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Не больше ${String(issue.maximum)} элементов`;
      return `Не больше ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? 'Заполните поле' : `Не короче ${chars(issue.minimum)}`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') return `Не меньше ${String(issue.minimum)} элементов`;
      return `Не меньше ${String(issue.minimum)}`;
    case 'invalid_format':
      if (issue.format === 'date') return 'Дата в формате ГГГГ-ММ-ДД';
      if (issue.format === 'datetime') return 'Дата и время в формате ISO 8601';
      if (issue.format === 'email') return 'Неверный адрес электронной почты';
      return 'Неверный формат';
    case 'not_multiple_of':
      return `Должно быть кратно ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Лишние поля: ${issue.keys.join(', ')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'Неверное значение';
    case 'custom':
      return undefined;
  }
}

/** Once, at start: every generated validation message in Russian. */
export function useRussianValidationMessages(): void {
  const fallback = z.locales.ru().localeError;
  z.config({ localeError: (issue) => message(issue) ?? fallback(issue) });
}
