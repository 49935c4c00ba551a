import { randomBytes } from 'node:crypto';

// A report e-mail as RFC 5322 / MIME text: multipart/mixed with a plain-text part and the report
// files as base64 attachments. Everything is 7-bit (encoded words for non-ASCII headers, base64
// bodies), so any SMTP server takes it without 8BITMIME; CR and LF never reach a header.

export interface MailAttachment { fileName: string; mimeType: string; bytes: Uint8Array }

export interface MailMessage {
  /** `reports@example.com` or `Finance <reports@example.com>`. */
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  attachments: readonly MailAttachment[];
}

const CRLF = '\r\n';

/** base64 in lines of 76 characters (RFC 2045). */
export function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF);
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();
const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** A header value: as it is when plain ASCII, else RFC 2047 encoded words of at most 75 characters each. */
export function encodeHeader(text: string): string {
  const value = oneLine(text);
  if (isPrintableAscii(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    // 45 bytes of UTF-8 make 60 characters of base64: with `=?UTF-8?B?…?=` a word stays under 75.
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) { words.push(chunk); chunk = ''; }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** `filename="…"` for ASCII names, RFC 2231 `filename*=UTF-8''…` otherwise. */
function fileNameParameter(name: string, parameter: 'name' | 'filename'): string {
  const clean = oneLine(name);
  if (isPrintableAscii(clean)) return `${parameter}="${clean.replace(/["\\]/g, '_')}"`;
  return `${parameter}*=UTF-8''${encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The domain of an address, for the Message-ID. */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.replace(/[^\w.-]/g, '') || 'capliquify.invalid';
}

/** `Name <address>` with the name encoded when it is not plain ASCII. */
function mailbox(from: string): string {
  const match = /^(.*?)\s*<([^>]+)>$/.exec(oneLine(from));
  if (!match || !match[1]) return oneLine(from);
  const name = match[1].replace(/^"|"$/g, '');
  return `${isPrintableAscii(name) ? `"${name.replace(/["\\]/g, '')}"` : encodeHeader(name)} <${match[2]}>`;
}

export interface BuildOptions { date?: Date; boundary?: string; messageId?: string }

export function buildMime(message: MailMessage, options: BuildOptions = {}): string {
  const boundary = options.boundary ?? `=_capliquify_${randomBytes(12).toString('hex')}`;
  const messageId = options.messageId ?? `<${randomBytes(16).toString('hex')}@${domainOf(message.from)}>`;
  const headers = [
    `From: ${mailbox(message.from)}`,
    // One address a line: a long list stays within the 998-character limit.
    `To: ${message.to.map(oneLine).join(`,${CRLF} `)}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${(options.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [
    ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(message.text, 'utf8'))].join(CRLF),
    ...message.attachments.map((a) => [
      `Content-Type: ${oneLine(a.mimeType)}; ${fileNameParameter(a.fileName, 'name')}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; ${fileNameParameter(a.fileName, 'filename')}`,
      '',
      base64Lines(a.bytes),
    ].join(CRLF)),
  ];
  return [
    ...headers, '', 'This is a multi-part message in MIME format.',
    ...parts.map((p) => `--${boundary}${CRLF}${p}`),
    `--${boundary}--`, '',
  ].join(CRLF);
}
