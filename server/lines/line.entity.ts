// Support lines: the numbers (DIDs) callers dial; calls to other numbers are ignored.
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';

export interface LineRow {
  id: number;
  /** Short code used on the PBX and in the UI, e.g. "390679". */
  code: string;
  name: string;
  /** Ten-digit national number, e.g. "3452390679". */
  did: string;
  /** As printed for people, e.g. "8 (3452) 390-679". */
  displayNumber: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const LineEntity = new EntitySchema<LineRow>({
  name: 'Line',
  tableName: 'lines',
  columns: {
    id: col.id(),
    code: col.varchar('code', 16, { unique: true }),
    name: col.text('name'),
    did: col.varchar('did', 16, { unique: true }),
    displayNumber: col.varchar('display_number', 32),
    active: col.bool('active', { default: true }),
    createdAt: col.created(),
    updatedAt: col.updated(),
  },
});
