import { defineConfig } from 'vitest/config';

// Three environments: pure unit tests, integration tests against the real PostgreSQL, Redis and
// PGlite of this machine, and end-to-end tests driving the renderer in Chromium.
const ignored = ['**/node_modules/**', '**/dist/**', '**/.data/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,server,desktop}/**/*.test.{ts,tsx}'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.e2e.test.ts'],
          environment: 'node',
          // A few unit tests start a real desktop core (a replica, its migrations): on two busy
          // cores that alone can pass vitest's 5 s default. A limit, not a speed claim.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{shared,server,desktop}/**/*.int.test.ts'],
          exclude: ignored,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['desktop/e2e/**/*.e2e.test.ts'],
          exclude: ignored,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
