import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config.error';

// Scheduled finance reports: the folder they may be saved under, and the SMTP server that mails
// them (SMTP_URL, SMTP_FROM). Read by load-server-config.ts with the rest of the environment.

export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte (port 465); smtp://: plain, upgraded with STARTTLS when offered (not on loopback). */
  secure: boolean;
  user: string | null;
  password: string | null;
  /** The From header: `reports@example.com` or `Finance <reports@example.com>`. */
  from: string;
  /** The address alone, for MAIL FROM. */
  fromAddress: string;
}

export interface ReportsConfig {
  /** Scheduled reports saved to a folder go under `<dataDir>/reports/<tenant>/`, never elsewhere. */
  dir: string;
  /** Null without SMTP_URL: schedules that e-mail are refused. */
  smtp: SmtpConfig | null;
}

export const smtpRules = {
  SMTP_URL: {
    schema: z.url({ protocol: /^smtps?$/ }),
    expect: 'must be an smtp:// or smtps:// URL, like smtp://user:password@mail.example.com:587',
  },
  SMTP_FROM: {
    schema: z.string().trim().regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/),
    expect: 'must be an e-mail address, or a name and address like Finance <reports@example.com>',
  },
} as const;

/** The address inside `Name <address>`, or the whole when there are no brackets. */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

export function reportsConfig(dataDir: string, env: { SMTP_URL?: string; SMTP_FROM?: string }): ReportsConfig {
  const dir = path.join(dataDir, 'reports');
  if (!env.SMTP_URL) {
    if (env.SMTP_FROM) throw new ConfigError('SMTP_FROM is set without SMTP_URL: set SMTP_URL to mail scheduled reports, or unset SMTP_FROM');
    return { dir, smtp: null };
  }
  if (!env.SMTP_FROM) throw new ConfigError('SMTP_URL needs SMTP_FROM, the address scheduled reports are sent from');
  const url = new URL(env.SMTP_URL);
  const secure = url.protocol === 'smtps:';
  return {
    dir,
    smtp: {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user: url.username ? decodeURIComponent(url.username) : null,
      password: url.password ? decodeURIComponent(url.password) : null,
      from: env.SMTP_FROM.trim(),
      fromAddress: addressOf(env.SMTP_FROM),
    },
  };
}
