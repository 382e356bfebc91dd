// «Скачать»: a table as Excel (XLSX) or CSV, with the filters the page shows.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useMessage } from '../lib/message';
import { useState } from 'react';
import { qs } from '../api/http';
import { downloadFile } from '../api/download';
import { useI18n } from '../lib/i18n';

export function ExportButton({
  path,
  params,
  name,
  size,
}: {
  /** The export route, e.g. /api/calls/export. */
  path: string;
  params: Record<string, string | number | undefined>;
  /** Fallback file name without the extension. */
  name: string;
  size?: 'small' | 'middle';
}) {
  const { message } = useMessage();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const download = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      await downloadFile(`${path}${qs({ ...params, format })}`, `${name}.${format}`);
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'xlsx', label: 'Excel (XLSX)' },
          { key: 'csv', label: t('export.csv') },
        ],
        onClick: ({ key }) => void download(key as 'xlsx' | 'csv'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} size={size} data-testid={`export-${name}`}>
        {t('export.download')}
      </Button>
    </Dropdown>
  );
}
