import { describe, expect, it } from 'vitest';
import { base64Lines, buildMime, encodeHeader } from './mime';
import { dotStuff } from './smtp.client';
import { parseMime } from './test/parse-mime';

const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 37) % 256);

describe('the report e-mail', () => {
  it('is multipart/mixed: the text, then each file as a base64 attachment, all 7-bit', () => {
    const raw = buildMime({
      from: 'Finance <reports@example.com>', to: ['cfo@example.com', 'ap@example.com'], subject: 'Weekly finance - 2026-03-30',
      text: 'DSO 45.5 days\nSee the attached files.', attachments: [
        { fileName: 'weekly-2026-03-30.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes },
        { fileName: 'weekly-2026-03-30.pdf', mimeType: 'application/pdf', bytes: Uint8Array.of(37, 80, 68, 70) },
      ],
    }, { date: new Date('2026-03-30T06:00:00Z'), boundary: 'b0und', messageId: '<m1@example.com>' });
    expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(raw).not.toMatch(/[^\r]\n/);
    const mail = parseMime(raw);
    expect(Object.fromEntries(mail.headers)).toMatchObject({
      from: '"Finance" <reports@example.com>', to: 'cfo@example.com, ap@example.com', subject: 'Weekly finance - 2026-03-30',
      date: 'Mon, 30 Mar 2026 06:00:00 +0000', 'message-id': '<m1@example.com>', 'mime-version': '1.0',
    });
    expect(mail.text).toBe('DSO 45.5 days\nSee the attached files.');
    expect(mail.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([
      ['weekly-2026-03-30.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['weekly-2026-03-30.pdf', 'application/pdf'],
    ]);
    expect(Buffer.compare(mail.attachments[0]!.bytes, Buffer.from(bytes))).toBe(0);
    expect(mail.attachments[1]!.bytes.toString('latin1')).toBe('%PDF');
  });

  it('encodes headers that are not plain ASCII, and lets no line break into one', () => {
    const raw = buildMime({
      from: 'Trésorerie <tresorerie@example.fr>', to: ['a@example.fr'], subject: 'Rapport hebdomadaire – trésorerie et créances clients (semaine 14)\r\nBcc: evil@example.com',
      text: 'é', attachments: [{ fileName: 'créances.csv', mimeType: 'text/csv; charset=utf-8', bytes: Uint8Array.of(65) }],
    });
    const mail = parseMime(raw);
    expect(mail.headers.get('subject')).toBe('Rapport hebdomadaire – trésorerie et créances clients (semaine 14) Bcc: evil@example.com');
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.headers.get('from')).toBe('Trésorerie <tresorerie@example.fr>');
    expect(mail.attachments[0]!.fileName).toBe('créances.csv');
    for (const word of encodeHeader('é'.repeat(100)).split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
  });

  it('wraps base64 at 76 characters and dot-stuffs lines that start with a dot', () => {
    expect(base64Lines(bytes).split('\r\n').map((l) => l.length).slice(0, 2)).toEqual([76, 76]);
    expect(dotStuff('.hidden\r\nplain\n..two\r\n.')).toBe('..hidden\r\nplain\r\n...two\r\n..');
  });
});
