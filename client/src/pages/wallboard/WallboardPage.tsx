// «Табло»: the desk's wall screen. Calls waiting and specialists on a call, with their times ticking,
// today's service level and the lost callers still to call back; kept live by `stats:live` pushes
// and built from the database, so a restart of callog changes nothing on it.
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDuration, formatTime } from '../../../../shared/datetime';
import { useElapsed, useLive } from '../../api/live';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { usePbxLink } from '../../realtime/socket';
import { callerText } from '../calls/callText';
import '../../lib/messages/stats';

const page: CSSProperties = {
  minHeight: '100vh',
  background: '#0f172a',
  color: '#e2e8f0',
  padding: 'clamp(16px, 2vw, 40px)',
  fontSize: 'clamp(16px, 1.3vw, 26px)',
  boxSizing: 'border-box',
};
const panel: CSSProperties = { background: '#1e293b', borderRadius: 12, padding: '0.8em 1em' };
const muted: CSSProperties = { color: '#94a3b8' };

function Tile({ title, value, note, tone }: { title: string; value: ReactNode; note?: ReactNode; tone?: string }) {
  return (
    <div style={{ ...panel, flex: 1, minWidth: 0 }} data-testid="wall-tile">
      <div style={{ ...muted, fontSize: '0.9em' }}>{title}</div>
      <div style={{ fontSize: '2.8em', fontWeight: 700, lineHeight: 1.15, color: tone ?? '#f8fafc' }}>{value}</div>
      {note && <div style={{ ...muted, fontSize: '0.85em' }}>{note}</div>}
    </div>
  );
}

function Clock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(now, timeZone)}</span>;
}

export function WallboardPage() {
  const { t } = useI18n();
  const { timeZone } = useSession();
  const { state, text: link } = usePbxLink();
  const live = useLive(true);
  const elapsed = useElapsed();
  // The whole screen dark, edge to edge.
  useEffect(() => {
    const prev = { margin: document.body.style.margin, background: document.body.style.background };
    document.body.style.margin = '0';
    document.body.style.background = page.background as string;
    return () => {
      document.body.style.margin = prev.margin;
      document.body.style.background = prev.background;
    };
  }, []);
  const b = live.data;

  const waiting = b?.waiting ?? [];
  const talking = b?.talking ?? [];
  const longest = b?.longestWaitSince ? elapsed(b.longestWaitSince, b.skewMs) : null;
  const sl = b?.today.serviceLevel;
  const slTone =
    sl === null || sl === undefined ? undefined : sl >= 0.8 ? '#4ade80' : sl >= 0.6 ? '#facc15' : '#f87171';

  return (
    <div style={page} data-testid="wallboard">
      <div style={{ display: 'flex', alignItems: 'center', gap: '1em', marginBottom: '1em' }}>
        <div style={{ fontSize: '1.5em', fontWeight: 700, flex: 1 }}>{t('wallboard.title')}</div>
        <span data-testid="wall-pbx" style={{ display: 'inline-flex', alignItems: 'center', gap: '0.4em' }}>
          <span
            style={{
              width: '0.7em',
              height: '0.7em',
              borderRadius: '50%',
              background: state === 'up' ? '#4ade80' : state === 'connecting' ? '#60a5fa' : '#f87171',
            }}
          />
          <span style={state === 'up' ? undefined : { color: '#f87171', fontWeight: 700 }}>{link}</span>
        </span>
        <span style={{ fontSize: '1.5em', fontWeight: 700 }}>
          <Clock timeZone={timeZone} />
        </span>
        <Link to="/desk" style={{ ...muted, fontSize: '0.8em' }}>
          {t('wallboard.close')}
        </Link>
      </div>

      <div style={{ display: 'flex', gap: '1em', marginBottom: '1em' }}>
        <Tile
          title={t('live.waiting')}
          value={b?.waitingCount ?? 0}
          tone={b?.waitingCount ? '#f87171' : undefined}
          note={longest === null ? t('wallboard.nobodyWaits') : t('wallboard.longest', { d: formatDuration(longest) })}
        />
        <Tile title={t('live.talking')} value={b?.talkingCount ?? 0} note={t('wallboard.talkingNote')} />
        <Tile
          title={t('live.slToday')}
          value={sl === null || sl === undefined ? '—' : `${Math.round(sl * 100)} %`}
          tone={slTone}
          note={t('wallboard.slNote', { s: b?.serviceLevelSeconds ?? 20 })}
        />
        <Tile
          title={t('live.answeredToday')}
          value={b ? t('format.of', { a: b.today.answered, b: b.today.offered }) : '—'}
          note={
            b
              ? t('wallboard.todayNote', {
                  missed: b.today.missed,
                  abandoned: b.today.abandoned,
                  afterHours: b.today.afterHours,
                })
              : undefined
          }
        />
        <Tile
          title={t('live.unreached')}
          value={b?.today.lostUnreached ?? '—'}
          tone={b?.today.lostUnreached ? '#facc15' : undefined}
          note={b ? t('wallboard.lostNote', { n: b.today.lostCallers }) : undefined}
        />
      </div>

      <div style={{ display: 'flex', gap: '1em', alignItems: 'flex-start' }}>
        <section style={{ ...panel, flex: 1 }} data-testid="wall-waiting">
          <h2 style={{ margin: '0 0 0.5em', fontSize: '1.2em', color: '#f8fafc' }}>{t('live.waiting')}</h2>
          {waiting.length === 0 && <div style={muted}>{t('wallboard.noneWaiting')}</div>}
          {waiting.map((w) => (
            <Row key={w.callId} left={callerText(t, w.callerNumber)} middle={w.lineLabel ?? ''}>
              <span style={{ color: '#f87171' }}>{formatDuration(elapsed(w.since, b!.skewMs))}</span>
            </Row>
          ))}
          {b && b.waitingCount > waiting.length && (
            <div style={muted}>{t('wallboard.more', { n: b.waitingCount - waiting.length })}</div>
          )}
        </section>
        <section style={{ ...panel, flex: 1 }} data-testid="wall-talking">
          <h2 style={{ margin: '0 0 0.5em', fontSize: '1.2em', color: '#f8fafc' }}>{t('live.talking')}</h2>
          {talking.length === 0 && <div style={muted}>{t('wallboard.noneTalking')}</div>}
          {talking.map((c) => (
            <Row
              key={c.callId}
              left={c.name}
              middle={[c.extension && t('wallboard.extension', { ext: c.extension }), callerText(t, c.callerNumber)]
                .filter(Boolean)
                .join(' · ')}
            >
              {formatDuration(elapsed(c.since, b!.skewMs))}
            </Row>
          ))}
          {b && b.talkingCount > talking.length && (
            <div style={muted}>{t('wallboard.more', { n: b.talkingCount - talking.length })}</div>
          )}
        </section>
      </div>
      {live.isError && <div style={{ ...panel, marginTop: '1em', color: '#f87171' }}>{t('wallboard.offline')}</div>}
    </div>
  );
}

function Row({ left, middle, children }: { left: ReactNode; middle: ReactNode; children: ReactNode }) {
  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'baseline',
        gap: '0.8em',
        padding: '0.35em 0',
        borderTop: '1px solid #334155',
      }}
    >
      <span style={{ fontWeight: 600, flex: '0 1 auto', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {left}
      </span>
      <span
        style={{ ...muted, flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >
        {middle}
      </span>
      <span style={{ fontSize: '1.4em', fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>{children}</span>
    </div>
  );
}
