// A vite plugin for the web build (web/vite.config.ts).
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import { parse } from 'yaml'
import { textHash } from '../src/labs/text-hash.ts'

/**
 * The shipped lab and scenario files, parsed here at build time, so the page
 * and the worker need no YAML parser for them: `FILE.yaml?lab-meta` is its
 * heading for the catalogue, `FILE.yaml?lab-data` its data and the hash of its
 * text (the worker checks that the file it is given is this one). A file that
 * does not parse gives null: the worker then parses the text and shows where.
 */
export function shippedLabs(): Plugin {
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

