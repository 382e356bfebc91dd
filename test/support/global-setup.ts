// Before any test: with CI=true the real parts must be there; the client is built for browser tests.
import fs from 'node:fs';
import { ensureClientBuilt } from '../../scripts/client-build';
import { CHROMIUM_PATH } from './browser-path';
import { postgresAdminUrl } from './pg';

export default async function globalSetup(): Promise<void> {
  if (process.env.CI === 'true') {
    await postgresAdminUrl(); // throws when PostgreSQL is missing
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
    }
  }
  ensureClientBuilt((m) => process.stderr.write(m + '\n'));
}
