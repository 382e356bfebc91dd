// Month names as the desk writes them: "октябрь 2026" (or "October 2026" in English).
import dayjs from 'dayjs';
import type { Locale } from '../../../shared/domain';

export const monthLabel = (month: string, locale: Locale = 'ru') =>
  dayjs(`${month}-01`).locale(locale).format('MMMM YYYY');
