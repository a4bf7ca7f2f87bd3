/** Redis without ceremony: with nothing listening, a private redis-server is started, persists, and stops. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/infra/logger.ts';
import { optionsFromUrl, resolveRedis } from '../../core/infra/redis.ts';

describe('resolveRedis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hd-redis-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = createLogger('silent');

  it('uses REDIS_URL when given', async () => {
    const ep = await resolveRedis({ url: 'redis://:p%40ss@example.org:6390/2', dataDir: dir, log });
    expect(ep.options).toMatchObject({ host: 'example.org', port: 6390, password: 'p@ss', db: 2 });
    expect(ep.description).not.toContain('p%40ss');
    expect(optionsFromUrl('unix:///tmp/r.sock')).toEqual({ path: '/tmp/r.sock' });
  });

  it('reads a Sentinel URL: the sentinels, the master name, the password and the database', () => {
    expect(optionsFromUrl('redis-sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2/helpdesk/1')).toMatchObject({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'helpdesk',
      password: 's@cret',
      sentinelPassword: 's@cret',
      db: 1,
    });
    expect(() => optionsFromUrl('redis-sentinel://10.0.0.1:26379')).toThrow(/master name/);
  });

  it('uses the Redis answering on the local port', async () => {
    const ep = await resolveRedis({ dataDir: dir, log });
    expect(ep.description).toBe('redis://127.0.0.1:6379');
  });

  it('starts a private redis-server with AOF when nothing answers, and stops it', async () => {
    const ep = await resolveRedis({ dataDir: dir, log, localPort: 1 });
    expect(ep.description).toContain('private redis-server');
    const r = new Redis(ep.options);
    await r.set('k', 'v');
    expect(await r.get('k')).toBe('v');
    expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    r.disconnect();
    await ep.stop();
    expect(existsSync(join(dir, 'redis'))).toBe(true);
    // data survives a restart of the private server
    const again = await resolveRedis({ dataDir: dir, log, localPort: 1 });
    const r2 = new Redis(again.options);
    expect(await r2.get('k')).toBe('v');
    r2.disconnect();
    await again.stop();
  });
});
