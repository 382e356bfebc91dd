// Small builders for EntitySchema columns: snake_case names, explicit types, no decorators.
import type { EntitySchemaColumnOptions } from 'typeorm';

type Extra = Partial<EntitySchemaColumnOptions>;

export const col = {
  id: (): EntitySchemaColumnOptions => ({ type: 'int', primary: true, generated: 'increment' }),
  int: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({ name, type: 'int', ...extra }),
  bool: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({ name, type: 'boolean', ...extra }),
  text: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({ name, type: 'text', ...extra }),
  varchar: (name: string, length: number, extra: Extra = {}): EntitySchemaColumnOptions => ({
    name,
    type: 'varchar',
    length,
    ...extra,
  }),
  textArray: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({
    name,
    type: 'text',
    array: true,
    default: () => "'{}'",
    ...extra,
  }),
  time: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({ name, type: 'timestamptz', ...extra }),
  date: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({ name, type: 'date', ...extra }),
  jsonb: (name: string, extra: Extra = {}): EntitySchemaColumnOptions => ({ name, type: 'jsonb', ...extra }),
  created: (): EntitySchemaColumnOptions => ({ name: 'created_at', type: 'timestamptz', createDate: true }),
  updated: (): EntitySchemaColumnOptions => ({ name: 'updated_at', type: 'timestamptz', updateDate: true }),
};
