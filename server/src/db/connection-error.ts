/** A few words for why a connection failed, from the Node or PostgreSQL error code. */
export function describeConnectionError(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'host not found';
    case 'ETIMEDOUT': return 'timed out';
    case 'ECONNRESET': return 'connection reset';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'host unreachable';
    case '28P01': case '28000': return 'authentication failed';
    case '3D000': return 'database does not exist';
    case '57P03': return 'the database is starting up';
    default: break;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message)) return 'timed out';
  // Keep the line short and single: drivers sometimes append context on new lines.
  return message.split('\n')[0]?.slice(0, 160) || 'unknown error';
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Node reports a refused dual-stack connect (::1 and 127.0.0.1) as an AggregateError.
  if (Array.isArray(errors)) return errors.map(errorCode).find(Boolean);
  return undefined;
}
