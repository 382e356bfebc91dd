// Small look-alikes of antd pieces for the frame and the desk, the pages every specialist opens first:
// antd's Statistic, Badge and Segmented each bring their own styles and helpers to a page that needs a
// figure, a coloured dot and a two-way switch. Drawn from the theme's tokens.
import { Button, Space, theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/** A figure with its title above (antd Statistic's look). */
export function Figure(p: { title: ReactNode; value: ReactNode; suffix?: ReactNode; color?: string; testId?: string }) {
  const { token } = theme.useToken();
  return (
    <div data-testid={p.testId}>
      <div style={{ color: token.colorTextDescription, fontSize: token.fontSize, marginBottom: 4 }}>{p.title}</div>
      <div style={{ color: p.color ?? token.colorTextHeading, fontSize: 24, lineHeight: 1.25 }}>
        <span data-testid={p.testId && `${p.testId}-value`}>{p.value}</span>
        {p.suffix !== undefined && <span style={{ fontSize: 16, marginInlineStart: 4 }}>{p.suffix}</span>}
      </div>
    </div>
  );
}

export type DotStatus = 'success' | 'processing' | 'error' | 'default';

/** A status dot with its text (antd Badge status's look). */
export function StatusDot({ status, text }: { status: DotStatus; text: ReactNode }) {
  const { token } = theme.useToken();
  const color = {
    success: token.colorSuccess,
    processing: token.colorInfo,
    error: token.colorError,
    default: token.colorTextQuaternary,
  }[status];
  const dot: CSSProperties = {
    display: 'inline-block',
    width: 6,
    height: 6,
    borderRadius: '50%',
    background: color,
    marginInlineEnd: 8,
    verticalAlign: 'middle',
  };
  return (
    <span>
      <span style={dot} />
      <span style={{ color: token.colorText }}>{text}</span>
    </span>
  );
}

/** A choice of a few options as joined buttons (antd Segmented's job). */
export function Switcher<V extends string>(p: {
  value: V;
  options: { value: V; label: ReactNode }[];
  onChange: (v: V) => void;
}) {
  return (
    <Space.Compact size="small">
      {p.options.map((o) => (
        <Button
          key={o.value}
          size="small"
          type={o.value === p.value ? 'primary' : 'default'}
          aria-pressed={o.value === p.value}
          onClick={() => p.onChange(o.value)}
        >
          {o.label}
        </Button>
      ))}
    </Space.Compact>
  );
}
