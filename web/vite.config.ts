// Static build: root web/, output ../dist, relative base so dist/ works from
// any path or plain file server; workers as ES modules.
import { readFileSync } from 'node:fs'
import { defineConfig, type Plugin } from 'vite'
import { parse } from 'yaml'
import { fileURLToPath } from 'node:url'
import { textHash } from '../src/labs/text-hash.ts'

const here = fileURLToPath(new URL('.', import.meta.url))

/**
 * The shipped lab and scenario files, parsed here at build time, so the page
 * and the worker need no YAML parser for them: `FILE.yaml?lab-meta` is its
 * heading for the catalogue, `FILE.yaml?lab-data` its data and the hash of its
 * text (the worker checks that the file it is given is this one). A file that
 * does not parse gives null: the worker then parses the text and shows where.
 */
function shippedLabs(): Plugin {
  return {
    name: 'isolab-shipped-labs',
    load(id) {
      const m = /^(.*\.yaml)\?(?:.*&)?(lab-meta|lab-data)(?:&|$)/.exec(id)
      if (!m) return null
      const text = readFileSync(m[1]!, 'utf8')
      let data: Record<string, unknown> | null = null
      try { data = parse(text) as Record<string, unknown> } catch { /* reported by the worker, at its line */ }
      const value = m[2] === 'lab-data'
        ? { hash: textHash(text), data }
        : data && { kind: data.kind, title: data.title, summary: data.summary, claim: data.claim, topic: data.topic, minutes: data.minutes, difficulty: data.difficulty }
      return `export default ${JSON.stringify(value)}`
    },
  }
}

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
