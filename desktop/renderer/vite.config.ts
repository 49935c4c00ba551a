import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths are anchored to this file so the build works from any working directory. The renderer's
// lint forbids Node built-ins (no node:path here), and this project has no Node types, so declare
// the `import.meta.dirname` that Vite's config loader substitutes.
declare global {
  interface ImportMeta { dirname: string }
}
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  // Relative asset URLs: the same bundle loads from the browser host and from file:// in Electron.
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    // No inline data: URLs for scripts; keeps the bundle valid under the host's strict CSP.
    assetsInlineLimit: 0,
  },
});
