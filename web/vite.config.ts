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
    // The kernel misbehaves when minified (init never sleeps, the virtual clock
    // races; seen with vite 8's default minifier), so the worker ships unminified.
    rolldownOptions: { output: { minify: false } },
  },
  server: { fs: { allow: ['..'] } },
})
