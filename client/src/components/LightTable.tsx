// A plain table for the desk's short lists (no sorting, filters, selection or paging). antd's Table
// would bring rc-table, Tree, Checkbox, Dropdown, Pagination and Select to the page every specialist
// opens first; this draws the same small table from the theme's tokens. Rows are real <tr>s.
import { Empty, Spin, theme } from 'antd';
import type { ReactNode } from 'react';
import './LightTable.css';

export interface LightColumn<T> {
  key?: string;
  title?: ReactNode;
  width?: number;
  /** One line, cut with an ellipsis (the cell takes the room left). */
  ellipsis?: boolean;
  render: (row: T, index: number) => ReactNode;
}

export interface LightTableProps<T> {
  rowKey: (row: T) => string | number;
  columns: LightColumn<T>[];
  rows: T[];
  loading?: boolean;
  /** Shown when there are no rows. */
  empty: string;
  onRowClick?: (row: T) => void;
  'data-testid'?: string;
}

export function LightTable<T>(p: LightTableProps<T>) {
  const { token } = theme.useToken();
  const cell = { borderBottom: `1px solid ${token.colorBorderSecondary}` };
  return (
    <Spin spinning={!!p.loading}>
      <table className="callog-light-table" style={{ fontSize: token.fontSize }} data-testid={p['data-testid']}>
        <thead>
          <tr>
            {p.columns.map((c, i) => (
              <th
                key={c.key ?? i}
                style={{ ...cell, width: c.width, background: token.colorFillAlter, color: token.colorTextHeading }}
              >
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colSpan={p.columns.length} style={cell}>
                <Empty description={p.empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              </td>
            </tr>
          ) : (
            p.rows.map((row, index) => {
              const key = p.rowKey(row);
              return (
                <tr
                  key={key}
                  onClick={p.onRowClick ? () => p.onRowClick!(row) : undefined}
                  style={p.onRowClick ? { cursor: 'pointer' } : undefined}
                >
                  {p.columns.map((c, i) => (
                    <td
                      key={c.key ?? i}
                      className={c.ellipsis ? 'callog-light-ellipsis' : undefined}
                      style={{ ...cell, width: c.width }}
                    >
                      {c.render(row, index)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </Spin>
  );
}
