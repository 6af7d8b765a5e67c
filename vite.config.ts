import { defineConfig } from 'vite';

// The web app (index.html → src/web/main.ts). `base: './'` makes dist/ work from any static host
// or sub-path with no server-side routing: every asset and worker URL is relative.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Cytoscape alone is ~400 kB minified; one warning per build about it helps nobody.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: 'localhost' },
  preview: { host: 'localhost' },
});
