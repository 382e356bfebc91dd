// The monthly hand-over of the signed Form No. 1: printed by the specialist, received by the head.
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';

export interface HandoverRow {
  id: number;
  specialistId: number;
  /** "YYYY-MM" of the reported month. */
  month: string;
  printedAt: Date | null;
  printedById: number | null;
  receivedAt: Date | null;
  receivedById: number | null;
}

export const HandoverEntity = new EntitySchema<HandoverRow>({
  name: 'Handover',
  tableName: 'report_handovers',
  columns: {
    id: col.id(),
    specialistId: col.int('specialist_id'),
    month: col.varchar('month', 7),
    printedAt: col.time('printed_at', { nullable: true }),
    printedById: col.int('printed_by_id', { nullable: true }),
    receivedAt: col.time('received_at', { nullable: true }),
    receivedById: col.int('received_by_id', { nullable: true }),
  },
  uniques: [{ name: 'report_handovers_specialist_month_uq', columns: ['specialistId', 'month'] }],
  foreignKeys: [
    { target: 'User', columnNames: ['specialistId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['printedById'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['receivedById'], referencedColumnNames: ['id'] },
  ],
});
