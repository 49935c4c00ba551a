import { readFileSync } from 'node:fs';

// Read at load rather than imported, so the version has one source: server/package.json.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const SERVER_VERSION: string = pkg.version;
