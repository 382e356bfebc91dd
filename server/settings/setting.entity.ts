// Key-value settings changed at run time by the admin (working hours and the like).
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';

export interface SettingRow {
  key: string;
  value: unknown;
  updatedAt: Date;
}

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: { name: 'key', type: 'varchar', length: 64, primary: true },
    value: col.jsonb('value'),
    updatedAt: col.updated(),
  },
});
