import net from 'node:net';

// An SMTP server on loopback for tests: it enforces AUTH (PLAIN or LOGIN) before MAIL FROM, can
// refuse recipients or a message, undoes dot-stuffing, and keeps every message and every command
// it was sent (AUTH secrets masked), so a test can read the mail and see how it was delivered.

export interface ReceivedMail { from: string; to: string[]; data: string }

export interface SmtpTestServerOptions {
  user: string;
  password: string;
  /** Mechanisms offered after EHLO (default both). */
  mechanisms?: ('PLAIN' | 'LOGIN')[];
  /** Advertise STARTTLS (this server cannot do it: a client that tries gets 454). */
  advertiseStartTls?: boolean;
  /** Recipients answered 550. */
  rejectRecipients?: string[];
}

export interface SmtpTestServer {
  host: string;
  port: number;
  /** `smtp://user:password@127.0.0.1:port`. */
  url: string;
  messages: ReceivedMail[];
  /** Every command line received, in order, per connection; AUTH payloads shown as `***`. */
  sessions: string[][];
  /** The next message(s) get this reply instead of being accepted (a 451 to test retries). */
  failNextMessages(count: number, reply: string): void;
  close(): Promise<void>;
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

export async function startSmtpTestServer(options: SmtpTestServerOptions): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const sessions: string[][] = [];
  const sockets = new Set<net.Socket>();
  let failures: { count: number; reply: string } = { count: 0, reply: '' };
  const mechanisms = options.mechanisms ?? ['PLAIN', 'LOGIN'];

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const log: string[] = [];
    sessions.push(log);
    const send = (...lines: string[]) => socket.write(lines.map((l, i) => `${l.slice(0, 3)}${i < lines.length - 1 ? '-' : ' '}${l.slice(4)}\r\n`).join(''));
    let authed = false;
    let mail: { from: string; to: string[] } | null = null;
    let data: string[] | null = null;
    let pending: ((line: string) => void) | null = null;
    const checkCredentials = (user: string, password: string) => {
      authed = user === options.user && password === options.password;
      send(authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
    };

    const onLine = (line: string) => {
      if (data) {
        if (line === '.') {
          const message = { from: mail!.from, to: mail!.to, data: data.join('\r\n') };
          data = null;
          mail = null;
          if (failures.count > 0) { failures.count--; send(failures.reply); return; }
          messages.push(message);
          send(`250 2.0.0 Ok: queued as ${messages.length}`);
          return;
        }
        data.push(line.startsWith('..') ? line.slice(1) : line);
        return;
      }
      if (pending) { const next = pending; pending = null; log.push('***'); next(line); return; }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      log.push(verb.toUpperCase() === 'AUTH' ? `AUTH ${rest[0] ?? ''}${rest.length > 1 ? ' ***' : ''}` : line);
      switch (verb.toUpperCase()) {
        case 'EHLO':
          send('250 test.smtp greets you', `250 AUTH ${mechanisms.join(' ')}`, ...(options.advertiseStartTls ? ['250 STARTTLS'] : []), '250 SIZE 10485760');
          return;
        case 'STARTTLS': send('454 4.7.0 TLS not available here'); return;
        case 'AUTH': {
          const [mechanism, initial] = rest;
          if (mechanism === 'PLAIN' && mechanisms.includes('PLAIN')) {
            const check = (b64: string) => { const [, user = '', password = ''] = decode(b64).split('\u0000'); checkCredentials(user, password); };
            if (initial) check(initial); else { send('334 '); pending = check; }
          } else if (mechanism === 'LOGIN' && mechanisms.includes('LOGIN')) {
            send('334 VXNlcm5hbWU6');
            pending = (userLine) => { send('334 UGFzc3dvcmQ6'); pending = (passwordLine) => checkCredentials(decode(userLine), decode(passwordLine)); };
          } else send('504 5.5.4 Unrecognised authentication type');
          return;
        }
        case 'MAIL':
          if (!authed) { send('530 5.7.0 Authentication required'); return; }
          mail = { from: /<(.*)>/.exec(arg)?.[1] ?? '', to: [] };
          send('250 2.1.0 Ok');
          return;
        case 'RCPT': {
          if (!mail) { send('503 5.5.1 Need MAIL first'); return; }
          const to = /<(.*)>/.exec(arg)?.[1] ?? '';
          if (options.rejectRecipients?.includes(to)) { send('550 5.1.1 No such user here'); return; }
          mail.to.push(to);
          send('250 2.1.5 Ok');
          return;
        }
        case 'DATA':
          if (!mail || mail.to.length === 0) { send('503 5.5.1 Need RCPT first'); return; }
          data = [];
          send('354 End data with <CR><LF>.<CR><LF>');
          return;
        case 'RSET': mail = null; send('250 2.0.0 Ok'); return;
        case 'NOOP': send('250 2.0.0 Ok'); return;
        case 'QUIT': send('221 2.0.0 Bye'); socket.end(); return;
        default: send('502 5.5.2 Command not recognised');
      }
    };

    let buffer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
    });
    send('220 test.smtp ESMTP ready');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    url: `smtp://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${port}`,
    messages,
    sessions,
    failNextMessages(count, reply) { failures = { count, reply }; },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
