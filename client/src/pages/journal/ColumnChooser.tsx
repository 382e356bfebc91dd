// The journal's column chooser: a button opening a list of checkboxes, usable from the keyboard (Enter
// opens it and moves focus to the first box, Space ticks, Escape closes and gives focus back).
import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover, Typography } from 'antd';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../lib/i18n';
import { COLUMN_TITLES, DEFAULT_COLUMNS, OPTIONAL_COLUMNS, type OptionalColumn } from './journalColumns';
import '../../lib/messages/journal';

export function ColumnChooser(p: {
  shown: readonly OptionalColumn[];
  onChange: (next: readonly OptionalColumn[] | null) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const isDefault = p.shown.length === DEFAULT_COLUMNS.length && DEFAULT_COLUMNS.every((k) => p.shown.includes(k));

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close();
  };

  const content = (
    <div role="dialog" aria-labelledby={titleId} onKeyDown={onKeyDown} data-testid="journal-columns-list">
      <Typography.Text strong id={titleId}>
        {t('journal.columns.title')}
      </Typography.Text>
      <div style={{ color: '#8c8c8c', fontSize: 12, margin: '2px 0 8px', maxWidth: 240 }}>
        {t('journal.columns.always')}
      </div>
      <div ref={list} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {OPTIONAL_COLUMNS.map((k) => (
          <Checkbox
            key={k}
            checked={p.shown.includes(k)}
            onChange={(e) => p.onChange(e.target.checked ? [...p.shown, k] : p.shown.filter((s) => s !== k))}
          >
            {t(COLUMN_TITLES[k])}
          </Checkbox>
        ))}
      </div>
      <Button
        size="small"
        type="link"
        style={{ padding: 0, marginTop: 8 }}
        disabled={isDefault}
        onClick={() => p.onChange(null)}
      >
        {t('journal.columns.reset')}
      </Button>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      content={content}
      // Next to its button in the DOM, so Tab walks from the button into the list.
      getPopupContainer={(node) => node.parentElement ?? document.body}
      afterOpenChange={(visible) => {
        if (visible) list.current?.querySelector('input')?.focus();
      }}
    >
      <Button
        ref={button}
        icon={<SettingOutlined />}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="journal-columns"
      >
        {t('journal.columns')}
      </Button>
    </Popover>
  );
}
