// Reads a received mail back for tests: headers (unfolded, encoded words decoded), and the parts
// of a multipart/mixed body with their base64 decoded: the text and each attachment's bytes.

export interface ParsedPart { headers: Map<string, string>; body: Buffer }
export interface ParsedMail {
  headers: Map<string, string>;
  text: string;
  attachments: { fileName: string; mimeType: string; bytes: Buffer }[];
}

function decodeWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8')).trim();
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function split(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('no blank line after the headers');
  return { headers: parseHeaders(raw.slice(0, end)), body: raw.slice(end + 4) };
}

function parameter(header: string, name: string): string | null {
  const plain = new RegExp(`${name}="([^"]*)"`, 'i').exec(header);
  if (plain) return plain[1]!;
  const extended = new RegExp(`${name}\\*=UTF-8''([^;\\s]*)`, 'i').exec(header);
  return extended ? decodeURIComponent(extended[1]!) : null;
}

function decodeBody(part: ParsedPart['headers'], body: string): Buffer {
  const encoding = (part.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') {
    if (!body.split('\r\n').every((line) => line.length <= 76)) throw new Error('a base64 line is longer than 76 characters');
    return Buffer.from(body.replace(/\r\n/g, ''), 'base64');
  }
  return Buffer.from(body, 'latin1');
}

export function parseMime(raw: string): ParsedMail {
  if ([...raw].some((ch) => ch.charCodeAt(0) > 0x7f)) throw new Error('the message is not 7-bit');
  const { headers, body } = split(raw);
  const boundary = parameter(headers.get('content-type') ?? '', 'boundary');
  if (!boundary || !headers.get('content-type')!.startsWith('multipart/mixed')) throw new Error(`not multipart/mixed: ${headers.get('content-type')}`);
  const closing = body.indexOf(`\r\n--${boundary}--`);
  if (closing < 0) throw new Error('no closing boundary');
  const parts = body.slice(0, closing).split(`--${boundary}\r\n`).slice(1).map((chunk) => {
    const part = split(chunk.replace(/\r\n$/, ''));
    return { headers: part.headers, body: decodeBody(part.headers, part.body) };
  });
  const [text, ...files] = parts;
  if (!text || !text.headers.get('content-type')?.startsWith('text/plain')) throw new Error('the first part is not the text');
  return {
    headers,
    text: text.body.toString('utf8'),
    attachments: files.map((p) => {
      const disposition = p.headers.get('content-disposition') ?? '';
      if (!disposition.startsWith('attachment')) throw new Error(`part is not an attachment: ${disposition}`);
      return { fileName: parameter(disposition, 'filename') ?? '', mimeType: (p.headers.get('content-type') ?? '').split(';')[0]!, bytes: p.body };
    }),
  };
}
