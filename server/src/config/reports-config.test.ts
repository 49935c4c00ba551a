import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.error';
import { loadServerConfig } from './load-server-config';

const cwd = '/srv/capliquify';
const load = (env: NodeJS.ProcessEnv) => loadServerConfig(env, cwd).reports;
const message = (env: NodeJS.ProcessEnv) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('the scheduled reports configuration', () => {
  it('saves reports under the data folder and mails none without SMTP_URL', () => {
    expect(load({ CAPLIQUIFY_DATA_DIR: '/var/lib/cq' })).toEqual({ dir: '/var/lib/cq/reports', smtp: null });
  });

  it('reads the SMTP server, credentials decoded, port by scheme', () => {
    expect(load({ SMTP_URL: 'smtp://reports%40example.com:p%40ss%3Aword@mail.example.com', SMTP_FROM: 'Finance <reports@example.com>' }).smtp).toEqual({
      host: 'mail.example.com', port: 587, secure: false, user: 'reports@example.com', password: 'p@ss:word',
      from: 'Finance <reports@example.com>', fromAddress: 'reports@example.com',
    });
    expect(load({ SMTP_URL: 'smtps://mail.example.com', SMTP_FROM: 'reports@example.com' }).smtp).toMatchObject({ port: 465, secure: true, user: null, password: null, fromAddress: 'reports@example.com' });
    expect(load({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'r@example.com' }).smtp).toMatchObject({ host: '127.0.0.1', port: 2525 });
  });

  it('stops the start on a bad or incomplete SMTP setting, naming the variable', () => {
    expect(message({ SMTP_URL: 'https://mail.example.com', SMTP_FROM: 'r@example.com' })).toContain('SMTP_URL must be an smtp:// or smtps:// URL');
    expect(message({ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'not an address' })).toContain('SMTP_FROM must be an e-mail address');
    expect(message({ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'Evil\r\nBcc: x@y.z <r@example.com>' })).toContain('SMTP_FROM must be');
    expect(message({ SMTP_URL: 'smtp://mail.example.com' })).toBe('SMTP_URL needs SMTP_FROM, the address scheduled reports are sent from');
    expect(message({ SMTP_FROM: 'r@example.com' })).toMatch(/^SMTP_FROM is set without SMTP_URL/);
  });
});
