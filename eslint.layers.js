// Layer rules (see ../shared/CONVENTIONS.md): dependencies point one way.
// shared → nothing of ours; renderer → shared (+ core router *types*); desktop core/host → shared
// (+ server router *types*); server → shared. `npm run check:layers` runs only these rules.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (files, { paths = [], patterns = [] }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

const noElectron = { name: 'electron', message: 'Only desktop/main and desktop/preload may import electron.' };

export const layerRules = [
  restrict(['shared/**/*.ts'], {
    paths: [...nodeBuiltins.map((name) => ({ name, message: 'shared/ is pure: it runs in the renderer too.' })), noElectron],
    patterns: [
      { group: ['@capliquify/server', '@capliquify/server/*', '@capliquify/desktop', '@capliquify/desktop/*'], message: 'shared/ imports nothing of ours.' },
      { group: ['**/server/src/**', '**/desktop/core/**', '**/desktop/renderer/**', '**/desktop/host/**', '**/desktop/main/**'], message: 'shared/ imports nothing of ours.' },
    ],
  }),
  restrict(['desktop/renderer/**/*.{ts,tsx}'], {
    paths: [
      ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is sandboxed: no Node built-ins.' })),
      noElectron,
      { name: 'better-sqlite3', message: 'The renderer never touches SQLite; call the local router.' },
      ...['exceljs', 'pdf-lib'].map((name) => ({ name, message: 'The renderer does not write files; the desktop core renders reports.' })),
    ],
    patterns: [
      {
        group: ['@capliquify/shared/reports/*.writer', '@capliquify/shared/reports/render-report', '**/shared/src/reports/*.writer', '**/shared/src/reports/render-report'],
        message: 'The report writers bundle exceljs and pdf-lib: the desktop core writes the files; the renderer may use the tables (report-table, finance/reports).',
      },
      { group: ['**/core/**', '**/core/*', '@capliquify/desktop/core/*'], allowTypeImports: true, message: 'The renderer may import only types from the desktop core.' },
      { group: ['**/host/**', '**/main/**', '**/preload/**'], message: 'The renderer talks to the core over tRPC only.' },
      { group: ['@capliquify/server', '@capliquify/server/*', '**/server/src/**'], message: 'The renderer never imports the server.' },
    ],
  }),
  restrict(['desktop/core/**/*.ts', 'desktop/host/**/*.ts'], {
    paths: [noElectron],
    patterns: [
      { group: ['@capliquify/server', '@capliquify/server/*'], allowTypeImports: true, message: 'The desktop imports only types from the server (import type { AppRouter }).' },
      { group: ['**/server/src/**'], message: 'The desktop imports only the server router type, through @capliquify/server/router.' },
      { group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'The core does not depend on the renderer or Electron glue.' },
    ],
  }),
  restrict(['desktop/main/**/*.ts', 'desktop/preload/**/*.ts'], {
    patterns: [
      { group: ['@capliquify/server', '@capliquify/server/*', '**/server/src/**'], message: 'Electron glue never imports the server.' },
      { group: ['**/renderer/**'], message: 'Electron glue does not import the renderer.' },
      { group: ['**/core/**'], allowTypeImports: true, message: 'Main runs the core in a utilityProcess; import only its types.' },
    ],
  }),
  restrict(['server/**/*.ts'], {
    paths: [noElectron, { name: 'react', message: 'The server renders no UI.' }],
    patterns: [{ group: ['@capliquify/desktop', '@capliquify/desktop/*', '**/desktop/**'], message: 'Nothing imports from desktop/ into server/.' }],
  }),
];
