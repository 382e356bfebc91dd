// The PBX link state as the instance holding the AMI link last reported it, for every instance to show.
import { EntitySchema } from 'typeorm';
import type { PbxLinkState } from '../../shared/domain';
import { col } from '../db/columns';

export interface PbxStateRow {
  pbxId: string;
  state: PbxLinkState;
  since: Date;
  detail: string;
  instanceId: string;
  updatedAt: Date;
}

export const PbxStateEntity = new EntitySchema<PbxStateRow>({
  name: 'PbxState',
  tableName: 'pbx_state',
  columns: {
    pbxId: { name: 'pbx_id', type: 'varchar', length: 128, primary: true },
    state: col.varchar('state', 16),
    since: col.time('since'),
    detail: col.text('detail', { default: '' }),
    instanceId: col.varchar('instance_id', 64),
    updatedAt: col.updated(),
  },
});
