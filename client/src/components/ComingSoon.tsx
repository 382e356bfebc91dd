import { Card, Empty } from 'antd';
import { useI18n } from '../lib/i18n';
import { PageHeader } from './PageHeader';

/** A section whose issue has not landed yet. */
export function ComingSoon({ title }: { title: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <Empty description={t('page.soon')} />
      </Card>
    </>
  );
}
