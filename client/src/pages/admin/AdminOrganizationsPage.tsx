// Admin: the directory of educational organisations, with CSV import from Excel.
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, List, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useMessage } from '../../lib/message';
import { useState } from 'react';
import type { ImportReport, OrganizationBody, OrganizationDto } from '../../../../shared/api';
import { SUBSYSTEM_LABELS, SUBSYSTEMS } from '../../../../shared/domain';
import { ApiError } from '../../api/http';
import { importOrganizations, useOrganizations, useSaveOrganization } from '../../api/organizations';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import '../../lib/messages/admin';

const PAGE = 50;

export function AdminOrganizationsPage() {
  const { message } = useMessage();
  const { t, label } = useI18n();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const orgs = useOrganizations(q, PAGE, (page - 1) * PAGE);
  const [editing, setEditing] = useState<OrganizationDto | 'new' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importing, setImporting] = useState(false);

  const upload = async (file: File) => {
    setImporting(true);
    try {
      setReport(await importOrganizations(file));
      void qc.invalidateQueries({ queryKey: ['organizations'] });
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setImporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        extra={
          <Space>
            <Input.Search
              allowClear
              placeholder={t('orgs.search')}
              style={{ width: 300 }}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
            />
            <Upload
              accept=".csv,text/csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={importing} data-testid="import-csv">
                {t('orgs.import.button')}
              </Button>
            </Upload>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('orgs.add')}
            </Button>
          </Space>
        }
      />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('orgs.import.title')}
        description={t('orgs.import.columns')}
      />
      {report && (
        <Alert
          type={report.rejected.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setReport(null)}
          style={{ marginBottom: 12 }}
          data-testid="import-report"
          title={t('orgs.import.report', {
            total: report.total,
            created: report.created,
            updated: report.updated,
            rejected: report.rejected.length,
            encoding: report.encoding,
          })}
          description={
            report.rejected.length > 0 && (
              <List
                size="small"
                dataSource={report.rejected.slice(0, 50)}
                renderItem={(r) => (
                  <List.Item>{t('orgs.import.rejectedLine', { line: r.line, reason: r.reason })}</List.Item>
                )}
              />
            )
          }
        />
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<OrganizationDto>
          rowKey="id"
          size="small"
          loading={orgs.isFetching}
          dataSource={orgs.data?.items ?? []}
          onRow={(o) => ({ onClick: () => setEditing(o), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: orgs.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (n) => t('orgs.total', { n }),
          }}
          columns={[
            { title: t('orgs.fullName'), dataIndex: 'fullName' },
            { title: t('orgs.shortNameCol'), dataIndex: 'shortName' },
            { title: t('orgs.municipality'), dataIndex: 'municipality' },
            {
              title: t('orgs.subsystem'),
              dataIndex: 'defaultSubsystem',
              render: (v: OrganizationDto['defaultSubsystem']) => label(SUBSYSTEM_LABELS, v),
            },
            {
              title: t('orgs.phones'),
              dataIndex: 'phones',
              render: (xs: string[]) => xs.map((x) => <Tag key={x}>{x}</Tag>),
            },
            { title: t('orgs.emails'), dataIndex: 'emails', render: (xs: string[]) => xs.join(', ') },
            {
              title: '',
              dataIndex: 'active',
              render: (a: boolean) => !a && <Typography.Text type="secondary">{t('orgs.inactive')}</Typography.Text>,
            },
          ]}
        />
      </Card>
      {editing && <OrganizationModal org={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function OrganizationModal({ org, onClose }: { org: OrganizationDto | null; onClose: () => void }) {
  const { message } = useMessage();
  const { t, label } = useI18n();
  const [form] = Form.useForm<OrganizationBody>();
  const save = useSaveOrganization();
  const submit = (body: OrganizationBody) =>
    save.mutate(
      { id: org?.id ?? null, body },
      {
        onSuccess: () => {
          void message.success(t('orgs.saved'));
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.fields) {
            form.setFields(
              Object.entries(err.fields).map(([name, m]) => ({
                name: name.split('.')[0] as keyof OrganizationBody,
                errors: [m],
              })),
            );
          }
          void message.error(err.message);
        },
      },
    );
  return (
    <Modal
      open
      width={680}
      title={org ? org.fullName : t('orgs.new')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<OrganizationBody>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          org ?? {
            phones: [],
            emails: [],
            active: true,
            defaultSubsystem: null,
            shortName: '',
            municipality: '',
            kind: '',
          }
        }
      >
        <Form.Item name="fullName" label={t('orgs.fullName')} rules={[{ required: true, min: 3 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('orgs.shortName')}>
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="municipality" label={t('orgs.municipality')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('orgs.kind')} style={{ flex: 1 }}>
            <Input placeholder={t('orgs.kindPlaceholder')} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="defaultSubsystem" label={t('orgs.subsystem')}>
          <Select allowClear options={SUBSYSTEMS.map((s) => ({ value: s, label: label(SUBSYSTEM_LABELS, s) }))} />
        </Form.Item>
        <Form.Item name="phones" label={t('orgs.phones')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',']} placeholder="8 (3452) 12-34-56" />
        </Form.Item>
        <Form.Item name="emails" label={t('orgs.emails')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
