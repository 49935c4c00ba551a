import { Readable, Writable } from 'node:stream';
import { vi } from 'vitest';
import { runCli } from '../src/cli/run-cli';
import type { Spawned } from './spawn';

function collector(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

// The configuration variables the CLI reads: blank (unset) unless the test gives them.
const CONFIG_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'CAPLIQUIFY_DATA_DIR', 'PORT', 'HOST', 'DEMO_DATA', 'LOG_LEVEL', 'CAPLIQUIFY_RELEASE_TOKEN', 'SMTP_URL', 'SMTP_FROM'];

/** Runs one CLI command line in this process with `env` as its whole configuration (and `stdin` as its input), as `runScript` does in a child. */
export async function runCliHere(args: string[], env: Record<string, string>, stdin = ''): Promise<Spawned> {
  for (const name of CONFIG_VARIABLES) vi.stubEnv(name, env[name] ?? '');
  const out = collector();
  const err = collector();
  try {
    const code = await runCli(args, out.stream, err.stream, Readable.from([stdin]));
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    vi.unstubAllEnvs();
  }
}
