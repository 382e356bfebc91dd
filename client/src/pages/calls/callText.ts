// Calls in words of the current language: the caller, the outcome, the course of a moved call and the
// working time a caller waits (shared/calls.ts and shared/format.ts say the same in Russian for the server).
import type { CallDto } from '../../../../shared/api';
import type { CallOutcomeKind } from '../../../../shared/calls';
import { formatPhone } from '../../../../shared/phone';
import type { MessageKey } from '../../lib/i18n';

/** useI18n()'s `t`. */
type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The number, or «номер скрыт». */
export const callerText = (t: T, number: string | null | undefined) => formatPhone(number) || t('call.hidden');

export const outcomeText = (t: T, kind: CallOutcomeKind) => t(`call.outcome.${kind}`);

/** "ответил 101 → переведён 102": who had the call, for a call that moved. */
export function courseText(t: T, c: Pick<CallDto, 'legs'>): string {
  if (c.legs.length < 2) return '';
  return c.legs.map((l) => `${t(`call.leg.${l.kind}`)} ${l.extension ?? l.number ?? ''}`.trim()).join(' → ');
}

/** Working time as the desk reads it: "45 мин", "3 ч 05 мин", "26 ч". */
export function workingAgeText(t: T, seconds: number | null): string {
  if (seconds === null) return '';
  const min = Math.floor(seconds / 60);
  if (min < 60) return t('format.age.min', { m: min });
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? t('format.age.hm', { h, m: String(m).padStart(2, '0') }) : t('format.age.h', { h });
}
