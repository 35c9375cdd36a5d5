import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';

describe('loadConfig', () => {
  it('applies the embedded defaults', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.PORT).toBe(3978);
    expect(result.config.HOST).toBe('127.0.0.1');
    expect(result.config.DATA_DIR).toBe('./data');
    expect(result.config.PLATFORM_MODE).toBe('sandbox');
    expect(result.config.PLATFORM_API_KEY).toBe('sandbox');
    expect(result.config.publicUrl).toBe('http://127.0.0.1:3978');
    expect(result.config.PLATFORM_WEBHOOK_SECRET).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PLATFORM_MODE', 'cloud'],
    ['LOG_LEVEL', 'loud'],
    ['PLATFORM_API_URL', 'not a url'],
    ['ATTACHMENT_MAX_BYTES', '-1'],
    ['TRUSTED_PROXIES', '10.0.0.0/8, proxy.internal'],
    ['TRUSTED_PROXIES', '300.1.1.1'],
    ['CONSOLE_TIME_ZONE', 'Mars/Olympus'],
    ['ALLOW_SANDBOX_SETTINGS', 'maybe'],
    ['ATTACHMENT_REQUEST_MAX_BYTES', '2048'],
  ])('names %s when its value %j is bad', (name, value) => {
    const result = loadConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain(name);
  });

  it('switches to the remote platform when PLATFORM_API_URL is set', () => {
    const result = loadConfig({ PLATFORM_API_URL: 'https://cards.example/api', PLATFORM_WEBHOOK_SECRET: 's3cret' });
    expect(result.ok && result.config.PLATFORM_MODE).toBe('remote');
  });

  it('requires the webhook secret for a remote platform', () => {
    const result = loadConfig({ PLATFORM_MODE: 'remote', PLATFORM_API_URL: 'https://cards.example/api' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain('PLATFORM_WEBHOOK_SECRET');
  });

  it('opens the site APIs without a secret only in development with the sandbox', () => {
    const open = (env: NodeJS.ProcessEnv) => {
      const r = loadConfig(env);
      return r.ok && r.config.openWithoutSecrets;
    };
    expect(open({})).toBe(true);
    expect(open({ NODE_ENV: 'production', ALLOW_SANDBOX_SETTINGS: 'true' })).toBe(false);
    expect(open({ PLATFORM_API_URL: 'https://cards.example/api', PLATFORM_WEBHOOK_SECRET: 's' })).toBe(false);
  });

  it('defaults the console time zone to Asia/Shanghai and the per-request upload limit to the per-file one', () => {
    const r = loadConfig({ ATTACHMENT_MAX_BYTES: '2048' });
    expect(r.ok && r.config.CONSOLE_TIME_ZONE).toBe('Asia/Shanghai');
    expect(r.ok && r.config.ATTACHMENT_REQUEST_MAX_BYTES).toBe(2048);
  });
});
