/**
 * The scaled-out deployment (issue 18 item 4) as Debian's docker-compose reads it: `docker-compose config -q`
 * passes; Caddy in front of two web processes (ports 80 and 443, its Caddyfile spreading over both and asking
 * /readyz), two bot and two worker processes of the image, each with its role, MariaDB and Redis (append-only
 * file, noeviction); and each process's environment is one the application's own config schema accepts once the
 * operator's secrets are given (the README's `cp .env.example .env`). CI installs docker-compose (.ci/run), so
 * there the test cannot be skipped; a machine without it skips it, saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/schema.ts';

const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasCompose && process.env.CI) throw new Error('CI must have docker-compose (.ci/run installs it): the compose file is checked with it');
if (!hasCompose) console.warn('docker-compose is not installed: the compose file is not checked here (apt-get install docker-compose)');

/** what an operator's .env sets (the README's list), beside the file's own defaults */
const OPERATOR = {
  DOMAIN: 'helpdesk.example.org',
  BOT_TOKEN: '123456:ABCdefGhIJKlmnOPQRstuVWXyz0123456789',
  WEBHOOK_SECRET: 'a-webhook-secret-of-enough-length',
  SECRET_KEY: 'a-secret-key-0123456789abcdef0123456789abcdef',
  MARIADB_PASSWORD: 'a-database-password',
};

/** the application's processes (the image with a role each) */
const APP = ['web-1', 'web-2', 'bot-1', 'bot-2', 'worker-1', 'worker-2'];

type Service = { command?: string[]; environment?: Record<string, string>; ports?: { published: number | string; target: number }[]; volumes?: unknown[] };

/** the file as docker-compose resolves it (interpolated, anchors merged), as JSON through PyYAML (docker-compose's own dependency) */
function resolved(env: Record<string, string>): { services: Record<string, Service> } {
  const yaml = execFileSync('docker-compose', ['config'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const json = execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml, encoding: 'utf8' });
  return JSON.parse(json) as { services: Record<string, Service> };
}

describe.skipIf(!hasCompose)('docker-compose.yml', () => {
  it('is valid as it stands (docker-compose config -q), and with the operator settings', () => {
    expect(spawnSync('docker-compose', ['config', '-q'], { env: { ...process.env } }).status).toBe(0);
    expect(spawnSync('docker-compose', ['config', '-q'], { env: { ...process.env, ...OPERATOR } }).status).toBe(0);
  });

  it('runs Caddy before two web processes, two bot processes and two workers on one MariaDB and one Redis', () => {
    const { services } = resolved(OPERATOR);
    expect(Object.keys(services).sort()).toEqual(['bot-1', 'bot-2', 'caddy', 'mariadb', 'redis', 'web-1', 'web-2', 'worker-1', 'worker-2']);
    expect(services.caddy!.ports!.map((p) => [Number(p.published), p.target])).toEqual(
      expect.arrayContaining([
        [80, 80],
        [443, 443],
      ]),
    );
    // only Caddy is published: the web processes are reached through it
    for (const name of APP) expect(services[name]!.ports ?? []).toEqual([]);
    const role = (name: string) => {
      const c = services[name]!.command ?? [];
      return c[c.indexOf('--role') + 1];
    };
    expect(APP.map(role)).toEqual(['web', 'web', 'bot', 'bot', 'worker', 'worker']);
    const redis = services.redis!.command!.join(' ');
    expect(redis).toContain('--appendonly yes');
    expect(redis).toContain('--maxmemory-policy noeviction');

    const caddyfile = readFileSync('Caddyfile', 'utf8');
    expect(caddyfile).toMatch(/reverse_proxy web-1:3000 web-2:3000/);
    expect(caddyfile).toMatch(/health_uri \/readyz/);
  });

  it("gives every process an environment the application's config accepts: webhook mode behind the proxy, on MariaDB and Redis", () => {
    const { services } = resolved(OPERATOR);
    for (const name of APP) {
      const env = services[name]!.environment!;
      const config = loadConfig(env);
      expect(config.BOT_MODE, name).toBe('webhook');
      expect(config.WEBHOOK_URL, name).toBe(`https://${OPERATOR.DOMAIN}/telegram/webhook`);
      expect(config.PUBLIC_URL, name).toBe(`https://${OPERATOR.DOMAIN}`);
      expect(env.DATABASE_URL, name).toMatch(/^mariadb:\/\/helpdesk:a-database-password@mariadb:3306\//);
      expect(env.REDIS_URL, name).toBe('redis://redis:6379');
      expect(env.TRUST_PROXY, name).toBe('1');
    }
    // without the webhook's secret the processes refuse to start (the README says so)
    const { services: bare } = resolved({ ...OPERATOR, WEBHOOK_SECRET: '' });
    expect(() => loadConfig(bare['web-1']!.environment!)).toThrow(/WEBHOOK_SECRET/);
  });
});
