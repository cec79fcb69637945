// Static build: root web/, output ../dist, relative base so dist/ works from
// any path or plain file server; workers as ES modules.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  worker: {
    format: 'es',
  },
  server: { fs: { allow: ['..'] } },
})
