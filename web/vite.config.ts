// Static build: root web/, output ../dist, relative base so dist/ works from
// any path or plain file server; workers as ES modules.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { shippedLabs } from '../scripts/vite-shipped-labs.ts'

const here = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root: here,
  base: './',
  plugins: [shippedLabs()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Lab files stay files (fetched when opened): inlined as data: URLs they would bloat the page,
    // and the CSP (default-src 'self') forbids fetching data: anyway.
    assetsInlineLimit: (file: string) => (/\.(yaml|sh)$/.test(file) ? false : undefined),
  },
  worker: {
    format: 'es',
    plugins: () => [shippedLabs()],
  },
  server: { fs: { allow: ['..'] } },
})
