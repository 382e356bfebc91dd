// The frame's navigation and the user menu as plain lists with menu roles (keyboard: Tab, Enter).
// antd's Menu and Dropdown would bring their menu machinery to the first page every user opens.
import type { KeyboardEvent, ReactNode } from 'react';
import './NavMenu.css';

export interface NavItem {
  key: string;
  icon?: ReactNode;
  label: ReactNode;
  /** A group heading with its pages under it. */
  children?: NavItem[];
}

const onEnter = (f: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    f();
  }
};

/** The page list: the current page marked; groups open, their pages indented (only icons when collapsed). */
export function NavMenu(p: {
  items: NavItem[];
  selected: string;
  collapsed: boolean;
  onNavigate: (key: string) => void;
}) {
  const item = (i: NavItem, sub = false) => (
    <li
      key={i.key}
      role="menuitem"
      tabIndex={0}
      title={p.collapsed && typeof i.label === 'string' ? i.label : undefined}
      aria-current={p.selected === i.key ? 'page' : undefined}
      className={`callog-nav-item${sub && !p.collapsed ? ' callog-nav-sub' : ''}`}
      onClick={() => p.onNavigate(i.key)}
      onKeyDown={onEnter(() => p.onNavigate(i.key))}
    >
      {i.icon}
      {(!p.collapsed || !i.icon) && (
        <span>{p.collapsed && sub && typeof i.label === 'string' ? i.label.slice(0, 2) : i.label}</span>
      )}
    </li>
  );
  return (
    <ul role="menu" className={`callog-nav${p.collapsed ? ' callog-nav-collapsed' : ''}`}>
      {p.items.map((i) =>
        i.children ? (
          <li key={i.key} role="none">
            <div className="callog-nav-group" role="menuitem" aria-haspopup="menu" aria-expanded="true">
              {i.icon}
              {!p.collapsed && <span>{i.label}</span>}
            </div>
            <ul role="menu" className="callog-nav">
              {i.children.map((c) => item(c, true))}
            </ul>
          </li>
        ) : (
          item(i)
        ),
      )}
    </ul>
  );
}

export interface ActionItem {
  key: string;
  icon?: ReactNode;
  label: ReactNode;
  onClick: () => void;
  /** A line above this item. */
  divided?: boolean;
}

/** A short list of actions (the user menu), for a popover. */
export function ActionMenu({ items, onDone }: { items: ActionItem[]; onDone: () => void }) {
  return (
    <ul role="menu" className="callog-nav" style={{ minWidth: 200, padding: 0 }}>
      {items.map((a) => [
        a.divided ? <li key={`${a.key}-divider`} role="separator" className="callog-nav-divider" /> : null,
        <li
          key={a.key}
          role="menuitem"
          tabIndex={0}
          className="callog-nav-item"
          style={{ margin: '2px 0', height: 32, padding: '0 12px' }}
          onClick={() => {
            onDone();
            a.onClick();
          }}
          onKeyDown={onEnter(() => {
            onDone();
            a.onClick();
          })}
        >
          {a.icon}
          <span>{a.label}</span>
        </li>,
      ])}
    </ul>
  );
}
