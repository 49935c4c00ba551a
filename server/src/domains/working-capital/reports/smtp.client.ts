import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';

// A small SMTP client (RFC 5321) for the scheduled reports: nodemailer is not among our
// dependencies, and mailing a report needs little: EHLO, STARTTLS (not on loopback), AUTH PLAIN
// or LOGIN, MAIL FROM, RCPT TO, DATA with the message dot-stuffed, QUIT. smtps:// speaks TLS from
// the first byte. A password never goes over a plain connection to another host.

export interface SmtpConnectOptions {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, port 465). */
  secure: boolean;
  user: string | null;
  password: string | null;
  /** Our name in EHLO; the host name by default. */
  clientName?: string;
  /** Per reply, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Extra TLS options (a test's own certificate authority). */
  tls?: tls.ConnectionOptions;
}

export interface SmtpEnvelope { from: string; to: readonly string[] }

export interface SmtpResult {
  accepted: string[];
  rejected: { recipient: string; reply: string }[];
  /** The server's answer to the message (its queue id, usually). */
  response: string;
}

/** A refusal or failure talking to the mail server. `permanent`: a 5xx reply or a setup the server will not accept; retrying will not help. */
export class SmtpError extends Error {
  override readonly name = 'SmtpError';
  constructor(message: string, readonly code: number | null, readonly permanent: boolean) {
    super(message);
  }
}

interface Reply { code: number; lines: string[] }
const replyText = (r: Reply) => `${r.code} ${r.lines.join(' / ')}`;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** RFC 5321 §4.5.2: a line of the message that starts with a dot gets another; line ends become CRLF. */
export function dotStuff(message: string): string {
  return message.replace(/\r?\n/g, '\r\n').split('\r\n').map((line) => (line.startsWith('.') ? `.${line}` : line)).join('\r\n');
}

/** One conversation: replies read line by line from whichever socket (plain, then TLS) is current. */
class Conversation {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((error: Error | null) => void) | null = null;
  private failure: Error | null = null;
  private socket!: net.Socket;

  constructor(private readonly timeoutMs: number) {}

  attach(socket: net.Socket): void {
    this.socket = socket;
    this.buffer = '';
    socket.setEncoding('latin1');
    socket.setTimeout(this.timeoutMs);
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, end).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(end + 1);
      }
      this.wake(null);
    });
    socket.on('timeout', () => this.fail(new SmtpError(`the mail server did not answer within ${this.timeoutMs / 1000} s`, null, false)));
    socket.on('error', (error) => this.fail(new SmtpError(`the connection to the mail server failed: ${error.message}`, null, false)));
    socket.on('close', () => this.fail(new SmtpError('the mail server closed the connection', null, false)));
  }

  /** Stops listening to the current socket before STARTTLS hands it over. */
  detach(): net.Socket {
    this.socket.removeAllListeners('data').removeAllListeners('timeout').removeAllListeners('error').removeAllListeners('close');
    this.socket.setTimeout(0);
    return this.socket;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake(error);
  }

  private wake(error: Error | null): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(error);
  }

  async reply(): Promise<Reply> {
    const lines: string[] = [];
    for (;;) {
      while (this.lines.length === 0) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve, reject) => { this.waiting = (error) => (error ? reject(error) : resolve()); });
      }
      const line = this.lines.shift()!;
      const match = /^(\d{3})([ -])(.*)$/.exec(line);
      if (!match) throw new SmtpError(`the mail server answered something that is not SMTP: ${line.slice(0, 80)}`, null, true);
      lines.push(match[3]!);
      if (match[2] === ' ') return { code: Number(match[1]), lines };
    }
  }

  write(text: string): void {
    this.socket.write(text, 'latin1');
  }

  /** Sends a command and reads the reply; anything but the expected codes is an SmtpError. */
  async command(line: string, expect: readonly number[], what = line.split(' ')[0]!): Promise<Reply> {
    this.write(`${line}\r\n`);
    return this.expect(expect, what);
  }

  async expect(codes: readonly number[], what: string): Promise<Reply> {
    const reply = await this.reply();
    if (!codes.includes(reply.code)) throw new SmtpError(`${what} refused: ${replyText(reply)}`, reply.code, reply.code >= 500);
    return reply;
  }

  close(): void {
    this.socket.destroy();
  }
}

