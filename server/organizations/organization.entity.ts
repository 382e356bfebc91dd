// The directory of educational organisations (ОО) with their phones, used for caller-ID lookup.
import { EntitySchema } from 'typeorm';
import type { Subsystem } from '../../shared/domain';
import { col } from '../db/columns';

export interface OrganizationRow {
  id: number;
  fullName: string;
  shortName: string;
  municipality: string;
  kind: string;
  defaultSubsystem: Subsystem | null;
  emails: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const OrganizationEntity = new EntitySchema<OrganizationRow>({
  name: 'Organization',
  tableName: 'organizations',
  columns: {
    id: col.id(),
    fullName: col.text('full_name'),
    shortName: col.text('short_name', { default: '' }),
    municipality: col.text('municipality', { default: '' }),
    kind: col.varchar('kind', 32, { default: '' }),
    defaultSubsystem: col.varchar('default_subsystem', 16, { nullable: true }),
    emails: col.textArray('emails'),
    active: col.bool('active', { default: true }),
    createdAt: col.created(),
    updatedAt: col.updated(),
  },
});

/** A phone of an organisation, normalised; one number may belong to several organisations. */
export interface OrganizationPhoneRow {
  organizationId: number;
  phone: string;
  raw: string;
}

export const OrganizationPhoneEntity = new EntitySchema<OrganizationPhoneRow>({
  name: 'OrganizationPhone',
  tableName: 'organization_phones',
  columns: {
    organizationId: { name: 'organization_id', type: 'int', primary: true },
    phone: { name: 'phone', type: 'varchar', length: 32, primary: true },
    raw: col.varchar('raw', 64, { default: '' }),
  },
  indices: [{ name: 'organization_phones_phone_idx', columns: ['phone'] }],
  foreignKeys: [
    {
      target: 'Organization',
      columnNames: ['organizationId'],
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    },
  ],
});
