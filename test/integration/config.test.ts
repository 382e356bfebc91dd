// The environment is parsed once; a bad value stops the boot with one message listing every problem.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('config', () => {
  it('has the defaults of the run-time contract', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      ami: undefined,
      adminLogin: 'admin',
      timeZone: 'Asia/Yekaterinburg',
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('lists every problem at once', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', TZ_CENTRE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', AMI_HOST: 'pbx.local' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/TZ_CENTRE/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/AMI_USER and AMI_SECRET are required/);
  });

  it('never echoes secrets in its messages', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD must be at least 8/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).not.toThrow(/"short"/);
  });

  it('stops the real boot with a clear message and a non-zero exit', () => {
    const root = path.resolve(__dirname, '..', '..');
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '99999', TZ_CENTRE: 'Nowhere/Town', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/callog cannot start\. Invalid configuration:/);
    expect(run.stderr).toMatch(/PORT: PORT must be 0\.\.65535/);
    expect(run.stderr).toMatch(/TZ_CENTRE/);
    expect(run.stderr).toMatch(/config\/env\.example/);
  });
});
