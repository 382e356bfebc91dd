// How a call reads for people, the same on the calls page and in its downloads.
import type { CallDto } from './api';

export type CallOutcomeKind = 'talking' | 'ringing' | 'answered' | 'after_hours' | 'abandoned' | 'missed';

export function callOutcomeKind(c: Pick<CallDto, 'state' | 'outcome' | 'afterHours'>): CallOutcomeKind {
  if (c.state !== 'ended') return c.state === 'answered' ? 'talking' : 'ringing';
  if (c.outcome === 'answered') return 'answered';
  if (c.afterHours) return 'after_hours';
  return c.outcome === 'abandoned' ? 'abandoned' : 'missed';
}

export const CALL_OUTCOME_TEXT: Record<CallOutcomeKind, string> = {
  talking: 'идёт разговор',
  ringing: 'звонит',
  answered: 'принят',
  after_hours: 'вне рабочего времени',
  abandoned: 'брошен',
  missed: 'пропущен',
};

export const LEG_LABELS: Record<CallDto['legs'][number]['kind'], string> = {
  answer: 'ответил',
  transfer: 'переведён',
  attended: 'переведён с консультацией',
  pickup: 'перехвачен',
  parking: 'снят с парковки',
  parking_timeout: 'вернулся с парковки',
  external: 'на внешний номер',
};

/** "ответил 101 → переведён 102": who had the call, for a call that moved. */
export function callCourse(c: Pick<CallDto, 'legs'>): string {
  if (c.legs.length < 2) return '';
  return c.legs.map((l) => `${LEG_LABELS[l.kind]} ${l.extension ?? l.number ?? ''}`.trim()).join(' → ');
}