function connect(options: SmtpConnectOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const connected = () => {
      socket.removeListener('error', failed).removeListener('timeout', timedOut);
      resolve(socket);
    };
    const socket = options.secure
      ? tls.connect({ host: options.host, port: options.port, servername: net.isIP(options.host) ? undefined : options.host, ...options.tls }, connected)
      : net.connect({ host: options.host, port: options.port }, connected);
    const failed = (error: Error) => reject(new SmtpError(`cannot reach the mail server ${options.host}:${options.port}: ${error.message}`, null, false));
    const timedOut = () => socket.destroy(new Error('timed out connecting'));
    socket.once('error', failed);
    socket.setTimeout(options.timeoutMs ?? 30_000);
    socket.once('timeout', timedOut);
  });
}

function upgrade(socket: net.Socket, options: SmtpConnectOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ socket, servername: net.isIP(options.host) ? undefined : options.host, ...options.tls }, () => resolve(secure));
    secure.once('error', (error) => reject(new SmtpError(`STARTTLS with ${options.host} failed: ${error.message}`, null, false)));
  });
}

/** EHLO's extensions, upper-cased keyword first: `AUTH PLAIN LOGIN`, `STARTTLS`. */
function extensions(reply: Reply): Set<string> {
  return new Set(reply.lines.slice(1).map((l) => l.toUpperCase()));
}

function authMechanisms(ext: Set<string>): Set<string> {
  const line = [...ext].find((l) => l.startsWith('AUTH ') || l.startsWith('AUTH='));
  return new Set(line ? line.slice(5).split(/\s+/) : []);
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function authenticate(c: Conversation, ext: Set<string>, user: string, password: string): Promise<void> {
  const mechanisms = authMechanisms(ext);
  if (mechanisms.has('PLAIN')) {
    await c.command(`AUTH PLAIN ${b64(`\u0000${user}\u0000${password}`)}`, [235], 'AUTH PLAIN');
  } else if (mechanisms.has('LOGIN')) {
    await c.command('AUTH LOGIN', [334], 'AUTH LOGIN');
    await c.command(b64(user), [334], 'AUTH LOGIN (user name)');
    await c.command(b64(password), [235], 'AUTH LOGIN');
  } else {
    throw new SmtpError(`the mail server offers no AUTH PLAIN or LOGIN (it offers: ${[...mechanisms].join(', ') || 'none'})`, null, true);
  }
}

/** Delivers one message to the server for every recipient it accepts; throws SmtpError when it accepts none or refuses the message. */
export async function sendMail(options: SmtpConnectOptions, envelope: SmtpEnvelope, message: string): Promise<SmtpResult> {
  if (envelope.to.length === 0) throw new SmtpError('no recipients', null, true);
  const c = new Conversation(options.timeoutMs ?? 30_000);
  c.attach(await connect(options));
  try {
    await c.expect([220], 'the greeting');
    const name = options.clientName ?? os.hostname();
    let ext = extensions(await c.command(`EHLO ${name}`, [250]));
    if (!options.secure && !isLoopback(options.host)) {
      if (ext.has('STARTTLS')) {
        await c.command('STARTTLS', [220]);
        c.attach(await upgrade(c.detach(), options));
        ext = extensions(await c.command(`EHLO ${name}`, [250]));
      } else if (options.user) {
        throw new SmtpError(`${options.host} offers no STARTTLS: the password is not sent over a plain connection (use smtps:// or a server with STARTTLS)`, null, true);
      }
    }
    if (options.user) await authenticate(c, ext, options.user, options.password ?? '');
    await c.command(`MAIL FROM:<${envelope.from}>`, [250], 'MAIL FROM');
    const accepted: string[] = [];
    const rejected: SmtpResult['rejected'] = [];
    for (const recipient of envelope.to) {
      c.write(`RCPT TO:<${recipient}>\r\n`);
      const reply = await c.reply();
      if (reply.code === 250 || reply.code === 251) accepted.push(recipient);
      else rejected.push({ recipient, reply: replyText(reply) });
    }
    if (accepted.length === 0) {
      const permanent = rejected.every((r) => r.reply.startsWith('5'));
      throw new SmtpError(`the mail server accepted none of the recipients: ${rejected.map((r) => `${r.recipient} (${r.reply})`).join('; ')}`, Number(rejected[0]!.reply.slice(0, 3)), permanent);
    }
    await c.command('DATA', [354]);
    c.write(`${dotStuff(message).replace(/\r\n$/, '')}\r\n.\r\n`);
    const done = await c.expect([250], 'the message');
    await c.command('QUIT', [221]).catch(() => undefined);
    return { accepted, rejected, response: replyText(done) };
  } finally {
    c.close();
  }
}
