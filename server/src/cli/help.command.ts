import type { Command } from './command';

/** Built lazily from the command list so help never drifts from what exists. */
export function createHelpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    usage: 'help',
    summary: 'this help',
    run: async () => {
      const list = commands();
      const width = Math.max(...list.map((c) => c.usage.length));
      const text = [
        'usage: capliquify <command> [--json]',
        '',
        ...list.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
        '',
        'Configuration comes from the same environment as `npm start` (DATABASE_URL, CAPLIQUIFY_DATA_DIR, REDIS_URL, …).',
        '--json prints one JSON object instead of text.',
      ].join('\n');
      return { json: { command: 'help', commands: list.map(({ name, usage, summary }) => ({ name, usage, summary })) }, text };
    },
  };
}
