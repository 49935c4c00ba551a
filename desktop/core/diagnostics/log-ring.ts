/**
 * The core's recent log lines, kept in memory for a diagnostic bundle: a pino destination that
 * holds the newest lines within a line and a byte budget, so a station asked for its logs can send
 * what happened lately without a log file on disk (none is kept) and without growing forever.
 */
export interface LogRing {
  /** pino's destination interface: one or more newline-terminated JSON lines. */
  write(chunk: string): void;
  /** The lines held, oldest first. */
  lines(): string[];
  /** Lines let go to stay within the budget since the start. */
  dropped(): number;
}

export interface LogRingLimits {
  maxLines?: number;
  maxBytes?: number;
  /** A longer line is kept as a JSON note with its start, so one huge error cannot evict the rest. */
  maxLineBytes?: number;
}

export function createLogRing({ maxLines = 5_000, maxBytes = 2 * 1024 * 1024, maxLineBytes = 16 * 1024 }: LogRingLimits = {}): LogRing {
  let held: { line: string; bytes: number }[] = [];
  let start = 0;
  let bytes = 0;
  let dropped = 0;

  const push = (raw: string) => {
    let line = raw;
    let size = Buffer.byteLength(line);
    if (size > maxLineBytes) {
      line = JSON.stringify({ truncatedLine: line.slice(0, Math.floor(maxLineBytes / 4)), originalBytes: size });
      size = Buffer.byteLength(line);
    }
    held.push({ line, bytes: size });
    bytes += size;
    while (held.length - start > maxLines || (bytes > maxBytes && held.length - start > 1)) {
      bytes -= held[start]!.bytes;
      start += 1;
      dropped += 1;
    }
    // Let go of the array's dead head now and then rather than shifting on every line.
    if (start > maxLines) {
      held = held.slice(start);
      start = 0;
    }
  };

  return {
    write(chunk) {
      for (const line of chunk.split('\n')) if (line.length > 0) push(line);
    },
    lines: () => held.slice(start).map((h) => h.line),
    dropped: () => dropped,
  };
}
