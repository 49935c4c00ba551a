import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, sendMail, SmtpError, type SmtpConnectOptions } from './smtp.client';
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from './test/smtp-test-server';

// Against an SMTP server on loopback (test/smtp-test-server.ts): a real conversation over TCP.

let server: SmtpTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Partial<SmtpTestServerOptions> = {}): Promise<SmtpConnectOptions> {
  server = await startSmtpTestServer({ user: 'reports@example.com', password: 'p@ss word', ...options });
  return { host: server.host, port: server.port, secure: false, user: 'reports@example.com', password: 'p@ss word', timeoutMs: 5_000 };
}

const message = 'Subject: hi\r\n\r\n.a line with a leading dot\r\nbody\r\n';

describe('the SMTP client', () => {
  it('authenticates with PLAIN, sends to every recipient and skips STARTTLS on loopback', async () => {
    const options = await start({ advertiseStartTls: true });
    const result = await sendMail(options, { from: 'reports@example.com', to: ['cfo@example.com', 'ap@example.com'] }, message);
    expect(result).toMatchObject({ accepted: ['cfo@example.com', 'ap@example.com'], rejected: [], response: '250 2.0.0 Ok: queued as 1' });
    expect(server!.messages).toEqual([{ from: 'reports@example.com', to: ['cfo@example.com', 'ap@example.com'], data: 'Subject: hi\r\n\r\n.a line with a leading dot\r\nbody' }]);
    expect(server!.sessions[0]!.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'AUTH', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
    expect(server!.sessions[0]![1]).toBe('AUTH PLAIN ***');
  });

  it('falls back to AUTH LOGIN when the server offers only that', async () => {
    const options = await start({ mechanisms: ['LOGIN'] });
    await sendMail(options, { from: 'reports@example.com', to: ['cfo@example.com'] }, message);
    expect(server!.sessions[0]!.slice(1, 4)).toEqual(['AUTH LOGIN', '***', '***']);
    expect(server!.messages).toHaveLength(1);
  });

  it('fails for good on a wrong password, and sends nothing', async () => {
    const options = await start();
    const error = await sendMail({ ...options, password: 'wrong' }, { from: 'reports@example.com', to: ['cfo@example.com'] }, message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpError);
    expect(error).toMatchObject({ code: 535, permanent: true, message: 'AUTH PLAIN refused: 535 5.7.8 Authentication credentials invalid' });
    expect(server!.messages).toEqual([]);
  });

  it('is refused without credentials where the server requires AUTH', async () => {
    const options = await start();
    await expect(sendMail({ ...options, user: null, password: null }, { from: 'reports@example.com', to: ['cfo@example.com'] }, message))
      .rejects.toMatchObject({ code: 530, permanent: true });
  });

  it('delivers to the recipients accepted and names the ones refused; none accepted is an error', async () => {
    const options = await start({ rejectRecipients: ['gone@example.com'] });
    const result = await sendMail(options, { from: 'reports@example.com', to: ['gone@example.com', 'cfo@example.com'] }, message);
    expect(result.accepted).toEqual(['cfo@example.com']);
    expect(result.rejected).toEqual([{ recipient: 'gone@example.com', reply: '550 5.1.1 No such user here' }]);
    await expect(sendMail(options, { from: 'reports@example.com', to: ['gone@example.com'] }, message))
      .rejects.toThrow('the mail server accepted none of the recipients: gone@example.com (550 5.1.1 No such user here)');
  });

  it('tells a temporary refusal of the message (4xx) from a permanent one', async () => {
    const options = await start();
    server!.failNextMessages(1, '451 4.3.0 Try again later');
    await expect(sendMail(options, { from: 'reports@example.com', to: ['cfo@example.com'] }, message)).rejects.toMatchObject({ code: 451, permanent: false });
    server!.failNextMessages(1, '552 5.3.4 Message too big');
    await expect(sendMail(options, { from: 'reports@example.com', to: ['cfo@example.com'] }, message)).rejects.toMatchObject({ code: 552, permanent: true });
    await sendMail(options, { from: 'reports@example.com', to: ['cfo@example.com'] }, message);
    expect(server!.messages).toHaveLength(1);
  });

  it('reports a server that cannot be reached as worth retrying', async () => {
    const options = await start();
    await server!.close();
    server = null;
    await expect(sendMail(options, { from: 'reports@example.com', to: ['cfo@example.com'] }, message)).rejects.toMatchObject({ permanent: false, message: expect.stringMatching(/^cannot reach the mail server 127\.0\.0\.1:\d+/) });
  });

  it('refuses to send a password over plain text to another host', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('mail.example.com')).toBe(false);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});
