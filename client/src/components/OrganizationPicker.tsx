// The «Наименование ОО» field: free text, or an organisation from the directory (found by name or phone).
import { AutoComplete, Input } from 'antd';
import { useEffect, useState } from 'react';
import { SUBSYSTEM_LABELS } from '../../../shared/domain';
import type { OrganizationDto } from '../../../shared/api';
import { useOrganizations } from '../api/organizations';
import { useI18n } from '../lib/i18n';
import '../lib/messages/entry';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  /** Called with the directory entry when one is chosen, or null when the text no longer matches it. */
  onPick?: (org: OrganizationDto | null) => void;
  id?: string;
}

export function OrganizationPicker({ value, onChange, onPick, id }: Props) {
  const { t, label } = useI18n();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);
  const found = useOrganizations(debounced.length >= 2 ? debounced : '', 10);
  const orgs = debounced.length >= 2 ? (found.data?.items ?? []) : [];
  return (
    <AutoComplete
      value={value}
      options={orgs.map((o) => ({
        value: String(o.id),
        label: (
          <div>
            <div>{o.shortName || o.fullName}</div>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>
              {[o.municipality, label(SUBSYSTEM_LABELS, o.defaultSubsystem), o.phones.slice(0, 2).join(', ')]
                .filter(Boolean)
                .join(' · ')}
            </div>
          </div>
        ),
      }))}
      onSearch={setQuery}
      onSelect={(idValue: string) => {
        const org = orgs.find((o) => String(o.id) === idValue);
        if (!org) return;
        onChange?.(org.shortName || org.fullName);
        onPick?.(org);
      }}
      onChange={(text: string) => {
        if (orgs.some((o) => String(o.id) === text)) return;
        onChange?.(text);
        onPick?.(null);
      }}
    >
      <Input id={id} placeholder={t('entry.placeholder.organization')} />
    </AutoComplete>
  );
}
